//! Printing answers on stdout: a table on a terminal, JSON (pretty on a
//! terminal, compact when piped), NDJSON or CSV. Notes about the data (more
//! pages, hidden columns) go to stderr so pipes get only data.

use std::io::{IsTerminal, Write};

use serde_json::Value;

use crate::failure::Failure;
use crate::globals::Globals;
use crate::select::{Selected, Selection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Ndjson,
    Csv,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "ndjson" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// How one command prints.
pub struct Printer {
    format: Format,
    pretty: bool,
    width: usize,
    selection: Option<Selection>,
}

/// The items of a list-shaped answer: an array, or a page's `items`.
fn list_items(value: &Value) -> Option<&[Value]> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(members) => members.get("items").and_then(Value::as_array).map(Vec::as_slice),
        _ => None,
    }
}

fn write_out(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        // A closed pipe (`reply ... | head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Failure::Runtime(format!("cannot write the output: {e}"))),
    }
}

impl Printer {
    pub fn new(globals: &Globals) -> Result<Printer, Failure> {
        let terminal = std::io::stdout().is_terminal();
        let format = globals.format.unwrap_or(if terminal { Format::Table } else { Format::Json });
        let width = if terminal { console::Term::stdout().size().1 as usize } else { 160 };
        let selection = globals.select.as_deref().map(Selection::parse).transpose()?;
        Ok(Printer { format, pretty: terminal, width, selection })
    }

    /// True when items can be printed as they arrive (NDJSON without a selection).
    pub fn streams(&self) -> bool {
        self.format == Format::Ndjson && self.selection.is_none()
    }

    /// Prints one streamed item (see [`Printer::streams`]).
    pub fn stream_item(&self, item: &Value) -> Result<(), Failure> {
        write_out(&item.to_string())
    }

    fn json(&self, value: &Value) -> String {
        if self.pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) }
            .expect("JSON values encode")
    }

    /// Prints an answer body (or merged items) in the chosen format.
    pub fn print(&self, value: &Value) -> Result<(), Failure> {
        let selected = match &self.selection {
            Some(selection) => selection.apply(value),
            None => Selected::One(value.clone()),
        };
        let value = selected.into_value();
        match self.format {
            Format::Json if value.is_null() => Ok(()),
            Format::Json => write_out(&self.json(&value)),
            Format::Ndjson => match list_items(&value) {
                Some(items) => items.iter().try_for_each(|item| write_out(&item.to_string())),
                None if value.is_null() => Ok(()),
                None => write_out(&value.to_string()),
            },
            Format::Csv => write_out(&csv(list_items(&value).unwrap_or(std::slice::from_ref(&value)))?),
            Format::Table => self.table(&value),
        }
    }

    fn table(&self, value: &Value) -> Result<(), Failure> {
        if let Some(items) = list_items(value) {
            if items.is_empty() {
                eprintln!("(no items)");
                return Ok(());
            }
            let (text, hidden) = crate::table::items(items, self.width);
            write_out(&text)?;
            if hidden > 0 {
                eprintln!("({hidden} more columns: use --json or --csv to see everything)");
            }
            if value.get("hasMore").and_then(Value::as_bool) == Some(true) {
                eprintln!("(more items: add --all to fetch every page, or --skip {})", items.len());
            }
            return Ok(());
        }
        match value {
            Value::Null => Ok(()),
            Value::Object(members) => write_out(&crate::table::object(members, self.width)),
            scalar => write_out(&crate::table::cell(scalar)),
        }
    }
}

/// CSV with a column per member seen in any row; nested values as compact JSON.
fn csv(rows: &[Value]) -> Result<String, Failure> {
    let mut columns: Vec<&str> = Vec::new();
    for row in rows {
        if let Value::Object(members) = row {
            for key in members.keys() {
                if !columns.contains(&key.as_str()) {
                    columns.push(key);
                }
            }
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Failure::Runtime(format!("cannot write CSV: {e}"));
    if columns.is_empty() {
        // A list of plain values: one column.
        writer.write_record(["value"]).map_err(fail)?;
        for row in rows {
            writer.write_record([crate::table::cell(row)]).map_err(fail)?;
        }
    } else {
        writer.write_record(&columns).map_err(fail)?;
        for row in rows {
            writer
                .write_record(columns.iter().map(|c| row.get(c).map(crate::table::cell).unwrap_or_default()))
                .map_err(fail)?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| Failure::Runtime(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8").trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_columns_are_the_union_in_first_seen_order() {
        let rows = vec![json!({"id": 1, "email": "a@x", "tags": ["t"]}), json!({"id": 2, "name": "B, Inc."})];
        assert_eq!(csv(&rows).unwrap(), "id,email,tags,name\n1,a@x,\"[\"\"t\"\"]\",\n2,,,\"B, Inc.\"");
        assert_eq!(csv(&[json!("a"), json!(2)]).unwrap(), "value\na\n2");
    }

    #[test]
    fn list_shapes() {
        assert_eq!(list_items(&json!({"items": [1], "hasMore": true})).map(<[_]>::len), Some(1));
        assert_eq!(list_items(&json!([1, 2])).map(<[_]>::len), Some(2));
        assert!(list_items(&json!({"id": 1})).is_none());
    }
}
