//! Strict decoding: for checking what a client *sends* (the mock validating a
//! request body), an enum value outside the spec's list is an error instead of
//! an `Unknown` variant. Reading what a server sends stays lenient.

use std::cell::Cell;

thread_local! {
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// True while [`strictly`] runs on this thread.
pub fn is_strict() -> bool {
    STRICT.with(Cell::get)
}

/// Runs `f` with strict enum decoding on this thread.
pub fn strictly<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            STRICT.with(|s| s.set(self.0));
        }
    }
    let _reset = Reset(STRICT.with(|s| s.replace(true)));
    f()
}

#[cfg(test)]
mod tests {
    use crate::models::ContactCallStatus;

    #[test]
    fn unknown_enum_values_fail_only_when_strict() {
        assert!(matches!(serde_json::from_str::<ContactCallStatus>(r#""warp""#), Ok(ContactCallStatus::Unknown(_))));
        let strict = super::strictly(|| serde_json::from_str::<ContactCallStatus>(r#""warp""#));
        assert!(strict.unwrap_err().to_string().contains("unknown variant `warp`"));
        assert!(!super::is_strict(), "strict mode ends with the closure");
    }
}
