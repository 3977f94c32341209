//! Typed webhook deliveries from `crates/reply-codegen/webhooks.yaml` (the
//! spec names the events but describes no payload, so the description is
//! kept as data beside the generator):
//!
//! - `crates/reply-core/src/webhooks/generated.rs`: the envelope, the shared
//!   blocks, one struct per event, the `EventType` enum, the `Event` enum
//!   that dispatches on `event.type` (an unknown type decodes as
//!   `Event::Unknown`), and one sample delivery per event for
//!   `reply webhooks trigger`.
//! - for Node, Python, Kotlin and Swift, the same types in each language's
//!   own form (`emit_webhooks_foreign.rs`), so `parse` answers a typed event
//!   there too.
//!
//! The event list must equal the spec's `GetWebhookEvents` example, so a new
//! event in the spec fails generation until it is described.

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};
use serde_norway::Value as Yaml;

use crate::emit::HEADER;
use crate::emit_webhooks_foreign as foreign;

const DESCRIPTION: &str = include_str!("../webhooks.yaml");

/// One member of a delivery object.
pub(crate) struct Member {
    pub(crate) json: String,
    /// Rust type, without the `Option` of an optional member.
    pub(crate) rust: String,
    pub(crate) required: bool,
    pub(crate) doc: String,
    pub(crate) example: Value,
    /// A `string_enum!` to declare for this member: (name, values).
    pub(crate) enumeration: Option<(String, Vec<String>)>,
}

pub(crate) struct Block {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) source: String,
    pub(crate) members: Vec<Member>,
}

pub(crate) struct EventDef {
    pub(crate) name: String,
    pub(crate) rust: String,
    pub(crate) doc: String,
    pub(crate) source: String,
    pub(crate) members: Vec<Member>,
}

fn text(y: &Yaml, key: &str) -> String {
    y.get(key).and_then(Yaml::as_str).unwrap_or_default().to_owned()
}

fn mapping<'a>(y: &'a Yaml, key: &str) -> impl Iterator<Item = (String, &'a Yaml)> {
    y.get(key)
        .and_then(Yaml::as_mapping)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), v))
}

fn json(y: &Yaml) -> Value {
    serde_json::to_value(y).unwrap_or(Value::Null)
}

fn member(name: &str, y: &Yaml, blocks: &[Block], custom: &Yaml) -> Result<Member, String> {
    let kind = text(y, "type");
    let mut enumeration = None;
    let (rust, example) = match kind.as_str() {
        "string" => ("String".to_owned(), json(y.get("example").unwrap_or(&Yaml::Null))),
        "integer" => ("i64".to_owned(), json(y.get("example").unwrap_or(&Yaml::Null))),
        "boolean" => ("bool".to_owned(), json(y.get("example").unwrap_or(&Yaml::Null))),
        "object" => ("serde_json::Value".to_owned(), json(y.get("example").unwrap_or(&Yaml::Null))),
        "custom_fields" => (
            "std::collections::BTreeMap<String, serde_json::Value>".to_owned(),
            json(custom.get("example").unwrap_or(&Yaml::Null)),
        ),
        "enum" => {
            let enum_name = text(y, "name");
            let values = y
                .get("values")
                .and_then(Yaml::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            enumeration = Some((enum_name.clone(), values));
            (enum_name, json(y.get("example").unwrap_or(&Yaml::Null)))
        }
        block => {
            let b = blocks.iter().find(|b| b.key == block).ok_or(format!("member `{name}`: unknown type `{block}`"))?;
            let example = Value::Object(b.members.iter().map(|m| (m.json.clone(), m.example.clone())).collect());
            (b.name.clone(), example)
        }
    };
    Ok(Member {
        json: name.to_owned(),
        rust,
        required: y.get("required").and_then(Yaml::as_bool).unwrap_or(false),
        doc: text(y, "doc"),
        example,
        enumeration,
    })
}

fn members(y: &Yaml, blocks: &[Block], custom: &Yaml) -> Result<Vec<Member>, String> {
    mapping(y, "members").map(|(name, m)| member(&name, m, blocks, custom)).collect()
}

pub(crate) struct Description {
    pub(crate) envelope: Vec<Member>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) events: Vec<EventDef>,
}

