//! Turns the spec's JSON Schemas into a small set of Rust type definitions.
//!
//! The spec has no `$ref`s: every schema is inlined (through YAML anchors), so
//! the same shape appears many times. Shapes are identified by a canonical key
//! (the schema without its prose), so each distinct shape becomes one Rust
//! type, named after its component when it is one, else its title, else the
//! place it was found.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use crate::names;

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Str,
    Int,
    Num,
    Bool,
    /// Anything (`serde_json::Value`).
    Any,
    /// Raw file contents (multipart only).
    Bytes,
    Array(Box<Ty>),
    Map(Box<Ty>),
    Named(String),
    /// A bulk answer's per-item error code, typed `Int` or `Str` (the inner
    /// type) by the spec but sent either way: the core's `ItemCode` keeps
    /// whichever came (see [`is_item_code`]).
    ItemCode(Box<Ty>),
}

impl Ty {
    /// The Rust spelling, as seen from inside the models module.
    pub fn rust(&self) -> String {
        match self {
            Ty::Str => "String".into(),
            Ty::Int => "i64".into(),
            Ty::Num => "f64".into(),
            Ty::Bool => "bool".into(),
            Ty::Any => "serde_json::Value".into(),
            Ty::Bytes => "bytes::Bytes".into(),
            Ty::Array(inner) => format!("Vec<{}>", inner.rust()),
            Ty::Map(inner) => format!("std::collections::BTreeMap<String, {}>", inner.rust()),
            Ty::Named(name) => name.clone(),
            Ty::ItemCode(_) => "crate::ItemCode".into(),
        }
    }
}

/// True for a bulk answer's per-item error code: the `error` member of an
/// object that also has `errorDetails` (`CreateItemResult`,
/// `NotProcessedItemResult`, ...), typed integer in some and string in
/// others. The spec's README: "some describe the per-item codes as integers,
/// others as camelCase strings. Accept both."
fn is_item_code(name: &str, properties: &Map<String, Value>, ty: &Ty) -> bool {
    name == "error" && properties.contains_key("errorDetails") && matches!(ty, Ty::Int | Ty::Str)
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    pub json: String,
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// Short facts for the doc comment (format, bounds, read-only).
    pub facts: Vec<String>,
}

/// A member of a discriminated union.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub ty: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum DefKind {
    Struct(Vec<Field>),
    Enum(Vec<String>),
    Union { tag: String, variants: Vec<Variant> },
}

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct Def {
    pub name: String,
    /// Where the shape comes from: `component contact.model` or the first place it was seen.
    pub origin: String,
    pub kind: DefKind,
}

/// Names that the core defines by hand or that would shadow std.
const RESERVED: &[&str] = &[
    "Problem",
    "Page",
    "Nullable",
    "Value",
    "Error",
    "Result",
    "Option",
    "String",
    "Vec",
    "Box",
    "Default",
    "Request",
    "Response",
    "Method",
    "Headers",
    "Bytes",
    "Redirect",
    "Multipart",
    "Operation",
    "Params",
];

/// Every type found so far.
pub struct Types {
    pub defs: Vec<Def>,
    by_key: HashMap<String, String>,
    taken: HashSet<String>,
    /// Canonical key → (component key, pre-assigned name).
    components: HashMap<String, (String, String)>,
    /// Component key → canonical key (for discriminator mappings).
    component_keys: HashMap<String, String>,
}

/// The schema without prose, as a string: two schemas with the same key get one type.
pub fn canonical(schema: &Value) -> String {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, val) in map {
                    match k.as_str() {
                        "description" | "example" | "examples" => {}
                        "properties" => {
                            let props = val
                                .as_object()
                                .map(|p| p.iter().map(|(name, s)| (name.clone(), strip(s))).collect::<Map<_, _>>())
                                .unwrap_or_default();
                            out.insert(k.clone(), Value::Object(props));
                        }
                        "items" | "additionalProperties" | "not" => {
                            out.insert(k.clone(), strip(val));
                        }
                        "allOf" | "oneOf" | "anyOf" => {
                            let list = val.as_array().map(|l| l.iter().map(strip).collect()).unwrap_or_default();
                            out.insert(k.clone(), Value::Array(list));
                        }
                        _ => {
                            out.insert(k.clone(), val.clone());
                        }
                    }
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }
    strip(schema).to_string()
}

/// True when the schema says `null` is allowed.
pub fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool).unwrap_or(false)
        || schema.get("type").and_then(Value::as_array).is_some_and(|t| t.iter().any(|x| x == "null"))
}

