//! Routes a request to its row of the operation table. The table is the only
//! route list: no path is written by hand, so a regenerated spec routes itself.

use reply_core::OperationInfo;
use reply_core::http::Method;
use reply_core::operations::OPERATIONS;

/// Where a method and path lead.
#[derive(Debug)]
pub(crate) enum Route {
    Found {
        op: &'static OperationInfo,
        params: Vec<(&'static str, String)>,
    },
    /// The path exists, but not with this method; the allowed methods.
    WrongMethod(Vec<&'static str>),
    NotFound,
}

pub(crate) fn route(method: &str, path: &str) -> Route {
    let method = Method::parse(method);
    // A path names the resource of its most specific template: `/v3/sequences/count`
    // is the count, never the sequence `count`, whatever the method. Templates
    // compare by their literal-segment masks; the greatest wins.
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

/// Decodes `%XX` escapes; invalid escapes and non-UTF-8 results are kept as sent.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win() {
        match route("GET", "/v3/sequences/count") {
            Route::Found { op, .. } => assert_eq!(op.id, "CountSequences"),
            other => panic!("{other:?}"),
        }
        match route("GET", "/v3/sequences/42") {
            Route::Found { op, params } => {
                assert_eq!(op.id, "GetSequenceById");
                assert_eq!(params, vec![("id", "42".to_owned())]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_method_and_unknown_path() {
        assert!(matches!(route("PATCH", "/v3/webhooks"), Route::WrongMethod(m) if m == ["GET", "POST"]));
        assert!(matches!(route("GET", "/v3/nothing-here"), Route::NotFound));
        assert!(matches!(route("GET", "/v3/contacts/"), Route::NotFound));
    }

    #[test]
    fn a_literal_path_is_not_an_id() {
        // Only POST exists at /v3/contacts/bulk-delete; GET and PATCH of /v3/contacts/{id} do not apply.
        assert!(matches!(route("PATCH", "/v3/contacts/bulk-delete"), Route::WrongMethod(m) if m == ["POST"]));
        assert!(
            matches!(route("OPTIONS", "/v3/inbox/threads/categories"), Route::WrongMethod(m) if m == ["GET", "POST"])
        );
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
