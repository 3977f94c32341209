//! `--select`: a small subset of jq paths, enough to pick fields out of an
//! answer without piping to jq: `.id`, `.items[].email`, `.[0].name`,
//! `.owner.email`. A `[]` step fans out, so the result is a list.

use serde_json::Value;

use crate::failure::Failure;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(String),
    Index(usize),
    Each,
}

/// A parsed selection path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    steps: Vec<Step>,
}

/// What a selection picked: one value, or a list when it fanned out.
#[derive(Debug, Clone, PartialEq)]
pub enum Selected {
    One(Value),
    Many(Vec<Value>),
}

impl Selected {
    pub fn into_value(self) -> Value {
        match self {
            Selected::One(v) => v,
            Selected::Many(vs) => Value::Array(vs),
        }
    }
}

impl Selection {
    pub fn parse(text: &str) -> Result<Selection, Failure> {
        let bad = |why: &str| Failure::Usage(format!("--select {text:?}: {why} (e.g. `.items[].email`)"));
        let mut rest = text.trim().strip_prefix('.').ok_or_else(|| bad("a path starts with `.`"))?;
        let mut steps = Vec::new();
        while !rest.is_empty() {
            if let Some(inner) = rest.strip_prefix('[') {
                let (index, after) = inner.split_once(']').ok_or_else(|| bad("`[` without `]`"))?;
                steps.push(if index.is_empty() {
                    Step::Each
                } else {
                    Step::Index(index.trim().parse().map_err(|_| bad("an index is a number"))?)
                });
                rest = after;
            } else {
                let rest_field = rest.strip_prefix('.').unwrap_or(rest);
                let end = rest_field.find(['.', '[']).unwrap_or(rest_field.len());
                if end == 0 {
                    return Err(bad("empty field name"));
                }
                steps.push(Step::Field(rest_field[..end].to_owned()));
                rest = &rest_field[end..];
            }
        }
        Ok(Selection { steps })
    }

    /// Applies the path; a missing field gives `null`, like jq.
    pub fn apply(&self, value: &Value) -> Selected {
        let mut current = vec![value.clone()];
        let mut fanned_out = false;
        for step in &self.steps {
            current = match step {
                Step::Field(name) => current.into_iter().map(|v| v.get(name).cloned().unwrap_or(Value::Null)).collect(),
                Step::Index(i) => current.into_iter().map(|v| v.get(*i).cloned().unwrap_or(Value::Null)).collect(),
                Step::Each => {
                    fanned_out = true;
                    current
                        .into_iter()
                        .flat_map(|v| match v {
                            Value::Array(items) => items,
                            Value::Object(members) => members.into_iter().map(|(_, v)| v).collect(),
                            _ => Vec::new(),
                        })
                        .collect()
                }
            };
        }
        if fanned_out { Selected::Many(current) } else { Selected::One(current.pop().unwrap_or(Value::Null)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn select(path: &str, value: &Value) -> Selected {
        Selection::parse(path).unwrap().apply(value)
    }

    #[test]
    fn fields_indexes_and_fan_out() {
        let page = json!({"items": [{"email": "a@x", "id": 1}, {"email": "b@x", "id": 2}], "hasMore": false});
        assert_eq!(select(".items[].email", &page), Selected::Many(vec![json!("a@x"), json!("b@x")]));
        assert_eq!(select(".items[1].id", &page), Selected::One(json!(2)));
        assert_eq!(select(".hasMore", &page), Selected::One(json!(false)));
        assert_eq!(select(".", &page), Selected::One(page.clone()));
        assert_eq!(select(".nope.deeper", &page), Selected::One(Value::Null));
        assert_eq!(select(".[0]", &json!([5, 6])), Selected::One(json!(5)));
        assert_eq!(select(".[]", &json!([5, 6])), Selected::Many(vec![json!(5), json!(6)]));
    }

    #[test]
    fn bad_paths_are_usage_errors() {
        for bad in ["items", ".items[", ".a..b", ".[x]"] {
            assert!(Selection::parse(bad).is_err(), "{bad}");
        }
    }
}
