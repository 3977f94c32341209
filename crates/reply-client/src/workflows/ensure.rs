//! Create-or-match a contact by email without losing data.
//!
//! `POST /v3/contacts` for an address Reply already holds overwrites that
//! contact and blanks every member the request left out. `POST
//! /v3/contacts/import` instead matches by email and says per item whether it
//! created, updated or skipped; on a match it fills only the contact's empty
//! members unless told to overwrite (research/real-behaviour.md, "Contacts").
//! Only the members the caller set are sent, so none is ever blanked.

use reply_core::Error;
use reply_core::models::{
    ContactsImportRequest, ContactsImportRequestItemsItem, ContactsImportRequestOptions,
    ContactsImportResponseItemsItem, ContactsImportResponseItemsItemStatus as Status,
};
use serde_json::Value;

use super::WorkflowError;
use super::find::wanted_address;
use crate::Contacts;

/// Items per import request (`ImportContacts`: "Maximum 1000 items per import request").
pub const IMPORT_BATCH: usize = 1000;

/// What `ensure` does with a contact Reply already holds under the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnExisting {
    /// Fill the members that are empty on the contact; keep the rest.
    #[default]
    FillEmpty,
    /// Replace the members the caller sent (`overwriteExisting`); members not sent are kept.
    Overwrite,
    /// Change nothing (`skipExisting`); only find the contact's id.
    Keep,
}

impl OnExisting {
    /// The import options that give this behaviour, both flags always explicit.
    fn options(self) -> ContactsImportRequestOptions {
        ContactsImportRequestOptions {
            overwrite_existing: Some(self == OnExisting::Overwrite),
            skip_existing: Some(self == OnExisting::Keep),
            ..ContactsImportRequestOptions::default()
        }
    }
}

/// The contact `ensure` settled on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ensured {
    pub id: i64,
    /// True when Reply created the contact; false when it matched one it held.
    pub created: bool,
}

impl Ensured {
    /// As plain JSON for the bindings: `{id, created}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"id": self.id, "created": self.created})
    }
}

impl<'a> Contacts<'a> {
    /// The contact with `person`'s email: matched (and treated per `on_existing`) or created.
    ///
    /// Reply requires `first_name` on every import item, also for an address it
    /// already holds. A refusal (a malformed address, the plan's contact limit,
    /// a deleted contact, an item Reply calls "Invalid data") is
    /// [`WorkflowError::ContactRefused`] carrying Reply's code. Ensuring the
    /// same person twice is harmless: the second call matches the first's contact.
    pub async fn ensure(
        &self,
        person: ContactsImportRequestItemsItem,
        on_existing: OnExisting,
    ) -> Result<Ensured, WorkflowError> {
        let mut answers = self.ensure_many(vec![person], on_existing).await;
        answers.pop().expect("one answer per person")
    }

    /// [`ensure`](Self::ensure) for many people, [`IMPORT_BATCH`] per request;
    /// one answer per person, in order.
    pub async fn ensure_many(
        &self,
        people: Vec<ContactsImportRequestItemsItem>,
        on_existing: OnExisting,
    ) -> Vec<Result<Ensured, WorkflowError>> {
        let mut answers = Vec::with_capacity(people.len());
        for batch in people.chunks(IMPORT_BATCH) {
            answers.extend(self.import_batch(batch, on_existing).await);
        }
        answers
    }

    async fn import_batch(
        &self,
        people: &[ContactsImportRequestItemsItem],
        on_existing: OnExisting,
    ) -> Vec<Result<Ensured, WorkflowError>> {
        let mut answers: Vec<Option<Result<Ensured, WorkflowError>>> = vec![None; people.len()];
        // Matching is by email, so a person without one is refused before anything is sent.
        let mut pending: Vec<usize> = Vec::new();
        for (i, person) in people.iter().enumerate() {
            match wanted_address(person.email.as_deref().unwrap_or_default()) {
                Ok(_) => pending.push(i),
                Err(e) => answers[i] = Some(Err(e)),
            }
        }
        // A 400 naming items refuses only those; Reply acted on nothing, so the rest go again.
        while !pending.is_empty() {
            let body = ContactsImportRequest {
                items: pending.iter().map(|&i| people[i].clone()).collect(),
                options: Some(on_existing.options()),
                ..ContactsImportRequest::default()
            };
            match self.import(body).await {
                Ok(answer) => {
                    let items = answer.items.unwrap_or_default();
                    if items.len() != pending.len() {
                        let e = unreadable(format!("{} items answered for {} sent", items.len(), pending.len()));
                        for &i in &pending {
                            answers[i] = Some(Err(e.clone()));
                        }
                    } else {
                        for (&i, item) in pending.iter().zip(items) {
                            answers[i] = Some(settle(email_of(&people[i]), item));
                        }
                    }
                    pending.clear();
                }
                Err(Error::Validation(api)) => {
                    let named = refused_items(&api.field_errors(), pending.len());
                    if named.is_empty() {
                        let e = whole_batch_refusal(Error::Validation(api));
                        for &i in &pending {
                            answers[i] = Some(Err(with_email(e.clone(), email_of(&people[i]))));
                        }
                        pending.clear();
                        continue;
                    }
                    let code = api.code().unwrap_or("validation").to_owned();
                    for (position, detail) in named.iter().rev() {
                        let i = pending.remove(*position);
                        let refusal = WorkflowError::ContactRefused {
                            email: email_of(&people[i]),
                            code: code.clone(),
                            detail: Some(detail.clone()),
                        };
                        answers[i] = Some(Err(refusal));
                    }
                }
                Err(e) => {
                    for &i in &pending {
                        answers[i] = Some(Err(WorkflowError::Reply(e.clone())));
                    }
                    pending.clear();
                }
            }
        }
        answers.into_iter().map(|a| a.expect("every person answered")).collect()
    }
}

