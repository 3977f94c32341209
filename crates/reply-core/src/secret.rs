//! The API key as a secret: it prints as `[redacted]` everywhere.

use std::fmt;

/// A secret string, such as the Reply API key. Its `Debug` and `Display`
/// never show the value; the only way to read it is [`SecretString::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into())
    }

    /// The secret itself. Call it only where the value leaves the process
    /// (the `Authorization` header, a profile file the user asked to write).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret is empty or only white space.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString([redacted])")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_value() {
        let s = SecretString::new("sk_live_abc123");
        assert!(!format!("{s:?}").contains("abc123"));
        assert!(!format!("{s}").contains("abc123"));
        assert_eq!(s.expose(), "sk_live_abc123");
    }
}
