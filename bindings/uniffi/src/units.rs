//! Times and page sizes in each language's own types. uniffi's settings
//! (`uniffi.toml`, written by reply-codegen) show [`TimeSpan`] to Kotlin as
//! `kotlin.time.Duration` and to Swift as `TimeInterval`, and [`PageSize`] as
//! `Int` in both. On the wire they stay whole milliseconds and an `i32`; the
//! engine's option rules judge the values (a negative time is a `Config`
//! error there, as in every language).

use std::time::Duration;

/// A span of time, in whole milliseconds across the boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeSpan {
    pub(crate) millis: i64,
}

uniffi::custom_type!(TimeSpan, i64, {
    lower: |span| span.millis,
    try_lift: |millis| Ok(TimeSpan { millis }),
});

impl TimeSpan {
    /// As the engine's plain options take times: milliseconds as `f64`.
    pub(crate) fn ms(self) -> f64 {
        self.millis as f64
    }
}

impl From<Duration> for TimeSpan {
    fn from(d: Duration) -> TimeSpan {
        TimeSpan { millis: i64::try_from(d.as_millis()).unwrap_or(i64::MAX) }
    }
}

/// Optional milliseconds, as the engine's plain options take them.
pub(crate) fn ms(span: Option<TimeSpan>) -> Option<f64> {
    span.map(TimeSpan::ms)
}

/// How many items a page asks for (capped at the endpoint's maximum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    pub(crate) items: i32,
}

uniffi::custom_type!(PageSize, i32, {
    lower: |size| size.items,
    try_lift: |items| Ok(PageSize { items }),
});

impl PageSize {
    /// The engine's page size; zero or less is refused, naming the argument.
    pub(crate) fn checked(size: Option<PageSize>) -> Result<Option<u32>, crate::error::ReplyError> {
        match size {
            None => Ok(None),
            Some(PageSize { items }) if items > 0 => Ok(Some(items.unsigned_abs())),
            Some(PageSize { items }) => {
                Err(crate::error::ReplyError::config(format!("pageSize must be at least 1 (got {items})")))
            }
        }
    }
}
