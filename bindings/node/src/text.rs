//! Page text handed to JavaScript, in pieces JS parses one after another.
//!
//! A page is a few hundred kilobytes that JS parses once and drops. One string
//! of that size is a large object to V8: each is given fresh pages of memory,
//! which cost the JS thread about a quarter of the page's parse (0.45 ms of
//! 1.95 for a 770 KB page, measured), and V8 frees it only when it next
//! collects the old generation. (An external string, which V8 reads where Rust
//! wrote it, avoided the copy but lived in the old generation with its text
//! uncounted, so a walk over 200,000 contacts held 150 MB of finished pages.)
//! So the pump splits the page ([`reply_core::page_index::split_page`]): the
//! page with an empty `items` array, then the items as arrays of about
//! [`PIECE`] bytes, each small enough for V8's young generation, where a
//! finished piece is freed at the next scavenge. Each piece is put in the form
//! V8 stores strings in before it reaches the JS thread: one byte per character
//! when every character is below U+0100 (ASCII, and the accented Latin letters
//! of most names and cities), else UTF-16.

use napi::bindgen_prelude::ToNapiValue;
use napi::sys;
use reply_core::page_index::{Split, split_page};

/// About how much item text goes in one piece: well below the 128 KiB V8
/// allocates as a large object, in UTF-16 too.
const PIECE: usize = 32 * 1024;

pub enum PageText {
    /// Every character below U+0100, one byte each (ISO-8859-1).
    Latin1(Vec<u8>),
    /// Any other text, as UTF-16 code units.
    Utf16(Vec<u16>),
}

impl PageText {
    /// The concatenation of `parts` in the narrowest form V8 stores strings in.
    fn of(parts: &[&str]) -> PageText {
        let len = parts.iter().map(|p| p.len()).sum();
        let mut latin1 = Vec::with_capacity(len);
        if parts.iter().all(|part| push_latin1(&mut latin1, part)) {
            return PageText::Latin1(latin1);
        }
        PageText::Utf16(parts.iter().flat_map(|p| p.encode_utf16()).collect())
    }
}

/// Appends `text` as ISO-8859-1, copying runs of ASCII whole; false (with
/// `out` partly written) at the first character from U+0100 on.
fn push_latin1(out: &mut Vec<u8>, text: &str) -> bool {
    let mut bytes = text.as_bytes();
    loop {
        let ascii = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len());
        out.extend_from_slice(&bytes[..ascii]);
        match &bytes[ascii..] {
            [] => return true,
            // U+0080 to U+00FF are the UTF-8 sequences led by 0xC2 and 0xC3
            // (a `str` always has the continuation byte after a lead).
            [lead @ (0xC2 | 0xC3), next, rest @ ..] => {
                out.push(((lead & 0x1F) << 6) | (next & 0x3F));
                bytes = rest;
            }
            _ => return false,
        }
    }
}

/// A page as its pieces: the page with `[]` for its items, then the items in
/// arrays of about [`PIECE`] bytes, in order. A page without an items array
/// is one piece, the page.
pub fn split(text: &str) -> Result<Vec<PageText>, reply_core::Error> {
    let Split { array, items } = split_page(text).map_err(|e| reply_core::Error::Decode {
        operation: "paginate",
        source: reply_core::DecodeError { status: 200, path: String::new(), message: e.to_string() },
    })?;
    let Some(array) = array else { return Ok(vec![PageText::of(&[text])]) };
    let mut pieces = Vec::with_capacity(2 + (array.end - array.start) / PIECE);
    pieces.push(PageText::of(&[&text[..array.start], "[]", &text[array.end..]]));
    let mut first = 0;
    while let Some(start) = items.get(first).map(|r| r.start) {
        // Consecutive items lie between commas (and spaces), so their stretch of text is an array's inside.
        let mut last = first;
        while items.get(last + 1).is_some_and(|r| r.end - start <= PIECE) {
            last += 1;
        }
        pieces.push(PageText::of(&["[", &text[start..items[last].end], "]"]));
        first = last + 1;
    }
    Ok(pieces)
}

impl ToNapiValue for PageText {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let mut result = std::ptr::null_mut();
        let status = match &val {
            // SAFETY: a copy of `text.len()` bytes into the JS heap.
            PageText::Latin1(text) => unsafe {
                sys::napi_create_string_latin1(env, text.as_ptr().cast(), text.len() as isize, &mut result)
            },
            // SAFETY: a copy of `text.len()` code units into the JS heap.
            PageText::Utf16(text) => unsafe {
                sys::napi_create_string_utf16(env, text.as_ptr(), text.len() as isize, &mut result)
            },
        };
        match status {
            sys::Status::napi_ok => Ok(result),
            _ => Err(napi::Error::from_reason(format!("Node could not make the page text a string (status {status})"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn text(piece: &PageText) -> String {
        match piece {
            PageText::Latin1(bytes) => bytes.iter().map(|&b| char::from(b)).collect(),
            PageText::Utf16(units) => String::from_utf16(units).expect("UTF-16 from a str"),
        }
    }

    /// The page as `lib/pages.js` puts it back together.
    fn assemble(pieces: &[PageText]) -> Value {
        let mut page: Value = serde_json::from_str(&text(&pieces[0])).expect("the page");
        if pieces.len() > 1 {
            let items = pieces[1..].iter().flat_map(|p| match serde_json::from_str(&text(p)).expect("an array") {
                Value::Array(items) => items,
                other => panic!("not an array: {other}"),
            });
            page["items"] = Value::Array(items.collect());
        }
        page
    }

    #[test]
    fn latin1_is_each_character_below_u0100_as_one_byte() {
        let text = "plain, Köln, São Paulo, ÿ\u{80}";
        let mut out = Vec::new();
        assert!(push_latin1(&mut out, text));
        assert_eq!(out, text.chars().map(|c| u8::try_from(u32::from(c)).expect("below U+0100")).collect::<Vec<_>>());
        assert!(!push_latin1(&mut Vec::new(), "Kraków ☃") && !push_latin1(&mut Vec::new(), "Ā"));
    }

    #[test]
    fn a_page_split_into_small_pieces_reassembles_to_itself() {
        let items: Vec<Value> = (0..600)
            .map(|i| json!({"id": i, "city": if i % 7 == 0 { "Kraków ☃" } else { "Köln" }, "notes": "x".repeat(i % 300)}))
            .collect();
        let page = json!({"items": items, "hasMore": true});
        let pieces = split(&page.to_string()).expect("a page");
        assert!(pieces.len() > 3, "{} pieces", pieces.len());
        assert!(pieces.iter().all(|p| text(p).len() <= 2 * PIECE), "a piece over twice PIECE");
        assert!(
            pieces.iter().any(|p| matches!(p, PageText::Utf16(_)))
                && pieces.iter().any(|p| matches!(p, PageText::Latin1(_)))
        );
        assert_eq!(assemble(&pieces), page);
        for page in
            [json!({"items": [], "hasMore": false}), json!({"items": null}), json!({"hasMore": false, "total": 3})]
        {
            assert_eq!(assemble(&split(&page.to_string()).expect("a page")), page);
        }
    }
}
