//! Plain aligned tables for a terminal: one row per item with `id` and the
//! first scalar fields that fit the width, or one row per field for a single
//! object. Everything else is one `--json` away.

use console::{measure_text_width, truncate_str};
use serde_json::{Map, Value};

/// The widest a cell may get before it is cut with `…`.
const MAX_CELL: usize = 40;
/// A list shows at most this many columns; the rest is one `--json` away.
const MAX_COLUMNS: usize = 6;
const GAP: &str = "  ";
/// Members that tell items apart, shown first when present.
const PREFERRED: [&str; 14] = [
    "id",
    "name",
    "title",
    "email",
    "firstName",
    "lastName",
    "company",
    "subject",
    "status",
    "statusInSequence",
    "type",
    "eventType",
    "url",
    "username",
];

/// A cell's text: strings as they are, other scalars as JSON, containers as compact JSON.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// Keys of scalar members across `items`: the preferred ones first, then in first-seen order.
fn scalar_columns(items: &[Value]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(members) = item {
            for (key, value) in members {
                if is_scalar(value) && !value.is_null() && !columns.contains(key) {
                    columns.push(key.clone());
                }
            }
        }
    }
    let rank = |c: &String| PREFERRED.iter().position(|p| p == c).unwrap_or(PREFERRED.len());
    // A stable sort keeps first-seen order among the others.
    columns.sort_by_key(rank);
    columns
}

fn line(cells: &[String], widths: &[usize]) -> String {
    let padded: Vec<String> = cells
        .iter()
        .zip(widths)
        .map(|(text, &width)| {
            let text = truncate_str(text, width, "…");
            let pad = width.saturating_sub(measure_text_width(&text));
            format!("{text}{}", " ".repeat(pad))
        })
        .collect();
    padded.join(GAP).trim_end().to_owned()
}

/// A table of items within `width` columns, and how many columns were left out.
pub fn items(items: &[Value], width: usize) -> (String, usize) {
    if items.iter().all(is_scalar) {
        let lines: Vec<String> = items.iter().map(cell).collect();
        return (lines.join("\n"), 0);
    }
    let columns = scalar_columns(items);
    let rows: Vec<Vec<String>> =
        items.iter().map(|item| columns.iter().map(|c| item.get(c).map(cell).unwrap_or_default()).collect()).collect();
    let mut widths = Vec::new();
    let mut used = 0;
    for (i, column) in columns.iter().enumerate() {
        let widest = rows.iter().map(|r| measure_text_width(&r[i])).chain([measure_text_width(column)]).max();
        let w = widest.unwrap_or(0).min(MAX_CELL);
        let needed = if i == 0 { w } else { w + GAP.len() };
        // Always show the first column, however narrow the terminal.
        if i > 0 && (used + needed > width || i == MAX_COLUMNS) {
            break;
        }
        used += needed;
        widths.push(w);
    }
    let shown = widths.len();
    let mut out = vec![line(&columns[..shown], &widths)];
    out.extend(rows.iter().map(|r| line(&r[..shown], &widths)));
    (out.join("\n"), columns.len() - shown)
}

/// A two-column table of an object's members; nested values as compact JSON.
pub fn object(members: &Map<String, Value>, width: usize) -> String {
    let key_width = members.keys().map(|k| measure_text_width(k)).max().unwrap_or(0);
    let value_width = width.saturating_sub(key_width + GAP.len()).max(20);
    members
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let text = truncate_str(&cell(v), value_width, "…").into_owned();
            format!("{k:key_width$}{GAP}{text}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn id_first_then_scalars_that_fit() {
        let rows = vec![
            json!({"email": "ada@example.com", "id": 1, "tags": ["a"], "firstName": "Ada"}),
            json!({"email": "grace@example.com", "id": 22, "lastName": "Hopper"}),
        ];
        let (text, hidden) = items(&rows, 200);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "id  email              firstName  lastName");
        assert_eq!(lines[1], "1   ada@example.com    Ada");
        assert_eq!(lines[2], "22  grace@example.com             Hopper");
        assert_eq!(hidden, 0);
        let wide = vec![json!({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "status": "x", "name": "n", "id": 9})];
        let (text, hidden) = items(&wide, 200);
        assert_eq!(text.lines().next(), Some("id  name  status  a  b  c"));
        assert_eq!(hidden, 2);
        let (narrow, hidden) = items(&rows, 24);
        assert_eq!(narrow.lines().next(), Some("id  email"));
        assert_eq!(hidden, 2);
    }

    #[test]
    fn long_cells_are_cut_and_scalars_listed() {
        let rows = vec![json!({"id": 1, "note": "x".repeat(100)})];
        let (text, _) = items(&rows, 200);
        assert!(text.lines().nth(1).unwrap().ends_with('…'));
        assert_eq!(items(&[json!("a@x"), json!("b@x")], 80).0, "a@x\nb@x");
    }

    #[test]
    fn objects_one_member_per_line() {
        let value = json!({"id": 7, "name": "Q3", "steps": [{"type": "email"}], "gone": null});
        let text = object(value.as_object().unwrap(), 80);
        assert_eq!(text, "id     7\nname   Q3\nsteps  [{\"type\":\"email\"}]");
    }
}