/// The schema's `type`, ignoring a `null` member of a type list.
pub fn type_of(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t.as_str()),
        Value::Array(list) => list.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

/// The members of an `allOf` that say something (not an empty `{}` or prose only).
fn meaningful_members(schema: &Value) -> Vec<&Value> {
    schema
        .get("allOf")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter(|m| {
                    m.as_object().is_some_and(|o| {
                        o.keys().any(|k| !matches!(k.as_str(), "description" | "example" | "examples" | "title"))
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Flattens `allOf` into one object schema: properties in order, `required` united.
pub fn merge_all_of(schema: &Value) -> Value {
    let mut props = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut out = Map::new();
    fn visit(s: &Value, props: &mut Map<String, Value>, required: &mut Vec<Value>, out: &mut Map<String, Value>) {
        for member in s.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            visit(member, props, required, out);
        }
        if let Some(p) = s.get("properties").and_then(Value::as_object) {
            for (k, v) in p {
                props.insert(k.clone(), v.clone());
            }
        }
        for r in s.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !required.contains(r) {
                required.push(r.clone());
            }
        }
        for key in ["additionalProperties", "nullable", "title", "discriminator", "oneOf", "enum", "format"] {
            if let Some(v) = s.get(key) {
                out.insert(key.to_owned(), v.clone());
            }
        }
        if let Some(t) = s.get("type") {
            out.insert("type".into(), t.clone());
        }
    }
    visit(schema, &mut props, &mut required, &mut out);
    if let Some(title) = schema.get("title") {
        out.insert("title".into(), title.clone());
    }
    if !props.is_empty() {
        out.insert("type".into(), Value::String("object".into()));
        out.insert("properties".into(), Value::Object(props));
    }
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    Value::Object(out)
}

/// A name from a component key: `contact-creation.request` → `ContactCreationRequest`.
fn component_base_name(key: &str) -> String {
    let (base, rest) = key.split_once('.').unwrap_or((key, ""));
    let suffix = if rest.starts_with("request") {
        "Request"
    } else if rest.starts_with("response") {
        "Response"
    } else {
        ""
    };
    format!("{}{}", names::type_name(base), suffix)
}

/// Sequence-step shapes are components named `*.type`; they read better as `EmailStep`.
fn is_step_component(key: &str) -> bool {
    key.ends_with(".type") && !key.starts_with("webhook")
}

impl Types {
    /// Pre-assigns a name to every component, in spec order, so names do not
    /// depend on which operation first uses a shape.
    pub fn new(components: &Map<String, Value>) -> Types {
        let mut types = Types {
            defs: Vec::new(),
            by_key: HashMap::new(),
            taken: RESERVED.iter().map(|s| s.to_string()).collect(),
            components: HashMap::new(),
            component_keys: HashMap::new(),
        };
        for (key, schema) in components {
            let canon = canonical(schema);
            types.component_keys.insert(key.clone(), canon.clone());
            if types.components.contains_key(&canon) {
                continue;
            }
            let mut candidates = Vec::new();
            if let Some(title) = schema.get("title").and_then(Value::as_str) {
                let mut name = names::type_name(title);
                if is_step_component(key) {
                    name.push_str("Step");
                }
                candidates.push(name);
            }
            candidates.push(component_base_name(key));
            let name = types.first_free(&candidates);
            types.taken.insert(name.clone());
            types.components.insert(canon, (key.clone(), name));
        }
        types
    }

    fn first_free(&self, candidates: &[String]) -> String {
        for c in candidates {
            if !c.is_empty() && !self.taken.contains(c) {
                return c.clone();
            }
        }
        let base = candidates.iter().find(|c| !c.is_empty()).cloned().unwrap_or_else(|| "Anonymous".into());
        (2..).map(|n| format!("{base}{n}")).find(|c| !self.taken.contains(c)).unwrap()
    }

    /// The name for a shape: the existing one, its component's, its title, or one of `context`.
    fn claim(&mut self, schema: &Value, key: &str, context: &[String]) -> (String, bool) {
        if let Some(name) = self.by_key.get(key) {
            return (name.clone(), false);
        }
        let name = if let Some((_, name)) = self.components.get(key) {
            name.clone()
        } else {
            let mut candidates = Vec::new();
            if let Some(title) = schema.get("title").and_then(Value::as_str) {
                candidates.push(names::type_name(title));
            }
            candidates.extend(context.iter().cloned());
            let name = self.first_free(&candidates);
            self.taken.insert(name.clone());
            name
        };
        self.by_key.insert(key.to_owned(), name.clone());
        (name, true)
    }

    fn origin(&self, key: &str, context: &[String]) -> String {
        match self.components.get(key) {
            Some((component, _)) => format!("component `{component}`"),
            None => format!("inline schema first seen as `{}`", context.last().cloned().unwrap_or_default()),
        }
    }

    /// Resolves a schema to a type, defining named types as needed.
    /// `context` lists name candidates for an unnamed shape, best first.
    pub fn resolve(&mut self, schema: &Value, context: &[String]) -> Ty {
        let members = meaningful_members(schema);
        if schema.get("allOf").is_some() && schema.get("properties").is_none() && members.len() == 1 {
            return self.resolve(members[0], context);
        }
        if schema.get("allOf").is_some() {
            let merged = merge_all_of(schema);
            return self.resolve_object_like(schema, &merged, context);
        }
        if schema.get("oneOf").is_some() {
            if schema.get("discriminator").is_some() {
                return self.resolve_union(schema, context);
            }
            return Ty::Any;
        }
        if schema.get("anyOf").is_some() {
            return Ty::Any;
        }
        match type_of(schema) {
            Some("array") => {
                let items = schema.get("items").cloned().unwrap_or(Value::Object(Map::new()));
                let ctx: Vec<String> = context.iter().map(|c| format!("{c}Item")).collect();
                Ty::Array(Box::new(self.resolve(&items, &ctx)))
            }
            Some("string") if schema.get("enum").is_some() => self.resolve_enum(schema, context),
            Some("string") if schema.get("format").and_then(Value::as_str) == Some("binary") => Ty::Bytes,
            Some("string") => Ty::Str,
            Some("integer") => Ty::Int,
            Some("number") => Ty::Num,
            Some("boolean") => Ty::Bool,
            Some("object") | None => {
                if schema.get("properties").is_some() {
                    self.resolve_object_like(schema, schema, context)
                } else if let Some(ap) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                    let ctx: Vec<String> = context.iter().map(|c| format!("{c}Value")).collect();
                    Ty::Map(Box::new(self.resolve(ap, &ctx)))
                } else if schema.get("enum").and_then(Value::as_array).is_some_and(|l| l.iter().all(Value::is_string)) {
                    self.resolve_enum(schema, context)
                } else {
                    Ty::Any
                }
            }
            Some(_) => Ty::Any,
        }
    }

    fn resolve_enum(&mut self, schema: &Value, context: &[String]) -> Ty {
        let values: Vec<String> = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let key = canonical(schema);
        let (name, new) = self.claim(schema, &key, context);
        if new {
            let origin = self.origin(&key, context);
            self.defs.push(Def { name: name.clone(), origin, kind: DefKind::Enum(values) });
        }
        Ty::Named(name)
    }

    /// `raw` names the shape; `merged` (raw with `allOf` flattened) gives its fields.
    fn resolve_object_like(&mut self, raw: &Value, merged: &Value, context: &[String]) -> Ty {
        if merged.get("properties").is_none() {
            if merged.get("oneOf").is_some() && merged.get("discriminator").is_some() {
                return self.resolve_union(merged, context);
            }
            if type_of(merged) == Some("string") && merged.get("enum").is_some() {
                return self.resolve_enum(merged, context);
            }
            return Ty::Any;
        }
        let key = canonical(raw);
        let (name, new) = self.claim(raw, &key, context);
        if !new {
            return Ty::Named(name);
        }
        let origin = self.origin(&key, context);
        // Reserve the slot now so the definition precedes its field types in the output.
        let index = self.defs.len();
        self.defs.push(Def { name: name.clone(), origin, kind: DefKind::Struct(Vec::new()) });
        let required: HashSet<&str> = merged
            .get("required")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut used = HashSet::from(["extra".to_owned()]);
        let empty = Map::new();
        let properties = merged.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        for (json, prop) in properties {
            let pascal = names::type_name(json);
            let ctx = vec![format!("{name}{pascal}")];
            let enum_ctx = vec![pascal.clone(), format!("{name}{pascal}")];
            let is_enum = type_of(prop) == Some("string") && prop.get("enum").is_some();
            let mut ty = self.resolve(prop, if is_enum { &enum_ctx } else { &ctx });
            if is_item_code(json, properties, &ty) {
                ty = Ty::ItemCode(Box::new(ty));
            }
            let mut rust = names::field_name(json);
            while !used.insert(rust.clone()) {
                rust.push('_');
            }
            let nullable = is_nullable(prop) || meaningful_members(prop).iter().any(|m| is_nullable(m));
            fields.push(Field {
                json: json.clone(),
                rust,
                ty,
                required: required.contains(json.as_str()),
                nullable,
                facts: facts(prop),
            });
        }
        self.defs[index].kind = DefKind::Struct(fields);
        Ty::Named(name)
    }

    fn resolve_union(&mut self, schema: &Value, context: &[String]) -> Ty {
        let key = canonical(schema);
        let (name, new) = self.claim(schema, &key, context);
        if !new {
            return Ty::Named(name);
        }
        let origin = self.origin(&key, context);
        let index = self.defs.len();
        self.defs.push(Def { name: name.clone(), origin, kind: DefKind::Enum(Vec::new()) });
        let discriminator = schema.get("discriminator").cloned().unwrap_or(Value::Null);
        let tag = discriminator.get("propertyName").and_then(Value::as_str).unwrap_or("type").to_owned();
        // mapping: tag value → component; turned into canonical key → tag values.
        let mut by_member: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (value, target) in discriminator.get("mapping").and_then(Value::as_object).into_iter().flatten() {
            let component = target.as_str().unwrap_or("").rsplit('/').next().unwrap_or("");
            if let Some(canon) = self.component_keys.get(component) {
                by_member.entry(canon.clone()).or_default().push(value.clone());
            }
        }
        let mut variants: Vec<Variant> = Vec::new();
        for (i, member) in schema.get("oneOf").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let member_key = canonical(member);
            let merged = if member.get("allOf").is_some() { merge_all_of(member) } else { member.clone() };
            let mut tags = by_member.get(&member_key).cloned().unwrap_or_default();
            if tags.is_empty() {
                tags = merged
                    .get("properties")
                    .and_then(|p| p.get(&tag))
                    .and_then(|t| t.get("enum").or_else(|| t.get("const").map(|_| t)))
                    .map(|e| match e {
                        Value::Array(list) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                        other => {
                            other.get("const").and_then(Value::as_str).map(|s| vec![s.to_owned()]).unwrap_or_default()
                        }
                    })
                    .unwrap_or_default();
            }
            let title = member.get("title").and_then(Value::as_str).map(names::type_name);
            let ctx = vec![format!("{name}{}", title.clone().unwrap_or_else(|| format!("Variant{i}")))];
            let Ty::Named(ty) = self.resolve(member, &ctx) else { continue };
            let base = tags.first().map(|t| names::variant_name(t)).or(title).unwrap_or_else(|| format!("Variant{i}"));
            let mut variant = base.clone();
            let mut n = 2;
            while variants.iter().any(|v| v.name == variant) || variant == "Unknown" {
                variant = format!("{base}{n}");
                n += 1;
            }
            variants.push(Variant { name: variant, ty, tags });
        }
        self.defs[index].kind = DefKind::Union { tag, variants };
        Ty::Named(name)
    }
}

/// Facts worth a doc line: format, bounds, length, read/write-only, default.
fn facts(schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(f) = schema.get("format").and_then(Value::as_str) {
        out.push(format!("format `{f}`"));
    }
    match (schema.get("minimum"), schema.get("maximum")) {
        (Some(a), Some(b)) => out.push(format!("{a}..={b}")),
        (Some(a), None) => out.push(format!(">= {a}")),
        (None, Some(b)) => out.push(format!("<= {b}")),
        _ => {}
    }
    if let Some(max) = schema.get("maxLength") {
        out.push(format!("at most {max} characters"));
    }
    if let Some(max) = schema.get("maxItems") {
        out.push(format!("at most {max} items"));
    }
    if schema.get("readOnly") == Some(&Value::Bool(true)) {
        out.push("read-only".into());
    }
    if schema.get("writeOnly") == Some(&Value::Bool(true)) {
        out.push("write-only".into());
    }
    if let Some(d) = schema.get("default") {
        out.push(format!("default `{d}`"));
    }
    out
}

impl Types {
    /// Defines a struct under a fixed (reserved) name, e.g. the merged `Problem`.
    pub fn define_named(&mut self, name: &str, schema: &Value, origin: &str) {
        self.components.insert(canonical(schema), (origin.to_owned(), name.to_owned()));
        self.taken.remove(name);
        let ty = self.resolve_object_like(schema, schema, &[name.to_owned()]);
        debug_assert_eq!(ty, Ty::Named(name.to_owned()));
        if let Some(def) = self.defs.iter_mut().find(|d| d.name == name) {
            def.origin = origin.to_owned();
        }
    }

    pub fn def(&self, name: &str) -> Option<&Def> {
        self.defs.iter().find(|d| d.name == name)
    }
}
