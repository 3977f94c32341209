//! The webhook delivery types of `webhooks.yaml` for the other languages, so
//! that `parse` answers a typed event everywhere, as the Rust `Event` does:
//!
//! - `node/generated/webhooks.d.ts`: one interface per delivery (plain JSON,
//!   as every Node model) and one event type per delivery, joined in a union
//!   narrowed by `known` and `type`.
//! - `python/reply/_webhook_types.py`: one model class per event (members
//!   read when accessed, unknown ones kept), chosen by `event.type`.
//! - `bindings/uniffi/src/generated/webhooks.rs`: one uniffi record per
//!   delivery and the `WebhookDelivery` enum choosing among them (a sealed
//!   class in Kotlin, an enum with associated values in Swift).
//!
//! Every form keeps what this SDK version does not know: an unknown event
//! type decodes as the Unknown event (its envelope plus every member), an
//! unknown member stays in `extra` (`[member: string]: unknown` in TypeScript).

use heck::{ToShoutySnakeCase, ToUpperCamelCase};

use crate::emit::HEADER;
use crate::emit_webhooks::{Description, Member};

/// The attributes every Python event has; a member of that name would hide one.
const PYTHON_EVENT_ATTRIBUTES: &[&str] =
    &["event", "type", "id", "known", "data", "contact", "sequence", "extra", "get", "to_dict", "from_dict"];

/// The shape of a member's type: what each language spells differently.
enum Kind<'a> {
    Text,
    Integer,
    Boolean,
    /// Any JSON object, kept as sent.
    Object,
    /// Custom fields by title.
    Map,
    /// A string enum: its name.
    Enum(&'a str),
    /// A block of the description: its name.
    Block(&'a str),
}

fn kind(m: &Member) -> Kind<'_> {
    match m.rust.as_str() {
        "String" => Kind::Text,
        "i64" => Kind::Integer,
        "bool" => Kind::Boolean,
        "serde_json::Value" => Kind::Object,
        r if r.starts_with("std::collections::BTreeMap") => Kind::Map,
        _ => match &m.enumeration {
            Some((name, _)) => Kind::Enum(name),
            None => Kind::Block(&m.rust),
        },
    }
}

fn one_line(text: &str) -> String {
    text.replace('\\', "").replace('\n', " ")
}

// --- TypeScript ---------------------------------------------------------------------------------

fn ts_type(m: &Member) -> String {
    match kind(m) {
        Kind::Text => "string".into(),
        Kind::Integer => "number".into(),
        Kind::Boolean => "boolean".into(),
        Kind::Object | Kind::Map => "Record<string, unknown>".into(),
        Kind::Enum(name) | Kind::Block(name) => name.to_owned(),
    }
}

pub fn typescript(d: &Description) -> String {
    let mut out = HEADER.replace("OpenAPI description", "webhook description (webhooks.yaml)");
    out.push_str(
        "// Reply's webhook deliveries: `webhooks.parse` answers an `Event`, one of the `...Event`\n\
         // types below (narrow on `known`, then on `type`), whose `data` is the delivery as sent.\n\n\
         import type { EventBase } from '../lib/webhooks';\n\n",
    );
    for (name, values) in d.enums() {
        let values: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
        out.push_str(&format!(
            "/** `{name}` values (PascalCase, as Reply sends them); later values are kept as sent. */\nexport type {name} = {} | (string & {{}});\n\n",
            values.join(" | ")
        ));
    }
    let interface = |out: &mut String, name: &str, doc: &str, members: &[Member], kind: Option<&str>| {
        out.push_str(&format!("/** {} */\nexport interface {name} {{\n", one_line(doc)));
        for m in members {
            let ty = match (m.json.as_str(), kind) {
                ("event", Some(kind)) => format!("Envelope & {{ type: '{kind}' }}"),
                ("event", None) => "Envelope".into(),
                _ => ts_type(m),
            };
            let optional = if m.required { "" } else { "?" };
            if !m.doc.is_empty() {
                out.push_str(&format!("  /** {} */\n", one_line(&m.doc)));
            }
            out.push_str(&format!("  {}{optional}: {ty};\n", m.json));
        }
        out.push_str("  [member: string]: unknown;\n}\n\n");
    };
    interface(&mut out, "Envelope", "`event`: what every delivery carries.", &d.envelope, None);
    for b in &d.blocks {
        interface(&mut out, &b.name, &format!("`{}` (source: {}).", b.key, b.source), &b.members, None);
    }
    for e in &d.events {
        let doc = format!("`{}`: {} (source: {}).", e.name, e.doc, e.source);
        interface(&mut out, &format!("{}Delivery", e.rust), &doc, &e.members, Some(&e.name));
    }
    out.push_str(
        "/** A delivery of a type this SDK version does not know: its envelope and every member as sent. */\n\
         export interface UnknownDelivery {\n  event: Envelope;\n  [member: string]: unknown;\n}\n\n",
    );
    let names: Vec<String> = d.events.iter().map(|e| format!("'{}'", e.name)).collect();
    out.push_str(&format!(
        "/** The event types of `GetWebhookEvents`. */\nexport type EventType =\n  | {};\n\n",
        names.join("\n  | ")
    ));
    let deliveries: Vec<String> = d.events.iter().map(|e| format!("{}Delivery", e.rust)).collect();
    out.push_str(&format!(
        "/** A delivery of a known type, as sent. */\nexport type KnownDelivery =\n  | {};\n\n",
        deliveries.join("\n  | ")
    ));
    for e in &d.events {
        out.push_str(&format!(
            "/** A parsed `{}` delivery: {} */\nexport interface {}Event extends EventBase {{\n  readonly type: '{}';\n  readonly known: true;\n  readonly data: {}Delivery;\n}}\n\n",
            e.name,
            one_line(&e.doc),
            e.rust,
            e.name,
            e.rust
        ));
    }
    out.push_str(
        "/** A parsed delivery of a type this SDK version does not know (`known` is false). */\n\
         export interface UnknownEvent extends EventBase {\n  readonly type: string;\n  readonly known: false;\n  readonly data: UnknownDelivery;\n}\n\n",
    );
    let events: Vec<String> = d.events.iter().map(|e| format!("{}Event", e.rust)).collect();
    out.push_str(&format!(
        "/** A parsed delivery of a known type; narrow on `type`. */\nexport type KnownEvent =\n  | {};\n",
        events.join("\n  | ")
    ));
    out
}

