//! Where a client keeps its request budget: in the process, or in Redis where
//! every process and machine acting for the same user shares it.

use std::fmt;

/// Where the request budget lives. Reply counts 100 requests a minute and
/// 3,000 an hour per user across every application acting for that user, so
/// workers in several processes need one budget between them.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum QuotaStore {
    /// In this process, shared by the client and its clones (the default).
    #[default]
    Local,
    /// In the Redis server at `url` (`redis://[:password@]host[:port][/db]`),
    /// shared by every client using it. When Redis cannot be reached in time
    /// the client falls back to its local budget, logs a warning, and goes
    /// back to Redis once it answers again. Needs the `redis` feature.
    Redis { url: String },
}

impl QuotaStore {
    /// `local`, or a `redis://` / `rediss://` URL: the form the CLI and profiles take.
    pub fn parse(text: &str) -> Result<QuotaStore, reply_core::Error> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("local") {
            return Ok(QuotaStore::Local);
        }
        if text.starts_with("redis://") || text.starts_with("rediss://") || text.starts_with("redis+unix://") {
            return Ok(QuotaStore::Redis { url: text.to_owned() });
        }
        Err(reply_core::Error::Config(format!(
            "a quota store is `local` or a redis:// URL, not {:?}",
            redact_url(text)
        )))
    }
}

// A Redis URL can carry a password: never print it.
impl fmt::Debug for QuotaStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuotaStore::Local => f.write_str("Local"),
            QuotaStore::Redis { url } => f.debug_struct("Redis").field("url", &redact_url(url)).finish(),
        }
    }
}

impl fmt::Display for QuotaStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuotaStore::Local => f.write_str("local"),
            QuotaStore::Redis { url } => f.write_str(&redact_url(url)),
        }
    }
}

/// The URL with any user information (`user:password@`) replaced by `***@`.
pub(crate) fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_owned() };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***@{}", &url[..scheme_end + 3], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_url_is_never_printed() {
        let store = QuotaStore::parse("redis://:s3cret@cache.internal:6379/2").expect("a store");
        for text in [format!("{store:?}"), store.to_string()] {
            assert!(!text.contains("s3cret"), "{text}");
            assert!(text.contains("cache.internal:6379/2"), "{text}");
        }
        let refused = QuotaStore::parse("http://user:s3cret@host").expect_err("not redis");
        assert!(!refused.to_string().contains("s3cret"));
    }

    #[test]
    fn local_and_redis_urls_parse() {
        assert_eq!(QuotaStore::parse("local").expect("local"), QuotaStore::Local);
        assert_eq!(
            QuotaStore::parse("redis://127.0.0.1:6379").expect("redis"),
            QuotaStore::Redis { url: "redis://127.0.0.1:6379".into() }
        );
    }
}
