//! What a call sends beyond its documented parameters and body: extra query
//! pairs and extra members of the JSON body (per-call options, for members
//! Reply accepts before this SDK version knows them). Applied in one place,
//! [`Client::send`](crate::Client::send), so typed and dynamic calls alike get them.

use std::borrow::Cow;

use bytes::Bytes;
use reply_core::Error;
use reply_core::operation::{BodyKind, OperationInfo};
use serde_json::{Map, Value};

/// The operation's query pairs followed by the extra ones (borrowed when there are none).
pub(crate) fn query<'a>(
    documented: &'a [(&'a str, String)],
    extra: &'a [(String, String)],
) -> Cow<'a, [(&'a str, String)]> {
    if extra.is_empty() {
        return Cow::Borrowed(documented);
    }
    let mut all = documented.to_vec();
    all.extend(extra.iter().map(|(k, v)| (k.as_str(), v.clone())));
    Cow::Owned(all)
}

/// The body with `extra`'s members set on its JSON object (they win over the
/// body's own). An operation without a JSON body, or a body that is not an
/// object, is refused: there is nowhere to put them.
pub(crate) fn body(
    info: Option<&OperationInfo>,
    body: Option<(String, Bytes)>,
    extra: Option<&Map<String, Value>>,
) -> Result<Option<(String, Bytes)>, Error> {
    let Some(extra) = extra.filter(|e| !e.is_empty()) else { return Ok(body) };
    // A raw request to a path the table lacks carries its body as given: nothing says it is JSON.
    let Some(info) = info.filter(|info| matches!(info.body, BodyKind::Json { .. })) else {
        let id = info.map_or(crate::RAW_OPERATION, |info| info.id);
        return Err(Error::Config(format!("{id} takes no JSON body to add extra body members to")));
    };
    let mut object = match &body {
        None => Map::new(),
        Some((_, bytes)) => match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(object)) => object,
            _ => {
                return Err(Error::Config(format!(
                    "extra body members need a JSON object body; {} sends another kind",
                    info.id
                )));
            }
        },
    };
    object.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    let bytes = serde_json::to_vec(&object).map_err(|e| Error::Config(e.to_string()))?;
    Ok(Some(("application/json".to_owned(), Bytes::from(bytes))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::operations::OPERATIONS;
    use serde_json::json;

    fn op(id: &str) -> Option<&'static OperationInfo> {
        Some(OPERATIONS.iter().find(|o| o.id == id).unwrap())
    }

    #[test]
    fn extra_members_join_the_body_and_win() {
        let extra = json!({"title": "CTO", "beta": true});
        let sent = body(
            op("CreateContact"),
            Some(("application/json".into(), Bytes::from_static(br#"{"email":"a@b.c","title":"x"}"#))),
            extra.as_object(),
        )
        .unwrap();
        let (_, bytes) = sent.unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&bytes).unwrap(),
            json!({"email": "a@b.c", "title": "CTO", "beta": true})
        );
    }

    #[test]
    fn extra_members_are_refused_where_there_is_no_json_object() {
        let extra = json!({"x": 1});
        let refused = body(op("GetContacts"), None, extra.as_object()).expect_err("a GET has no body");
        assert!(matches!(refused, Error::Config(m) if m.contains("GetContacts")));
        let array = Some(("application/json".into(), Bytes::from_static(b"[1]")));
        assert!(matches!(body(op("CreateContact"), array, extra.as_object()), Err(Error::Config(_))));
        // No extra members: the body is handed on untouched.
        let same = Some(("application/json".into(), Bytes::from_static(b"[1]")));
        assert_eq!(body(op("CreateContact"), same.clone(), None).unwrap(), same);
    }

    #[test]
    fn extra_query_pairs_follow_the_documented_ones() {
        let documented = [("top", "5".to_owned())];
        let extra = [("debug".to_owned(), "1".to_owned())];
        assert_eq!(query(&documented, &extra).as_ref(), &[("top", "5".to_owned()), ("debug", "1".to_owned())]);
        assert!(matches!(query(&documented, &[]), Cow::Borrowed(_)));
    }
}
