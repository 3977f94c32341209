//! People and contacts read from the command line and from CSV files.
//!
//! A CSV file has a header row of the import item's member names (`email`,
//! `firstName`, `lastName`, `company`, `title`, ...: the generated
//! `ContactsImportRequestItemsItem` decides which are known), plus an optional
//! `id` column for `sequences enrol`. Empty cells are left out, so they never
//! blank anything.

use std::path::Path;

use reply_client::workflows::EnrolTarget;
use reply_core::models::ContactsImportRequestItemsItem;
use serde_json::{Map, Value};

use crate::failure::Failure;

/// One data row: its line number and its non-empty cells by column name.
pub struct Row {
    pub line: u64,
    pub cells: Map<String, Value>,
}

/// The rows of a CSV file.
pub fn csv_rows(path: &Path) -> Result<Vec<Row>, Failure> {
    let file = path.display();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| Failure::Usage(format!("cannot read {file}: {e}")))?;
    let headers = reader.headers().map_err(|e| Failure::Usage(format!("{file}: {e}")))?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Failure::Usage(format!("{file}: {e}")))?;
        let line = record.position().map_or(0, |p| p.line());
        let cells = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| (name.to_owned(), Value::from(value)))
            .collect();
        rows.push(Row { line, cells });
    }
    Ok(rows)
}

/// A person from named members; a member the import item does not know is refused, not sent.
pub fn person(cells: Map<String, Value>, at: &str) -> Result<ContactsImportRequestItemsItem, Failure> {
    let person: ContactsImportRequestItemsItem = serde_json::from_value(Value::Object(cells))
        .map_err(|e| Failure::Usage(format!("{at}: not a contact: {e}")))?;
    if let Some(unknown) = person.extra.keys().next() {
        return Err(Failure::Usage(format!(
            "{at}: `{unknown}` is not a contact member (see `reply contacts import --help`)"
        )));
    }
    Ok(person)
}

/// The people of a CSV file, for `contacts ensure`.
pub fn people_from_csv(path: &Path) -> Result<Vec<ContactsImportRequestItemsItem>, Failure> {
    csv_rows(path)?.into_iter().map(|row| person(row.cells, &format!("{} line {}", path.display(), row.line))).collect()
}

/// The contacts of a CSV file, for `sequences enrol`: a row with an `id` is
/// that contact; a row with only an `email` is the existing contact with that
/// address; a row with more is a person to create or match first.
pub fn targets_from_csv(path: &Path) -> Result<Vec<EnrolTarget>, Failure> {
    csv_rows(path)?
        .into_iter()
        .map(|mut row| {
            let at = format!("{} line {}", path.display(), row.line);
            if let Some(id) = row.cells.remove("id") {
                let text = id.as_str().unwrap_or_default();
                let id = text.parse().map_err(|_| Failure::Usage(format!("{at}: `{text}` is not a contact id")))?;
                return Ok(EnrolTarget::Id(id));
            }
            match row.cells.len() {
                0 => Err(Failure::Usage(format!("{at}: the row has neither an id nor an email"))),
                1 if row.cells.contains_key("email") => {
                    Ok(EnrolTarget::Email(row.cells["email"].as_str().unwrap_or_default().to_owned()))
                }
                _ => Ok(EnrolTarget::Person(Box::new(person(row.cells, &at)?))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn rows_become_ids_emails_or_people() {
        let f = file("id,email,firstName\n7,,\n,ann@example.com,\n,bo@example.com,Bo\n");
        let targets = targets_from_csv(f.path()).unwrap();
        assert_eq!(targets[0], EnrolTarget::Id(7));
        assert_eq!(targets[1], EnrolTarget::Email("ann@example.com".into()));
        let EnrolTarget::Person(p) = &targets[2] else { panic!("a person") };
        assert_eq!(
            (p.email.as_deref(), p.first_name.as_str(), p.last_name.as_deref()),
            (Some("bo@example.com"), "Bo", None)
        );
    }

    #[test]
    fn unknown_columns_and_bad_ids_are_refused() {
        let f = file("email,firstName,shoeSize\nann@example.com,Ann,42\n");
        let Err(Failure::Usage(m)) = people_from_csv(f.path()) else { panic!("refused") };
        assert!(m.contains("shoeSize"), "{m}");
        let f = file("id\nseven\n");
        assert!(matches!(targets_from_csv(f.path()), Err(Failure::Usage(m)) if m.contains("seven")));
    }
}