fn load() -> Result<Description, String> {
    let root: Yaml = serde_norway::from_str(DESCRIPTION).map_err(|e| format!("webhooks.yaml: {e}"))?;
    let custom = root.get("custom_fields").cloned().unwrap_or(Yaml::Null);
    let mut blocks = Vec::new();
    for (key, b) in mapping(&root, "blocks") {
        let members = members(b, &blocks, &custom)?;
        blocks.push(Block { name: text(b, "name"), source: text(b, "source"), key, members });
    }
    let envelope = members(root.get("envelope").unwrap_or(&Yaml::Null), &blocks, &custom)?;
    let common = root.get("common").cloned().unwrap_or(Yaml::Null);
    let mut events = Vec::new();
    for (name, e) in mapping(&root, "events") {
        let mut all = vec![Member {
            json: "event".into(),
            rust: "Envelope".into(),
            required: true,
            doc: "The delivery's envelope.".into(),
            example: Value::Null,
            enumeration: None,
        }];
        for group in e.get("include").and_then(Yaml::as_sequence).into_iter().flatten() {
            let group = group.as_str().unwrap_or_default();
            let g = common.get(group).ok_or(format!("event `{name}`: unknown group `{group}`"))?;
            for (m, y) in g.as_mapping().into_iter().flatten() {
                all.push(member(m.as_str().unwrap_or_default(), y, &blocks, &custom)?);
            }
        }
        all.extend(members(e, &blocks, &custom)?);
        events.push(EventDef {
            rust: name.to_upper_camel_case(),
            doc: text(e, "doc"),
            source: text(e, "source"),
            members: all,
            name,
        });
    }
    Ok(Description { envelope, blocks, events })
}

impl Description {
    /// The string enums of the event members, each once: (name, values).
    pub(crate) fn enums(&self) -> Vec<&(String, Vec<String>)> {
        let mut enums: Vec<&(String, Vec<String>)> = Vec::new();
        for m in self.events.iter().flat_map(|e| &e.members) {
            if let Some(e) = &m.enumeration
                && !enums.iter().any(|x| x.0 == e.0)
            {
                enums.push(e);
            }
        }
        enums
    }
}

/// The event names of the spec's `GetWebhookEvents` example.
fn spec_events(root: &Value) -> Vec<String> {
    let events =
        root.pointer("/paths/~1v3~1webhooks~1events/get/responses/200/content/application~1json/schema/example/events");
    events.and_then(Value::as_array).into_iter().flatten().filter_map(|e| e.as_str().map(str::to_owned)).collect()
}

fn field_name(json: &str) -> &str {
    if json == "type" { "kind" } else { json }
}

fn struct_def(out: &mut String, name: &str, doc: &str, members: &[Member]) {
    out.push_str(&format!("{doc}\n#[derive(Debug, Clone, PartialEq, Default)]\npub struct {name} {{\n"));
    for m in members {
        let doc = if m.doc.is_empty() { String::new() } else { format!(": {}", m.doc) };
        out.push_str(&format!("    /// `{}`{doc}\n", m.json));
        let ty = if m.required { m.rust.clone() } else { format!("Option<{}>", m.rust) };
        out.push_str(&format!("    pub {}: {ty},\n", field_name(&m.json)));
    }
    out.push_str("    /// Members this version of the SDK does not know, kept as sent.\n    pub extra: crate::extra::Extra,\n}\n\n");
    out.push_str(&format!("crate::object_serde!({name} {{\n"));
    for m in members {
        let kind = if m.required { " required" } else { "" };
        out.push_str(&format!("    {} = \"{}\"{kind},\n", field_name(&m.json), m.json));
    }
    out.push_str("});\n\n");
}

fn enum_def(out: &mut String, doc: &str, name: &str, values: &[String], variant: impl Fn(&str) -> String) {
    out.push_str(&format!("crate::string_enum! {{\n    {doc}\n    pub enum {name} {{\n"));
    for v in values {
        out.push_str(&format!("        /// `{v}`\n        {} = \"{v}\",\n", variant(v)));
    }
    out.push_str("    }\n}\n\n");
}

/// A sample delivery of `event`: every member with its example.
fn sample(d: &Description, event: &EventDef) -> Value {
    let mut envelope: Map<String, Value> = d.envelope.iter().map(|m| (m.json.clone(), m.example.clone())).collect();
    envelope.insert("type".into(), Value::String(event.name.clone()));
    let mut body = Map::new();
    body.insert("event".into(), Value::Object(envelope));
    for m in event.members.iter().skip(1) {
        body.insert(m.json.clone(), m.example.clone());
    }
    Value::Object(body)
}

