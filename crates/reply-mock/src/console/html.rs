//! Building the console's HTML safely: every piece of text that came from a
//! request, the store or the configuration goes through [`esc`], which
//! escapes the five characters that can end a text node or an attribute
//! value, so a contact named `<script>` shows as text.

use std::fmt::Write;

/// `text` escaped for an HTML text node or a double-quoted attribute value.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A JSON value as text: strings without their quotes, `null` as empty.
pub(super) fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Bytes as a readable body: pretty JSON when they are JSON, else (lossy)
/// text, cut at 64 KiB. Escaped.
pub(super) fn body(bytes: &[u8]) -> String {
    const SHOWN: usize = 64 * 1024;
    if bytes.is_empty() {
        return "(empty)".into();
    }
    let readable = match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => serde_json::to_string_pretty(&value).unwrap_or_default(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    let cut: String = readable.chars().take(SHOWN).collect();
    let more = if cut.len() < readable.len() { "\n… (cut)" } else { "" };
    format!("{}{more}", esc(&cut))
}

/// `HH:MM:SS.mmm` (UTC) of a Unix time in ms.
pub(super) fn time(ms: u64) -> String {
    let of_day = ms % 86_400_000;
    let (h, m, s, milli) = (of_day / 3_600_000, of_day / 60_000 % 60, of_day / 1000 % 60, of_day % 1000);
    format!("{h:02}:{m:02}:{s:02}.{milli:03}")
}

/// A table: escaped header cells, and rows of cells already made HTML.
pub(super) fn table(class: &str, head: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = format!("<table class=\"{class}\"><thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    let mut empty = true;
    for row in rows {
        empty = false;
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    if empty {
        let _ = write!(out, "<tr><td class=\"none\" colspan=\"{}\">nothing yet</td></tr>", head.len());
    }
    out.push_str("</tbody></table>");
    out
}

/// A small coloured label (`badge ok`, `badge bad`, `badge warn`).
pub(super) fn badge(kind: &str, label: &str) -> String {
    format!("<span class=\"badge {kind}\">{}</span>", esc(label))
}

/// Whether `haystack` holds `needle`, ignoring case (an empty needle matches).
pub(super) fn matches(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || haystack.to_lowercase().contains(&needle.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(body(b"{\"n\":\"<b>\"}"), "{\n  &quot;n&quot;: &quot;&lt;b&gt;&quot;\n}");
        assert_eq!(body(b"<i>"), "&lt;i&gt;");
        assert_eq!(time(3_723_004), "01:02:03.004");
    }
}