// --- Python -------------------------------------------------------------------------------------

/// The annotation and the read of a member in a Python model's property.
fn py_member(m: &Member) -> (String, String) {
    let raw = format!("self._data.get(\"{}\")", m.json);
    let (ty, read) = match kind(m) {
        Kind::Text => ("str".to_owned(), raw),
        Kind::Integer => ("int".to_owned(), raw),
        Kind::Boolean => ("bool".to_owned(), raw),
        Kind::Object | Kind::Map => ("_t.Dict[str, _t.Any]".to_owned(), raw),
        Kind::Enum(name) => (format!("_t.Union[{name}, str]"), format!("{name}._from({raw})")),
        Kind::Block(name) => (name.to_owned(), format!("{name}._from({raw})")),
    };
    let ty = if m.required { ty } else { format!("_t.Optional[{ty}]") };
    (ty, read)
}

fn py_fields(members: &[Member]) -> String {
    let mut out = String::from("    _FIELDS: _t.ClassVar[_t.Dict[str, str]] = {\n");
    for m in members {
        out.push_str(&format!("        \"{}\": \"{}\",\n", m.json, m.json));
    }
    out.push_str("    }\n");
    out
}

fn py_property(out: &mut String, name: &str, ty: &str, doc: &str, read: &str) {
    out.push_str(&format!(
        "\n    @property\n    def {name}(self) -> {ty}:\n        \"\"\"{}\"\"\"\n        return {read}\n",
        one_line(doc)
    ));
}

fn py_model(out: &mut String, name: &str, doc: &str, members: &[Member]) {
    out.push_str(&format!("\n\nclass {name}(Model):\n    \"\"\"{}\"\"\"\n\n    __slots__ = ()\n", one_line(doc)));
    out.push_str(&py_fields(members));
    for m in members {
        let (ty, read) = py_member(m);
        let doc = if m.doc.is_empty() { format!("``{}``", m.json) } else { format!("``{}``: {}", m.json, m.doc) };
        py_property(out, &m.json, &ty, &doc, &read);
    }
}

