//! Where the items of a page's JSON text lie, and each object item's members:
//! one pass over the text, building nothing.
//!
//! A binding that hands items on lazily (Python's page items read a member
//! only when asked) needs these places, not values; one that hands the page
//! to a JSON parser in pieces (Node: see [`split_page`]) needs the items'
//! places. Finding them with serde took a parse of the page for the items and
//! another of each item for its members; this reads the structure alone, once. It trusts the text to be
//! JSON (pages are checked against their generated type before this runs) so
//! it does not validate: on text that is not JSON it may give an error or
//! places that do not parse, which the reader reports when it reads them.
//! It never panics, and every place it gives is a range of `text` on
//! character boundaries.

use std::ops::Range;

/// One item of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The item's text.
    pub span: Range<usize>,
    /// An object item's members in order, `None` for other items and for
    /// objects with an escape in a member name (read those by parsing).
    pub members: Option<Box<[Member]>>,
}

/// Where one member of an object item lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The name as written, between its quotes.
    pub name: Range<usize>,
    /// The value's text.
    pub value: Range<usize>,
}

/// The text ended, or held something else, where the structure needed a byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexError {
    /// Byte offset in the text.
    pub at: usize,
    pub expected: &'static str,
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "expected {} at byte {} of the page", self.expected, self.at)
    }
}

impl std::error::Error for IndexError {}

/// The items of `{"items": [...], ...}` (no `items`, or `null`, is no items).
pub fn index_page(text: &str) -> Result<Vec<Item>, IndexError> {
    walk(text, true).map(|(_, items)| items)
}

/// A page's `items` array and its items, for [`split_page`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Where the array lies, brackets included; `None` when the page has no array there.
    pub array: Option<Range<usize>>,
    /// Where each item lies.
    pub items: Vec<Range<usize>>,
}

/// Where the `items` array of a page's text lies, and each of its items.
pub fn split_page(text: &str) -> Result<Split, IndexError> {
    let (array, items) = walk(text, false)?;
    Ok(Split { array, items: items.into_iter().map(|item| item.span).collect() })
}