fn rust(d: &Description) -> String {
    let mut out = String::from(HEADER);
    out.push_str("//! Typed webhook deliveries, from `crates/reply-codegen/webhooks.yaml`.\n\n");
    struct_def(
        &mut out,
        "Envelope",
        "/// `event`: what every delivery carries (source: Reply's webhook payload docs).",
        &d.envelope,
    );
    for b in &d.blocks {
        let doc = format!("/// `{}` (source: {}).", b.key, b.source);
        struct_def(&mut out, &b.name, &doc, &b.members);
    }
    for (name, values) in d.enums() {
        enum_def(&mut out, &format!("/// `{name}` values (PascalCase, as Reply sends them)."), name, values, |v| {
            v.to_owned()
        });
    }
    for e in &d.events {
        let doc = format!("/// `{}`: {} (source: {}).", e.name, e.doc, e.source);
        struct_def(&mut out, &e.rust, &doc, &e.members);
    }
    let names: Vec<String> = d.events.iter().map(|e| e.name.clone()).collect();
    enum_def(&mut out, "/// The event types of `GetWebhookEvents`.", "EventType", &names, |v| v.to_upper_camel_case());

    out.push_str(
        "/// One delivery, typed by its `event.type`.\n#[derive(Debug, Clone, PartialEq)]\npub enum Event {\n",
    );
    for e in &d.events {
        out.push_str(&format!("    /// `{}`\n    {}({}),\n", e.name, e.rust, e.rust));
    }
    out.push_str("    /// A type this version of the SDK does not know: the envelope, every other member in `extra`.\n    Unknown(UnknownEvent),\n}\n\n");
    out.push_str("/// A delivery of an event type this version of the SDK does not know.\n#[derive(Debug, Clone, PartialEq, Default)]\npub struct UnknownEvent {\n    /// `event`\n    pub event: Envelope,\n    /// Every member beside `event`, as sent.\n    pub extra: crate::extra::Extra,\n}\n\ncrate::object_serde!(UnknownEvent {\n    event = \"event\" required,\n});\n\n");

    let arms = |body: &dyn Fn(&EventDef) -> String| -> String {
        d.events
            .iter()
            .map(|e| {
                let body = body(e);
                let binding = if body.contains("e.") { "e" } else { "_" };
                format!("            Event::{}({binding}) => {body},\n", e.rust)
            })
            .collect()
    };
    let with = |block: &str, e: &EventDef| e.members.iter().any(|m| m.json == block);
    out.push_str("impl Event {\n");
    out.push_str("    /// Decodes a delivery whose `event.type` is `kind`.\n    pub(crate) fn decode(kind: &str, body: serde_json::Value) -> Result<Event, serde_json::Error> {\n        match kind {\n");
    for e in &d.events {
        out.push_str(&format!("            \"{}\" => serde_json::from_value(body).map(Event::{}),\n", e.name, e.rust));
    }
    out.push_str("            _ => serde_json::from_value(body).map(Event::Unknown),\n        }\n    }\n\n");
    out.push_str(&format!(
        "    /// The envelope (`event`).\n    pub fn envelope(&self) -> &Envelope {{\n        match self {{\n{}            Event::Unknown(e) => &e.event,\n        }}\n    }}\n\n",
        arms(&|_| "&e.event".into())
    ));
    out.push_str(&format!(
        "    /// Members this version of the SDK does not know (for `Unknown`, every member beside `event`).\n    pub fn extra(&self) -> &crate::extra::Extra {{\n        match self {{\n{}            Event::Unknown(e) => &e.extra,\n        }}\n    }}\n\n",
        arms(&|_| "&e.extra".into())
    ));
    for (block, ty, method) in
        [("contact_fields", "ContactFields", "contact"), ("sequence_fields", "SequenceFields", "sequence")]
    {
        out.push_str(&format!(
            "    /// `{block}`, for the events that carry it.\n    pub fn {method}(&self) -> Option<&{ty}> {{\n        match self {{\n{}            Event::Unknown(_) => None,\n        }}\n    }}\n\n",
            arms(&|e| if with(block, e) { format!("e.{block}.as_ref()") } else { "None".into() })
        ));
    }
    out.push_str("}\n\n");
    out.push_str(&format!(
        "impl serde::Serialize for Event {{\n    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n        match self {{\n{}            Event::Unknown(e) => e.serialize(serializer),\n        }}\n    }}\n}}\n\n",
        arms(&|_| "e.serialize(serializer)".into())
    ));

    out.push_str("/// A sample delivery of every event type (JSON), from the description's examples.\npub const SAMPLES: &[(&str, &str)] = &[\n");
    for e in &d.events {
        let text = serde_json::to_string(&sample(d, e)).unwrap_or_default();
        out.push_str(&format!("    (\"{}\", r#\"{text}\"#),\n", e.name));
    }
    out.push_str("];\n");
    out
}

/// The generated files; a description that does not load, or that disagrees
/// with the spec, stops the generator with its reason.
pub fn files(root: &Value) -> Vec<(&'static str, String, bool)> {
    try_files(root).unwrap_or_else(|e| {
        eprintln!("reply-codegen: {e}");
        std::process::exit(1)
    })
}

fn try_files(root: &Value) -> Result<Vec<(&'static str, String, bool)>, String> {
    let d = load()?;
    let described: Vec<String> = d.events.iter().map(|e| e.name.clone()).collect();
    let spec = spec_events(root);
    if described != spec {
        return Err(format!(
            "webhooks.yaml describes {described:?} but the spec's GetWebhookEvents lists {spec:?}; describe every spec event, in its order"
        ));
    }
    Ok(vec![
        ("crates/reply-core/src/webhooks/generated.rs", rust(&d), true),
        ("node/generated/webhooks.d.ts", foreign::typescript(&d), false),
        ("python/reply/_webhook_types.py", foreign::python(&d)?, false),
        ("bindings/uniffi/src/generated/webhooks.rs", foreign::uniffi(&d), true),
    ])
}
