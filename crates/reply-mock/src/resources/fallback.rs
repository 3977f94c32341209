//! The answer of an operation the mock does not model: its sample response
//! (schema-valid by construction), with pages honouring `top`/`skip`.

use serde_json::json;

use super::crud;
use crate::answer::Answer;
use crate::samples;
use crate::state::Ctx;

pub(super) fn sample(ctx: &Ctx) -> Answer {
    let (status, body) = samples::response(ctx.op.key);
    if status == 302 {
        let provider = if ctx.op.path.contains("office") {
            "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
        } else {
            "https://accounts.google.com/o/oauth2/v2/auth"
        };
        return Answer::empty(302).header("location", provider);
    }
    if status == 204 || body.is_null() {
        let media = ctx.op.responses.iter().find(|r| r.status == status).map_or("", |r| r.content_type);
        return if media.is_empty() || media.contains("json") {
            Answer::empty(status)
        } else {
            Answer::raw(status, media, Vec::new())
        };
    }
    if ctx.op.paging.is_some() {
        return crud::page(ctx, body["items"].as_array().cloned().unwrap_or_default());
    }
    // The honest answer of an unmodelled bulk call is "nothing failed".
    if samples::answers_failures(ctx.op.key) {
        return Answer::json(status, json!({}));
    }
    Answer::json(status, body.clone())
}

#[cfg(test)]
mod tests {
    use reply_core::OperationId as Op;
    use serde_json::Value;

    #[test]
    fn placeholder_maps_are_detected() {
        let body = crate::samples::body(Op::BulkAddContactsToContactAccount);
        assert!(body.as_object().is_some_and(|m| m.contains_key("key")), "{body}");
        assert!(matches!(crate::samples::body(Op::Whoami), Value::Object(_)));
    }
}
