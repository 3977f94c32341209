//! Rendering an email template for a contact (`RenderEmailTemplate`): each
//! `{{variable}}` of the stored subject and body (the syntax of the spec's
//! examples and of `GetEmailTemplateVariables`) becomes the contact's value.

use serde_json::{Value, json};

use super::catalog::resource;
use super::crud;
use crate::answer::Answer;
use crate::state::{Ctx, State};
use reply_core::OperationId as Op;

/// The spec's code and message for a variable without a value (`RenderError`).
const UNRESOLVED: i64 = 13;
const UNRESOLVED_MESSAGE: &str = "One or more values for variables are missing or incorrect. Please check that \
                                  variables in the email correspond to contact fields, including custom fields";

/// Variables named otherwise than the contact member they read (the spec's examples use `companyName`).
const ALIASES: &[(&str, &str)] = &[("companyName", "company"), ("jobTitle", "title")];

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    if ctx.op.key != Op::RenderEmailTemplate {
        return None;
    }
    Some(render(state, ctx).unwrap_or_else(|a| a))
}

fn render(state: &State, ctx: &Ctx) -> Result<Answer, Answer> {
    let template = crud::find(state, ctx, resource("email-templates"))
        .and_then(|id| crud::get(state, ctx, resource("email-templates"), id).cloned())?;
    let contact_id = ctx.input.member("contactId").as_i64().unwrap_or_default();
    let contact = crud::get(state, ctx, resource("contacts"), contact_id)
        .map_err(|_| Answer::not_found("emailTemplate.contactNotFound", "Contact not found"))?;
    let mut errors = Vec::new();
    let subject = fill(template["subject"].as_str().unwrap_or_default(), contact, &mut errors);
    let body = fill(template["body"].as_str().unwrap_or_default(), contact, &mut errors);
    let errors: Vec<Value> = errors
        .into_iter()
        .map(|variable| json!({ "code": UNRESOLVED, "message": UNRESOLVED_MESSAGE, "variable": variable }))
        .collect();
    let answer = json!({ "subject": subject, "body": body, "isSuccess": errors.is_empty(), "errors": errors });
    Ok(Answer::json(200, answer))
}

/// `text` with each `{{variable}}` replaced; a variable without a value is
/// left as written and named in `unresolved` (once).
pub(crate) fn fill(text: &str, contact: &Value, unresolved: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else { break };
        let name = rest[start + 2..start + 2 + len].trim();
        out.push_str(&rest[..start]);
        match value_of(contact, name) {
            Some(value) => out.push_str(&value),
            None => {
                out.push_str(&rest[start..start + len + 4]);
                if !unresolved.iter().any(|u| u == name) {
                    unresolved.push(name.to_owned());
                }
            }
        }
        rest = &rest[start + len + 4..];
    }
    out.push_str(rest);
    out
}

/// A contact member named like the variable (any case), or a custom field by its key.
fn value_of(contact: &Value, variable: &str) -> Option<String> {
    let name = ALIASES.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(variable)).map_or(variable, |(_, m)| m);
    let text = |v: &Value| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let member = contact.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name) && !k.starts_with('_'));
    if let Some(value) = member.and_then(|(_, v)| text(v)) {
        return Some(value);
    }
    let fields = contact["customFields"].as_array()?;
    fields
        .iter()
        .find(|f| f["key"].as_str().is_some_and(|k| k.eq_ignore_ascii_case(variable)))
        .and_then(|f| text(&f["value"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_take_the_contacts_values() {
        let contact =
            json!({ "firstName": "Ann", "company": "Acme", "customFields": [{ "key": "Plan", "value": "Pro" }] });
        let mut missing = Vec::new();
        let text =
            fill("Hi {{firstName}} of {{ companyName }}, {{plan}} {{lastName}} {{lastName}}", &contact, &mut missing);
        assert_eq!(text, "Hi Ann of Acme, Pro {{lastName}} {{lastName}}");
        assert_eq!(missing, ["lastName"]);
        assert_eq!(fill("no {{end", &contact, &mut missing), "no {{end");
    }
}
