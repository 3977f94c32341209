//! Which operation a method and concrete path name: the one routing of the
//! project, used by the mock to dispatch and by the CLI's `reply api`. The
//! operation table is the only route list, so no path is written by hand.

use crate::http::Method;
use crate::operation::OperationInfo;
use crate::operations::OPERATIONS;

/// Where a method and path lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The operation, with its path parameters percent-decoded.
    Found {
        op: &'static OperationInfo,
        params: Vec<(&'static str, String)>,
    },
    /// The path exists, but not with this method; the methods it takes, sorted.
    WrongMethod(Vec<&'static str>),
    NotFound,
}

/// Routes `method` (any case) and a path without its query.
///
/// A path names the resource of its most specific template, whatever the
/// method: `/v3/sequences/count` is the count, never the sequence `count`, and
/// `GET /v3/contacts/bulk-delete` is a wrong method, not a contact. Templates
/// compare by their literal-segment masks; the greatest wins.
pub fn route(method: &str, path: &str) -> Route {
    let method = Method::parse(method);
    let mut best: Option<Vec<bool>> = None;
    let mut candidates = Vec::new();
    for op in OPERATIONS.iter() {
        let Some(params) = op.match_path(path) else { continue };
        let literal: Vec<bool> = op.path.split('/').map(|s| !s.starts_with('{')).collect();
        if best.as_ref().is_none_or(|b| literal > *b) {
            best = Some(literal.clone());
        }
        candidates.push((literal, op, params));
    }
    let Some(best) = best else { return Route::NotFound };
    let mut allowed = Vec::new();
    for (literal, op, params) in candidates {
        if literal != best {
            continue;
        }
        if Some(op.method) == method {
            let params = params.into_iter().map(|(k, v)| (k, percent_decode(v))).collect();
            return Route::Found { op, params };
        }
        allowed.push(op.method.as_str());
    }
    allowed.sort_unstable();
    allowed.dedup();
    Route::WrongMethod(allowed)
}

/// Decodes `%XX` escapes of a path segment; a `+` stays a `+`. Malformed
/// escapes and non-UTF-8 results are kept as sent.
pub fn percent_decode(text: &str) -> String {
    decode(text, false)
}

/// Decodes a query-string name or value: `%XX` escapes, and `+` as a space
/// (the form encoding query strings use).
pub fn query_decode(text: &str) -> String {
    decode(text, true)
}

fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16);
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
            (b'+', _, _) if plus_is_space => out.push(b' '),
            (b, _, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OperationId;

    fn found(method: &str, path: &str) -> (OperationId, Vec<(&'static str, String)>) {
        match route(method, path) {
            Route::Found { op, params } => (op.key, params),
            other => panic!("{method} {path}: {other:?}"),
        }
    }

    #[test]
    fn literal_segments_win() {
        assert_eq!(found("GET", "/v3/sequences/count"), (OperationId::CountSequences, vec![]));
        assert_eq!(found("GET", "/v3/sequences/42"), (OperationId::GetSequenceById, vec![("id", "42".to_owned())]));
    }

    #[test]
    fn wrong_method_and_unknown_path() {
        assert_eq!(route("PATCH", "/v3/webhooks"), Route::WrongMethod(vec!["GET", "POST"]));
        assert_eq!(route("GET", "/v3/nothing-here"), Route::NotFound);
        assert_eq!(route("GET", "/v3/contacts/"), Route::NotFound);
    }

    #[test]
    fn a_literal_path_is_not_an_id() {
        // Only POST exists at /v3/contacts/bulk-delete; GET and PATCH of /v3/contacts/{id} do not apply.
        assert_eq!(route("PATCH", "/v3/contacts/bulk-delete"), Route::WrongMethod(vec!["POST"]));
        assert_eq!(route("OPTIONS", "/v3/inbox/threads/categories"), Route::WrongMethod(vec!["GET", "POST"]));
    }

    #[test]
    fn path_parameters_are_decoded() {
        assert_eq!(found("GET", "/v3/sequences/4%32"), (OperationId::GetSequenceById, vec![("id", "42".to_owned())]));
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decode("a+b"), "a+b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(query_decode("a%20b+c%2"), "a b c%2");
    }

    #[test]
    fn operation_ids_round_trip() {
        for op in OPERATIONS.iter() {
            assert_eq!(op.key.as_str(), op.id);
            assert_eq!(op.id.parse::<OperationId>(), Ok(op.key));
        }
        assert_eq!(OperationId::ALL.len(), OPERATIONS.len());
        assert!("NoSuchOperation".parse::<OperationId>().is_err());
    }
}