/// The page's `items` array and its items, each object item's members with them when `members`.
fn walk(text: &str, members: bool) -> Result<(Option<Range<usize>>, Vec<Item>), IndexError> {
    let mut c = Cursor { b: text.as_bytes(), at: 0, members };
    let mut items = Vec::new();
    let mut array = None;
    c.expect(b'{', "a page object")?;
    if c.close_or_first(b'}')? {
        return Ok((array, items));
    }
    loop {
        let (name, _) = c.string()?;
        c.expect(b':', "':'")?;
        c.skip_ws();
        if &text.as_bytes()[name] == b"items" && c.peek() == Some(b'[') {
            items.clear();
            let start = c.at;
            c.array(&mut items)?;
            array = Some(start..c.at);
        } else {
            c.value()?;
        }
        if !c.next_member(b'}')? {
            return Ok((array, items));
        }
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
    /// Whether object items' members are wanted.
    members: bool,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn fail<T>(&self, expected: &'static str) -> Result<T, IndexError> {
        Err(IndexError { at: self.at, expected })
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8, expected: &'static str) -> Result<(), IndexError> {
        self.skip_ws();
        if self.peek() != Some(byte) {
            return self.fail(expected);
        }
        self.at += 1;
        Ok(())
    }

    /// After an opening bracket: true when the container is empty (its closing bracket read).
    fn close_or_first(&mut self, close: u8) -> Result<bool, IndexError> {
        self.skip_ws();
        match self.peek() {
            Some(b) if b == close => {
                self.at += 1;
                Ok(true)
            }
            Some(_) => Ok(false),
            None => self.fail("a value or a closing bracket"),
        }
    }

    /// After a member or element: true when another follows (its comma read).
    fn next_member(&mut self, close: u8) -> Result<bool, IndexError> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            _ => self.fail("',' or a closing bracket"),
        }
    }

    /// A string (after any space): its inner range, and whether it has escapes.
    fn string(&mut self) -> Result<(Range<usize>, bool), IndexError> {
        self.expect(b'"', "a string")?;
        let start = self.at;
        let mut escaped = false;
        let mut i = start;
        loop {
            match self.b.get(i) {
                Some(b'"') => {
                    self.at = i + 1;
                    return Ok((start..i, escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    i += 2;
                }
                Some(_) => i += 1,
                None => {
                    self.at = self.b.len();
                    return self.fail("the end of a string");
                }
            }
        }
    }

    /// Any value (after any space), skipped: its range.
    fn value(&mut self) -> Result<Range<usize>, IndexError> {
        self.skip_ws();
        let start = self.at;
        match self.peek() {
            Some(b'"') => {
                self.string()?;
            }
            Some(b'{' | b'[') => self.nested()?,
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.at += 1;
                }
                if self.at == start {
                    return self.fail("a value");
                }
            }
            None => return self.fail("a value"),
        }
        Ok(start..self.at)
    }

    /// An object or array, skipped by counting brackets outside strings.
    fn nested(&mut self) -> Result<(), IndexError> {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.string()?;
                    continue;
                }
                Some(b'{' | b'[') => depth += 1,
                Some(b'}' | b']') => {
                    depth -= 1;
                    if depth == 0 {
                        self.at += 1;
                        return Ok(());
                    }
                }
                Some(_) => {}
                None => return self.fail("a closing bracket"),
            }
            self.at += 1;
        }
    }

    /// The items array (at its `[`).
    fn array(&mut self, items: &mut Vec<Item>) -> Result<(), IndexError> {
        self.at += 1;
        if self.close_or_first(b']')? {
            return Ok(());
        }
        loop {
            self.skip_ws();
            let item = match self.peek() {
                Some(b'{') if self.members => self.object()?,
                _ => Item { span: self.value()?, members: None },
            };
            items.push(item);
            if !self.next_member(b']')? {
                return Ok(());
            }
        }
    }

    /// An object item (at its `{`) and its members.
    fn object(&mut self) -> Result<Item, IndexError> {
        let start = self.at;
        self.at += 1;
        let mut members = Vec::with_capacity(32);
        let mut plain_names = true;
        if !self.close_or_first(b'}')? {
            loop {
                let (name, escaped) = self.string()?;
                plain_names &= !escaped;
                self.expect(b':', "':'")?;
                let value = self.value()?;
                members.push(Member { name, value });
                if !self.next_member(b'}')? {
                    break;
                }
            }
        }
        let members = plain_names.then(|| members.into_boxed_slice());
        Ok(Item { span: start..self.at, members })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// What the index says, read back through serde: every item's text and
    /// every member's name and value, against a parse of the whole page.
    fn agrees(text: &str) {
        let page: Value = serde_json::from_str(text).expect("test pages are JSON");
        let expected: Vec<Value> = match page.get("items") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        let items = index_page(text).expect("a page");
        assert_eq!(items.len(), expected.len(), "{text}");
        for (item, want) in items.iter().zip(&expected) {
            let got: Value = serde_json::from_str(&text[item.span.clone()]).expect("an item's text");
            assert_eq!(&got, want, "{text}");
            match (&item.members, want) {
                (Some(members), Value::Object(object)) => {
                    assert_eq!(members.len(), object.len(), "{text}");
                    for (m, (name, value)) in members.iter().zip(object) {
                        assert_eq!(&text[m.name.clone()], name);
                        let got: Value = serde_json::from_str(&text[m.value.clone()]).expect("a member's text");
                        assert_eq!(&got, value, "{text}");
                    }
                }
                (None, Value::Object(object)) => assert!(text[item.span.clone()].contains('\\'), "{object:?}"),
                (Some(_), _) => panic!("members for a non-object item in {text}"),
                (None, _) => {}
            }
        }
    }

    #[test]
    fn items_and_members_are_where_serde_finds_them() {
        agrees(
            r#"{"items":[{"id":1,"email":"a@b.example","customFields":[{"key":"tier","value":"gold"}],"x":null}],"hasMore":true}"#,
        );
        agrees(
            r#"{ "hasMore" : false , "items" : [ { "a" : { "b" : [1, 2, {"c": "]}"}] } , "d" : -1.5e3 } , 7 , "s" , [] , {} , null ] }"#,
        );
        agrees(r#"{"items":[{"q\"uoted":"v\\","k":"\u00e9 ü \"}\" ]"}],"other":{"items":[1]}}"#);
        agrees(r#"{"items":[{"name":"Köln","city":"São Paulo","t":true,"f":false}]}"#);
        agrees("{\n  \"items\": [\n    {\"a\": 1}\n  ]\n}\n");
        agrees(r#"{"hasMore":false}"#);
        agrees(r#"{"items":null}"#);
        agrees(r#"{"items":[]}"#);
        agrees(r#"{}"#);
    }

    #[test]
    fn a_split_page_rebuilds_to_the_same_json() {
        for text in [
            r#"{"items":[{"id":1,"a":[1,{"b":"]"}]},2,"x"],"hasMore":true}"#,
            "{ \"hasMore\" : false , \"items\" : [ {\"c\": \"\\\"\"} , [] ] }",
            r#"{"items":[],"hasMore":false}"#,
        ] {
            let Split { array, items } = split_page(text).expect("a page");
            let array = array.expect("an items array");
            let head: Value =
                serde_json::from_str(&format!("{}[]{}", &text[..array.start], &text[array.end..])).unwrap();
            let parts: Vec<Value> = items.iter().map(|r| serde_json::from_str(&text[r.clone()]).unwrap()).collect();
            let mut rebuilt = head;
            rebuilt["items"] = Value::Array(parts);
            assert_eq!(rebuilt, serde_json::from_str::<Value>(text).unwrap(), "{text}");
        }
        assert_eq!(split_page(r#"{"items":null}"#).expect("a page"), Split { array: None, items: Vec::new() });
    }

    #[test]
    fn escaped_member_names_leave_the_item_to_a_parse() {
        let items = index_page(r#"{"items":[{"a\"b":1},{"c":2}]}"#).expect("a page");
        assert!(items[0].members.is_none());
        assert_eq!(items[1].members.as_deref().map(<[Member]>::len), Some(1));
    }

    #[test]
    fn broken_text_is_an_error_or_places_on_char_boundaries_never_a_panic() {
        let samples = [
            "",
            "{",
            "[",
            "{\"items\"",
            "{\"items\":",
            "{\"items\":[",
            "{\"items\":[{",
            "{\"items\":[{\"a\"",
            "{\"items\":[{\"a\":",
            "{\"items\":[{\"a\":\"é",
            "{\"items\":[{\"a\":1,}",
            "{\"items\":[1,]}",
            "{\"items\":[\"\\",
            "{\"items\":[é]}",
            "{\"items\":[{\"é\\é\":1}]}",
            "}}]]",
            "{\"items\":[]]]}",
            "{\"items\":[{\"a\" 1}]}",
            "{\"items\":[{1:2}]}",
            "{\"items\":[{\"a\":}]}",
        ];
        for text in samples {
            if let Ok(items) = index_page(text) {
                for item in &items {
                    assert!(text.get(item.span.clone()).is_some(), "{text:?}");
                    for m in item.members.iter().flat_map(|m| m.iter()) {
                        assert!(text.get(m.name.clone()).is_some() && text.get(m.value.clone()).is_some(), "{text:?}");
                    }
                }
            }
        }
        assert!(index_page("{\"items\":[{\"a\":1}").is_err());
        assert!(index_page("[1]").is_err());
    }
}