pub fn python(d: &Description) -> Result<String, String> {
    let mut out = String::from(
        "# @generated by reply-codegen from the webhook description (crates/reply-codegen/webhooks.yaml).\n\
         # Do not edit by hand; run `just codegen` after changing it.\n",
    );
    out.push_str(
        "\"\"\"Reply's webhook deliveries as typed models, for :mod:`reply.webhooks`.\n\n\
         ``webhooks.parse`` answers the :class:`Event` subclass of the delivery's ``event.type``\n\
         (:class:`EmailRepliedEvent`, ...), or :class:`UnknownEvent` for a type this SDK version\n\
         does not know. Members are read when accessed; those this version does not know stay in\n\
         ``extra`` and ``event[\"member\"]``.\n\"\"\"\n\n\
         from __future__ import annotations\n\nimport typing as _t\n\nfrom ._model import Model, StrEnum\n",
    );
    let mut names =
        vec!["Envelope".to_owned(), "Event".to_owned(), "UnknownEvent".to_owned(), "EVENT_CLASSES".to_owned()];
    names.extend(d.enums().iter().map(|(n, _)| n.clone()));
    names.extend(d.blocks.iter().map(|b| b.name.clone()));
    names.extend(d.events.iter().map(|e| format!("{}Event", e.rust)));
    names.sort();
    out.push_str("\n__all__ = [\n");
    for n in &names {
        out.push_str(&format!("    \"{n}\",\n"));
    }
    out.push_str("]\n");

    for (name, values) in d.enums() {
        out.push_str(&format!(
            "\n\nclass {name}(StrEnum):\n    \"\"\"``{name}`` values (PascalCase, as Reply sends them; others are kept as ``str``).\"\"\"\n\n"
        ));
        for v in values {
            out.push_str(&format!("    {} = \"{v}\"\n", v.to_shouty_snake_case()));
        }
    }
    py_model(&mut out, "Envelope", "``event``: what every delivery carries.", &d.envelope);
    for b in &d.blocks {
        py_model(&mut out, &b.name, &format!("``{}`` (source: {}).", b.key, b.source), &b.members);
    }

    // The base: the envelope's members and the blocks most events carry, for every event.
    out.push_str(
        "\n\nclass Event(Model):\n    \"\"\"One delivery, typed by its ``event.type``: ``parse`` answers the subclass of that\n    \
         type (``isinstance(event, EmailRepliedEvent)``) or :class:`UnknownEvent`. The envelope's\n    \
         members (``type``, ``id``, ``date``, ...) read ``event.event``; ``data`` is the whole delivery\n    \
         as sent, ``extra`` its members this SDK version does not know.\"\"\"\n\n    __slots__ = ()\n",
    );
    out.push_str("    _FIELDS: _t.ClassVar[_t.Dict[str, str]] = {\"event\": \"event\"}\n");
    py_property(
        &mut out,
        "event",
        "Envelope",
        "``event``: the envelope.",
        "Envelope._from(self._data.get(\"event\") or {})",
    );
    for m in &d.envelope {
        let (ty, _) = py_member(m);
        py_property(&mut out, &m.json, &ty, &format!("``event.{}``", m.json), &format!("self.event.{}", m.json));
    }
    py_property(&mut out, "known", "bool", "Whether this SDK version knows the event type.", "True");
    py_property(&mut out, "data", "_t.Dict[str, _t.Any]", "The whole delivery as sent.", "self._data");
    for (method, block) in [("contact", "contact_fields"), ("sequence", "sequence_fields")] {
        let ty = &d.blocks.iter().find(|b| b.key == block).ok_or(format!("webhooks.yaml: no block {block}"))?.name;
        py_property(
            &mut out,
            method,
            &format!("_t.Optional[{ty}]"),
            &format!("``{block}``, when the delivery carries it."),
            &format!("{ty}._from(self._data.get(\"{block}\"))"),
        );
    }

    for e in &d.events {
        out.push_str(&format!(
            "\n\nclass {}Event(Event):\n    \"\"\"``{}``: {} (source: {}).\"\"\"\n\n    __slots__ = ()\n",
            e.rust,
            e.name,
            one_line(&e.doc),
            one_line(&e.source)
        ));
        out.push_str(&py_fields(&e.members));
        for m in e.members.iter().filter(|m| m.json != "event") {
            if PYTHON_EVENT_ATTRIBUTES.contains(&m.json.as_str()) {
                return Err(format!(
                    "webhooks.yaml: `{}.{}` would hide the Python event's own attribute",
                    e.name, m.json
                ));
            }
            let (ty, read) = py_member(m);
            let doc = if m.doc.is_empty() { format!("``{}``", m.json) } else { format!("``{}``: {}", m.json, m.doc) };
            py_property(&mut out, &m.json, &ty, &doc, &read);
        }
    }
    out.push_str(
        "\n\nclass UnknownEvent(Event):\n    \"\"\"A delivery of an event type this SDK version does not know: its envelope, and every\n    \
         other member in ``extra`` (and ``event[\"member\"]``).\"\"\"\n\n    __slots__ = ()\n",
    );
    py_property(&mut out, "known", "bool", "Always false: this SDK version does not know the type.", "False");
    out.push_str("\n\n#: The event class of each event type.\nEVENT_CLASSES: _t.Dict[str, _t.Type[Event]] = {\n");
    for e in &d.events {
        out.push_str(&format!("    \"{}\": {}Event,\n", e.name, e.rust));
    }
    out.push_str("}\n");
    Ok(out)
}

// --- uniffi (Kotlin, Swift) ---------------------------------------------------------------------

/// The uniffi name of a description type: blocks, the envelope and enums get a `Webhook` prefix,
/// since Kotlin and Swift see every type of the binding in one namespace with the API's models.
fn uniffi_name(name: &str) -> String {
    format!("Webhook{name}")
}

