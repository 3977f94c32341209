//! Casing and naming rules shared by every emitter.

use heck::{ToPascalCase, ToSnakeCase};

/// Words whose usual casing we keep in type names.
const WORD_FIXES: &[(&str, &str)] = &[("Linkedin", "LinkedIn")];

/// A Rust type name from any text (`"In-Sequence Status (full)"` → `InSequenceStatusFull`).
pub fn type_name(text: &str) -> String {
    let cleaned: String = text.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut name = cleaned.to_pascal_case();
    for (from, to) in WORD_FIXES {
        name = name.replace(from, to);
    }
    if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        name.insert(0, 'T');
    }
    name
}

/// A snake_case identifier (`linkedInAccountId` → `linked_in_account_id`).
pub fn snake(text: &str) -> String {
    let cleaned: String = text.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    cleaned.to_snake_case()
}

/// A Rust field or method name, escaping keywords.
pub fn field_name(json_name: &str) -> String {
    let mut name = snake(json_name);
    if name.is_empty() {
        name = "field".into();
    }
    if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if is_keyword(&name) { format!("r#{name}") } else { name }
}

/// An enum variant name from a wire value.
pub fn variant_name(value: &str) -> String {
    let name = type_name(value);
    if name.is_empty() { "Empty".into() } else { name }
}

pub fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// Splits a PascalCase identifier into lower-case words (`GetContactById` → `get contact by id`).
pub fn words(identifier: &str) -> Vec<String> {
    snake(identifier).split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// A Rust string literal.
pub fn lit(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("In-Sequence Status (full)"), "InSequenceStatusFull");
        assert_eq!(type_name("linkedin-connect"), "LinkedInConnect");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("linkedInAccountId"), "linked_in_account_id");
        assert_eq!(words("GetContactById"), ["get", "contact", "by", "id"]);
    }
}
