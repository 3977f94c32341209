//! The generated sample request and response of every operation
//! (`generated/samples.json`), and what else responses need
//! (`generated/responses.json`: a sample of every member of the unions they
//! carry, and how they spell enum values), all written by reply-codegen from
//! the spec's schemas.

use std::sync::LazyLock;

use reply_core::OperationId;
use serde_json::Value;

static SAMPLES: LazyLock<Value> = LazyLock::new(|| {
    // The file is generated and checked in CI; a parse failure is a build defect, not input.
    serde_json::from_str(include_str!("generated/samples.json")).expect("generated/samples.json is valid JSON")
});

static RESPONSES: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("generated/responses.json")).expect("generated/responses.json is valid JSON")
});

/// The shape `doc` takes where `template` stands: a union's sample is its
/// first member's (an `email` step), so a document tagged as another member
/// (a `condition` step) gets that member's sample instead. A member that is
/// itself a union (a LinkedIn step's action) switches again.
pub(crate) fn variant<'t>(template: &'t Value, doc: &Value) -> &'t Value {
    let mut current = template;
    // Each switch changes the tag of one union, so there are at most as many as unions.
    for _ in 0..UNIONS.len() {
        let next = UNIONS.iter().find_map(|union| {
            let (mine, wanted) = (current.get(union.tag)?.as_str()?, doc.get(union.tag)?.as_str()?);
            // Only this union's own sample switches, not any object with a member of that name.
            let own = union.variants.get(mine)?.as_object()?;
            let keys_of = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
            let current_keys = keys_of(current)?;
            // `current` may be another member of the union nested in `own` (a LinkedIn
            // step's `likeRecentPosts` where `own` is its `message`): same union too.
            let same_shape = current_keys.iter().eq(own.keys())
                || UNIONS.iter().any(|nested| {
                    let members: Vec<_> = nested.variants.values().filter_map(keys_of).collect();
                    members.iter().any(|k| k.iter().eq(own.keys())) && members.contains(&current_keys)
                });
            (mine != wanted && same_shape).then(|| union.variants.get(wanted)).flatten()
        });
        match next {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

/// A union of responses.json: its tag member and a sample of each member by tag.
struct Union {
    tag: &'static str,
    variants: &'static serde_json::Map<String, Value>,
}

/// The unions, read once: `variant` runs for every object of every answer.
static UNIONS: LazyLock<Vec<Union>> = LazyLock::new(|| {
    let unions = RESPONSES["unions"].as_array().map(Vec::as_slice).unwrap_or_default();
    unions
        .iter()
        .filter_map(|u| Some(Union { tag: u["tag"].as_str()?, variants: u["variants"].as_object()? }))
        .collect()
});

/// `value` as responses spell it where the template holds the enum value
/// `template` (requests may say `OverTenThousand` where answers say
/// `overTenThousand`): the member of the template's enum list that equals it
/// but for case. Text that is no such member is kept as it is.
pub(crate) fn spelling(template: &str, value: &str) -> String {
    let lists = RESPONSES["enums"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut spelled = lists
        .iter()
        .filter_map(Value::as_array)
        .filter(|list| list.iter().any(|v| v == template))
        .filter_map(|list| list.iter().filter_map(Value::as_str).find(|v| v.eq_ignore_ascii_case(value)));
    match spelled.next() {
        Some(first) if spelled.all(|other| other == first) => first.to_owned(),
        // No list holding the template has the value, or they disagree: leave it alone.
        _ => value.to_owned(),
    }
}

/// `op`'s own 400 example of out-of-range paging: its code (if it names one)
/// and its detail.
pub(crate) fn invalid_pagination(op: OperationId) -> Option<(Option<&'static str>, &'static str)> {
    let example = RESPONSES["invalidPagination"].get(op.as_str())?;
    Some((example["code"].as_str(), example["detail"].as_str()?))
}

/// The sample response of `op`: its status and body (`Null` when it has none).
pub(crate) fn response(op: OperationId) -> (u16, &'static Value) {
    let r = &SAMPLES[op.as_str()]["response"];
    (r["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(200), &r["body"])
}

/// The sample response body of `op`.
pub(crate) fn body(op: OperationId) -> &'static Value {
    response(op).1
}

/// Whether `op` answers a map of per-item failures (`{"<id>": {error, errorDetails}}`,
/// sampled with a placeholder `key`).
pub(crate) fn answers_failures(op: OperationId) -> bool {
    body(op).as_object().is_some_and(|m| m.len() == 1 && m.contains_key("key"))
}

/// The shape of one item in `op`'s answer: `items[0]` of a page, `[0]` of an
/// array, or the body itself.
pub(crate) fn item(op: OperationId) -> &'static Value {
    let b = body(op);
    match b {
        Value::Array(items) => items.first().unwrap_or(&Value::Null),
        Value::Object(m) if m.contains_key("items") && m.contains_key("hasMore") => {
            b["items"].as_array().and_then(|i| i.first()).unwrap_or(&Value::Null)
        }
        _ => b,
    }
}