fn email_of(person: &ContactsImportRequestItemsItem) -> String {
    person.email.as_deref().unwrap_or_default().trim().to_owned()
}

/// Which items a 400's field errors name (`/items/3/email`), by position, each once, ascending.
fn refused_items(errors: &[reply_core::FieldError], sent: usize) -> Vec<(usize, String)> {
    let mut named: Vec<(usize, String)> = Vec::new();
    for e in errors {
        let Some(rest) = e.pointer.strip_prefix("/items/") else { continue };
        let Some(position) = rest.split('/').next().and_then(|n| n.parse::<usize>().ok()) else { continue };
        if position >= sent {
            continue;
        }
        let detail = format!("{} {}", e.pointer, e.detail);
        match named.iter_mut().find(|(p, _)| *p == position) {
            Some((_, text)) => {
                text.push_str("; ");
                text.push_str(&detail);
            }
            None => named.push((position, detail)),
        }
    }
    named.sort_by_key(|(p, _)| *p);
    named
}

/// A 400 for the whole request: the plan's contact limit is a refusal of each person, the rest pass through.
fn whole_batch_refusal(e: Error) -> WorkflowError {
    match e.code() {
        Some(code) if code == "contact.limitExceeded" => WorkflowError::ContactRefused {
            email: String::new(),
            code: code.to_owned(),
            detail: e.detail().map(str::to_owned),
        },
        _ => WorkflowError::Reply(e),
    }
}

fn with_email(e: WorkflowError, email: String) -> WorkflowError {
    match e {
        WorkflowError::ContactRefused { code, detail, .. } => WorkflowError::ContactRefused { email, code, detail },
        other => other,
    }
}

fn unreadable(message: String) -> WorkflowError {
    WorkflowError::Reply(Error::Decode {
        operation: "ImportContacts",
        source: reply_core::error::DecodeError { status: 200, path: "items".into(), message },
    })
}

/// One import item's answer. A skipped item still names the contact Reply
/// holds, except a deleted one (`skipReason: contactDeleted`, a member the
/// spec does not list; research/real-behaviour.md).
fn settle(email: String, item: ContactsImportResponseItemsItem) -> Result<Ensured, WorkflowError> {
    let skip_reason = item.extra.get("skipReason").and_then(Value::as_str).map(str::to_owned);
    let refused = |code: Option<String>| WorkflowError::ContactRefused {
        email: email.clone(),
        code: code.unwrap_or_else(|| "notImported".into()),
        detail: item.error.as_ref().cloned(),
    };
    if skip_reason.as_deref() == Some("contactDeleted") {
        return Err(refused(skip_reason));
    }
    match (&item.status, item.id.as_ref()) {
        (Some(Status::Failed), _) => Err(refused(item.error.as_ref().cloned().or(skip_reason))),
        (Some(status), Some(&id)) => Ok(Ensured { id, created: *status == Status::Created }),
        _ => Err(refused(skip_reason.or_else(|| item.error.as_ref().cloned()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::FieldError;

    #[test]
    fn each_mode_sends_both_flags() {
        let fill = OnExisting::FillEmpty.options();
        assert_eq!((fill.overwrite_existing, fill.skip_existing), (Some(false), Some(false)));
        let over = OnExisting::Overwrite.options();
        assert_eq!((over.overwrite_existing, over.skip_existing), (Some(true), Some(false)));
        let keep = OnExisting::Keep.options();
        assert_eq!((keep.overwrite_existing, keep.skip_existing), (Some(false), Some(true)));
        assert!(keep.sequence_id.is_absent(), "ensure never enrols (and so never sends)");
    }

    #[test]
    fn field_errors_name_items_by_position() {
        let errors = vec![
            FieldError { pointer: "/items/2/email".into(), detail: "bad".into() },
            FieldError { pointer: "/items/0/email".into(), detail: "bad".into() },
            FieldError { pointer: "/items/2/firstName".into(), detail: "missing".into() },
            FieldError { pointer: "/items/9/email".into(), detail: "not sent".into() },
            FieldError { pointer: "/options".into(), detail: "whole".into() },
        ];
        let named = refused_items(&errors, 3);
        assert_eq!(named.iter().map(|(p, _)| *p).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(named[1].1, "/items/2/email bad; /items/2/firstName missing");
    }

    #[test]
    fn item_answers_settle() {
        let item = |v: Value| serde_json::from_value::<ContactsImportResponseItemsItem>(v).unwrap();
        let e = "a@x.io".to_owned();
        let created = settle(e.clone(), item(serde_json::json!({"id": 5, "status": "created"})));
        assert_eq!(created.unwrap(), Ensured { id: 5, created: true });
        let skipped = settle(e.clone(), item(serde_json::json!({"id": 6, "status": "skipped"})));
        assert_eq!(skipped.unwrap(), Ensured { id: 6, created: false });
        let deleted = settle(
            e.clone(),
            item(serde_json::json!({"id": null, "status": "skipped", "skipReason": "contactDeleted"})),
        );
        assert_eq!(deleted.unwrap_err().code(), Some("contactDeleted"));
        let failed = settle(e, item(serde_json::json!({"id": null, "status": "failed", "error": "Invalid data"})));
        assert_eq!(failed.unwrap_err().code(), Some("Invalid data"));
    }
}
