//! `ReplyError`: the Rust error enum, variant for variant. Kotlin sees a sealed
//! `ReplyException` hierarchy, Swift an `enum ReplyError: Error`. Every variant
//! carries the same fields so a caller can read them without matching first.

/// A field-level validation failure: a JSON Pointer into the request and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldError {
    pub pointer: String,
    pub detail: String,
}

macro_rules! reply_error {
    ($( $(#[$doc:meta])* $variant:ident, )*) => {
        /// Every failure the SDK reports.
        #[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
        pub enum ReplyError {
            $(
                $(#[$doc])*
                $variant {
                    /// The whole message, as Rust prints it.
                    reason: String,
                    /// A short stable name: `not_found`, `rate_limited`, ...
                    kind: String,
                    /// The HTTP status, when there was an answer.
                    status: Option<i32>,
                    /// The problem `code` slug (`sequence.notFound`, `TEAM_REQUIRED`).
                    code: Option<String>,
                    /// The problem `detail`.
                    detail: Option<String>,
                    field_errors: Vec<FieldError>,
                    /// How long the server asked to wait, in milliseconds.
                    retry_after_ms: Option<i64>,
                },
            )*
            /// A safe workflow (`findByEmail`, `ensure`, `enrol`, `resolve`) refused
            /// rather than guess; `kind` names the refusal (`ambiguous_email`,
            /// `lookup_incomplete`, `contact_refused`, `step_not_found`,
            /// `step_ambiguous`, `invalid_input`) and `code` is Reply's, if any.
            Workflow {
                reason: String,
                kind: String,
                status: Option<i32>,
                code: Option<String>,
                detail: Option<String>,
                field_errors: Vec<FieldError>,
                retry_after_ms: Option<i64>,
            },
        }

        impl From<reply_core::Error> for ReplyError {
            fn from(error: reply_core::Error) -> Self {
                let reason = error.to_string();
                let kind = error.kind().to_owned();
                let status = error.status().map(i32::from);
                let code = error.code().map(str::to_owned);
                // The FFI shape stays as it is: an applied-but-unreadable write
                // arrives as `Decode` (kind `applied_unreadable`), its raw body in `detail`.
                let detail = match &error {
                    reply_core::Error::AppliedUnreadable { body, .. } => Some(String::from_utf8_lossy(body).into_owned()),
                    other => other.detail().map(str::to_owned),
                };
                let field_errors = error
                    .field_errors()
                    .into_iter()
                    .map(|e| FieldError { pointer: e.pointer, detail: e.detail })
                    .collect();
                let retry_after_ms = error.retry_after().map(|d| d.as_millis() as i64);
                match error {
                    reply_core::Error::AppliedUnreadable { .. } => ReplyError::Decode {
                        reason, kind, status, code, detail, field_errors, retry_after_ms,
                    },
                    $( reply_core::Error::$variant { .. } => ReplyError::$variant {
                        reason, kind, status, code, detail, field_errors, retry_after_ms,
                    }, )*
                    // `Error` is non-exhaustive: a variant added later still arrives, as an API error.
                    #[allow(unreachable_patterns)]
                    _ => ReplyError::Api { reason, kind, status, code, detail, field_errors, retry_after_ms },
                }
            }
        }

        impl std::fmt::Display for ReplyError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $( ReplyError::$variant { reason, .. } => f.write_str(reason), )*
                    ReplyError::Workflow { reason, .. } => f.write_str(reason),
                }
            }
        }
    };
}

reply_error! {
    /// 401: the key is missing, wrong or revoked.
    Unauthorized,
    /// 403: no permission, a missing scope, or an identity problem (`TEAM_REQUIRED`).
    Forbidden,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 400 or 422, with field errors when the server gave them.
    Validation,
    /// 429 that outlasted the retry budget or the caller's deadline.
    RateLimited,
    /// 5xx on a read after retries.
    Server,
    /// Any other error status.
    Api,
    /// A write whose result is not known; it was not retried. Read the resource back first.
    OutcomeUnknown,
    /// No answer within the timeout.
    Timeout,
    /// The connection failed.
    Connection,
    /// A success answer whose body did not match the expected type.
    Decode,
    /// A request the SDK refuses to send (bad configuration or input).
    Config,
}

impl ReplyError {
    /// A configuration error raised by the binding itself.
    pub(crate) fn config(message: impl Into<String>) -> Self {
        reply_core::Error::Config(message.into()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_keeps_its_fields() {
        let bytes =
            br#"{"status":400,"code":"contact.invalid","detail":"bad","errors":[{"pointer":"/email","detail":"x"}]}"#;
        let mut headers = reply_core::Headers::default();
        headers.set("retry-after", "3");
        let response = reply_core::Response { status: 400, headers, body: bytes.to_vec().into() };
        let api = reply_core::ApiError::from_response("CreateContact", &response, 0);
        match ReplyError::from(reply_core::Error::from_api(api)) {
            ReplyError::Validation { kind, status, code, detail, field_errors, retry_after_ms, .. } => {
                assert_eq!(
                    (kind.as_str(), status, code.as_deref()),
                    ("validation", Some(400), Some("contact.invalid"))
                );
                assert_eq!(detail.as_deref(), Some("bad"));
                assert_eq!(field_errors, vec![FieldError { pointer: "/email".into(), detail: "x".into() }]);
                assert_eq!(retry_after_ms, Some(3000));
            }
            other => panic!("not a validation error: {other:?}"),
        }
        let source = reply_core::DecodeError { status: 201, path: "id".into(), message: "bad".into() };
        let applied =
            reply_core::Error::AppliedUnreadable { operation: "CreateContact", body: "{\"id\":\"x\"}".into(), source };
        match ReplyError::from(applied) {
            ReplyError::Decode { kind, status, detail, .. } => {
                assert_eq!(
                    (kind.as_str(), status, detail.as_deref()),
                    ("applied_unreadable", Some(201), Some("{\"id\":\"x\"}"))
                );
            }
            other => panic!("not a decode error: {other:?}"),
        }
        let config = ReplyError::config("nope");
        assert!(matches!(config, ReplyError::Config { status: None, .. }));
    }
}