fn uniffi_type(m: &Member) -> String {
    match kind(m) {
        Kind::Text => "String".into(),
        Kind::Integer => "i64".into(),
        Kind::Boolean => "bool".into(),
        Kind::Object => "JsonValue".into(),
        Kind::Map => "HashMap<String, JsonValue>".into(),
        Kind::Enum(name) | Kind::Block(name) => uniffi_name(name),
    }
}

fn uniffi_record(out: &mut String, name: &str, doc: &str, members: &[Member]) {
    out.push_str(&format!(
        "/// {}\n#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize, uniffi::Record)]\npub struct {name} {{\n",
        one_line(doc)
    ));
    for m in members {
        let doc = if m.doc.is_empty() { String::new() } else { format!(": {}", one_line(&m.doc)) };
        out.push_str(&format!("    /// `{}`{doc}\n", m.json));
        let field = if m.json == "type" { "kind" } else { m.json.as_str() };
        let ty = if m.json == "event" { uniffi_name("Envelope") } else { uniffi_type(m) };
        if m.required {
            out.push_str(&format!("    #[serde(rename = \"{}\", default)]\n    pub {field}: {ty},\n", m.json));
        } else {
            out.push_str(&format!(
                "    #[serde(rename = \"{}\", default, skip_serializing_if = \"Option::is_none\")]\n    #[uniffi(default = None)]\n    pub {field}: Option<{ty}>,\n",
                m.json
            ));
        }
    }
    out.push_str(
        "    /// Members this version of the SDK does not know, as JSON text by name.\n    #[serde(flatten)]\n    #[uniffi(default)]\n    pub extra: HashMap<String, JsonValue>,\n}\n\n",
    );
}

pub fn uniffi(d: &Description) -> String {
    let mut out = HEADER.replace("OpenAPI description", "webhook description (webhooks.yaml)");
    out.push_str(
        "//! Reply's webhook deliveries as uniffi records: one per event type, and\n\
         //! `WebhookDelivery` choosing among them by `event.type`. They mirror\n\
         //! `reply_core::webhooks` member for member; unknown members stay in `extra`.\n\n\
         use std::collections::HashMap;\n\nuse crate::json::JsonValue;\n\n",
    );
    for (name, values) in d.enums() {
        out.push_str(&format!(
            "wire_enum! {{\n    /// `{name}` values (PascalCase, as Reply sends them).\n    pub enum {} {{\n",
            uniffi_name(name)
        ));
        for v in values {
            out.push_str(&format!("        {} = \"{v}\",\n", v.to_upper_camel_case()));
        }
        out.push_str("    }\n}\n\n");
    }
    uniffi_record(&mut out, &uniffi_name("Envelope"), "`event`: what every delivery carries.", &d.envelope);
    for b in &d.blocks {
        uniffi_record(&mut out, &uniffi_name(&b.name), &format!("`{}` (source: {}).", b.key, b.source), &b.members);
    }
    for e in &d.events {
        let doc = format!("`{}`: {} (source: {}).", e.name, e.doc, e.source);
        uniffi_record(&mut out, &format!("{}Delivery", e.rust), &doc, &e.members);
    }
    out.push_str("/// One delivery, typed by its `event.type`.\n#[derive(Debug, Clone, PartialEq, uniffi::Enum)]\npub enum WebhookDelivery {\n");
    for e in &d.events {
        out.push_str(&format!("    /// `{}`\n    {} {{ delivery: {}Delivery }},\n", e.name, e.rust, e.rust));
    }
    out.push_str(
        "    /// A type this version of the SDK does not know: the envelope, and every other member by name.\n    \
         Unknown { event: WebhookEnvelope, members: HashMap<String, JsonValue> },\n}\n\n",
    );
    out.push_str(
        "impl WebhookDelivery {\n    /// The delivery whose `event.type` is `kind`, from its JSON (which the engine's parser checked).\n    \
         pub(crate) fn decode(kind: &str, json: serde_json::Value) -> Result<WebhookDelivery, serde_json::Error> {\n        \
         Ok(match kind {\n",
    );
    for e in &d.events {
        out.push_str(&format!(
            "            \"{}\" => WebhookDelivery::{} {{ delivery: serde_json::from_value(json)? }},\n",
            e.name, e.rust
        ));
    }
    out.push_str(
        "            _ => {\n                let mut members: HashMap<String, JsonValue> = serde_json::from_value(json)?;\n                \
         let event = members.remove(\"event\").map(|e| serde_json::from_value(e.0)).transpose()?.unwrap_or_default();\n                \
         WebhookDelivery::Unknown { event, members }\n            }\n        })\n    }\n}\n",
    );
    out
}
