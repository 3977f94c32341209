//! Writes the MCP server's tool table (`crates/reply-mcp/src/generated/tools.json`)
//! and its tool list (`crates/reply-mcp/TOOLS.md`): one tool per operation,
//! plus the safe workflows and `jobs_wait`.
//!
//! Each input schema is JSON Schema 2020-12 built from the operation's path and
//! query parameters (top level) and its body (under `body`): the JSON body's
//! schema, or for an upload the form's fields, each file part an object giving
//! a local `path` or `contentBase64` with a `filename` (see [`file_schema`]). The spec is
//! OpenAPI 3.1 without `$ref`s, so its schemas carry over once OpenAPI's own
//! keywords are translated (`nullable`) or dropped (`discriminator`, examples),
//! and prose is cut to its first sentence. Paginated operations take a
//! `cursor` in place of `skip`.
//!
//! Self-contained on purpose: it reads only the lifted operations (`Spec`) and
//! the raw spec, so it can follow any reshaping of the generator's internals.

use std::fmt::Write;

use serde_json::{Map, Value, json};

use crate::spec::{Body, Op, Spec};

/// The tags of the default tool set: contacts, lists, sequences, enrolment,
/// inbox, tasks, reports, webhooks, and who the key acts as.
pub const CORE_TAGS: &[&str] = &[
    "Contacts",
    "Contact Lists",
    "Sequences",
    "Sequence Contacts",
    "Inbox",
    "Tasks",
    "Reports",
    "Webhooks",
    "User Account",
];

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
/// The longest description kept for a parameter or member.
const SHORT: usize = 160;

pub fn files(root: &Value, spec: &Spec) -> Vec<(&'static str, String, bool)> {
    let tools = tools(root, spec);
    let table = json!({
        "@generated": "by reply-codegen from Reply's OpenAPI description; do not edit by hand (run `just codegen`)",
        "tools": tools,
    });
    vec![
        (
            "crates/reply-mcp/src/generated/tools.json",
            serde_json::to_string_pretty(&table).expect("JSON encodes") + "\n",
            false,
        ),
        ("crates/reply-mcp/TOOLS.md", tool_list(&tools), false),
    ]
}

/// The tool name a model sees: `contacts_list`, `sequences_start`.
pub fn tool_name(op: &Op) -> String {
    format!("{}_{}", op.resource, op.name)
}

fn operation_object<'a>(root: &'a Value, op: &Op) -> &'a Value {
    let pointer = format!("/paths/{}/{}", op.path.replace('~', "~0").replace('/', "~1"), op.method);
    root.pointer(&pointer).unwrap_or(&Value::Null)
}

fn tools(root: &Value, spec: &Spec) -> Vec<Value> {
    let mut out: Vec<Value> = spec.ops.iter().map(|op| operation_tool(root, op)).collect();
    out.extend(workflow_tools(root, spec));
    out
}

fn operation_tool(root: &Value, op: &Op) -> Value {
    let raw = operation_object(root, op);
    let mut properties = Map::new();
    let mut required = Vec::new();
    for p in raw.get("parameters").and_then(Value::as_array).into_iter().flatten() {
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        if op.paging.is_some() && name == "skip" {
            continue;
        }
        let mut schema = clean(p.get("schema").unwrap_or(&json!({})));
        if let Some(text) = p.get("description").and_then(Value::as_str).and_then(short) {
            schema.insert("description".into(), text.into());
        }
        let in_path = p.get("in").and_then(Value::as_str) == Some("path");
        if in_path || p.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::from(name));
        }
        properties.insert(name.to_owned(), Value::Object(schema));
    }
    if op.paging.is_some() {
        properties.insert(
            "cursor".into(),
            json!({"type": "string", "description": "The nextCursor of the previous page; leave out for the first page"}),
        );
    }
    match &op.body {
        Body::Json { required: body_required, .. } => {
            let body = raw.pointer("/requestBody/content/application~1json/schema").unwrap_or(&Value::Null);
            let mut schema = clean(body);
            schema.insert("description".into(), "The JSON request body".into());
            properties.insert("body".into(), Value::Object(schema));
            if *body_required {
                required.push("body".into());
            }
        }
        Body::Multipart { .. } => {
            let form = raw.pointer("/requestBody/content/multipart~1form-data/schema").unwrap_or(&Value::Null);
            properties.insert("body".into(), form_schema(form));
            // The spec may leave the body optional, but every form it describes has a required part.
            required.push("body".into());
        }
        Body::None => {}
    }
    let mut input = Map::new();
    input.insert("$schema".into(), DIALECT.into());
    input.insert("type".into(), "object".into());
    input.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        input.insert("required".into(), Value::Array(required));
    }
    input.insert("additionalProperties".into(), false.into());
    json!({
        "name": tool_name(op),
        "operationId": op.id,
        "tag": op.tag,
        "core": CORE_TAGS.contains(&op.tag.as_str()),
        "title": op.summary,
        "description": description(op),
        "inputSchema": input,
        "annotations": annotations(op),
        "read": op.read,
        "scope": op.scope,
        "_meta": {"io.reply/operationId": op.id, "io.reply/tag": op.tag},
    })
}

/// Summary, markers, scope, paging/job hints and the docs link, one short paragraph.
fn description(op: &Op) -> String {
    let mut text = op.summary.trim_end_matches('.').to_owned();
    text.push('.');
    if op.beta {
        text.push_str(" Beta: Reply may change it without notice.");
    }
    if op.coming_soon {
        text.push_str(" Coming soon: Reply may not serve it yet.");
    }
    if let Some(scope) = &op.scope {
        let _ = write!(text, " Scope: {scope}.");
    }
    if op.paging.is_some() {
        text.push_str(" One page per call; pass the answer's nextCursor as cursor for the next.");
    }
    if op.job {
        text.push_str(" Starts a background job: follow its jobId with jobs_wait.");
    }
    if matches!(op.body, Body::Multipart { .. }) {
        text.push_str(
            " Upload: give each file as {path} (under a folder served with --upload-dir) or {contentBase64, filename}.",
        );
    }
    let _ = write!(text, " Docs: {}", op.docs_url);
    text
}

/// Sends something to a person, or removes or stops something: worth a confirmation.
fn destructive(op: &Op) -> bool {
    const VERBS: &[&str] = &["Delete", "Remove", "Send", "Start", "Archive", "Stop", "Disconnect", "Cancel"];
    op.method == "delete" || op.tag == "Direct Outreach" || VERBS.iter().any(|v| op.id.starts_with(v))
}

fn annotations(op: &Op) -> Value {
    if op.read {
        return json!({"title": op.summary, "readOnlyHint": true, "openWorldHint": true});
    }
    json!({
        "title": op.summary,
        "readOnlyHint": false,
        "destructiveHint": destructive(op),
        // PUT and DELETE name their whole effect; a second identical call changes nothing more.
        "idempotentHint": matches!(op.method.as_str(), "put" | "delete"),
        "openWorldHint": true,
    })
}

/// The first sentence (or line) of a description, without markup, if short enough to help.
fn short(text: &str) -> Option<String> {
    let plain: String = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('<') && !l.starts_with("**"))?
        .replace('`', "");
    let sentence = match plain.find(". ") {
        Some(end) => &plain[..end + 1],
        None => plain.as_str(),
    };
    let mut out: String = sentence.chars().take(SHORT).collect();
    if out.len() < sentence.len() {
        out.push('…');
    }
    Some(out)
}

/// A spec schema as JSON Schema 2020-12: `nullable` becomes a `null` type or
/// member, OpenAPI-only keywords and examples go, read-only members leave a
/// request, descriptions shrink to one sentence.
fn clean(schema: &Value) -> Map<String, Value> {
    let Some(object) = schema.as_object() else { return Map::new() };
    let mut out = Map::new();
    let read_only: Vec<&str> = object
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter().filter(|(_, s)| s.get("readOnly") == Some(&Value::Bool(true))).map(|(k, _)| k.as_str()).collect()
        })
        .unwrap_or_default();
    for (key, value) in object {
        match key.as_str() {
            "example" | "examples" | "discriminator" | "nullable" | "readOnly" | "xml" | "externalDocs" => {}
            k if k.starts_with("x-") => {}
            "description" => {
                if let Some(text) = value.as_str().and_then(short) {
                    out.insert(key.clone(), text.into());
                }
            }
            "properties" => {
                let props = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(name, _)| !read_only.contains(&name.as_str()))
                    .map(|(name, s)| (name.clone(), Value::Object(clean(s))))
                    .collect();
                out.insert(key.clone(), Value::Object(props));
            }
            "required" => {
                let list: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|n| n.as_str().is_none_or(|n| !read_only.contains(&n)))
                    .cloned()
                    .collect();
                if !list.is_empty() {
                    out.insert(key.clone(), Value::Array(list));
                }
            }
            "items" | "not" | "contains" | "propertyNames" => {
                out.insert(key.clone(), Value::Object(clean(value)));
            }
            "additionalProperties" | "unevaluatedProperties" | "unevaluatedItems" => {
                let v = if value.is_object() { Value::Object(clean(value)) } else { value.clone() };
                out.insert(key.clone(), v);
            }
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {
                let list = value.as_array().into_iter().flatten().map(|s| Value::Object(clean(s))).collect();
                out.insert(key.clone(), Value::Array(list));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if object.get("nullable") == Some(&Value::Bool(true)) {
        allow_null(&mut out);
    }
    out
}

/// Lets `null` through a cleaned schema: a `null` type or enum member, else `anyOf` with null.
fn allow_null(schema: &mut Map<String, Value>) {
    if let Some(values) = schema.get_mut("enum").and_then(Value::as_array_mut) {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    match schema.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            schema.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
        }
        _ => {
            let inner = std::mem::take(schema);
            let description = inner.get("description").cloned();
            schema.insert("anyOf".into(), json!([Value::Object(inner), {"type": "null"}]));
            if let Some(d) = description {
                schema.insert("description".into(), d);
            }
        }
    }
}

/// A file part of an upload. Either a `path` on this machine, which the
/// server reads only under the folders the user gave it with `--upload-dir`
/// (a file never passes through the model's context, whatever its size), or
/// the bytes as `contentBase64` with a `filename` (for content the assistant
/// has, or a server the files are not on).
fn file_schema(description: Option<&str>) -> Value {
    let what = description.map(|d| format!("{} ", d.trim_end_matches('.'))).unwrap_or_default();
    json!({
        "type": "object",
        "description": format!("{what}{{path}} of a file under a folder given with --upload-dir, or {{contentBase64, filename}}"),
        "properties": {
            "path": {"type": "string", "minLength": 1, "description": "Absolute path of a local file under an --upload-dir folder"},
            "contentBase64": {"type": "string", "contentEncoding": "base64", "description": "The file's bytes, base64-encoded"},
            "filename": {"type": "string", "minLength": 1, "description": "The name Reply stores (a path's own name when left out)"},
            "contentType": {"type": "string", "description": "The media type (guessed from the name when left out)"}
        },
        "oneOf": [{"required": ["path"]}, {"required": ["contentBase64", "filename"]}],
        "additionalProperties": false,
    })
}

/// An upload's form: text fields as their schemas, binary ones as [`file_schema`]s (or arrays of them).
fn form_schema(form: &Value) -> Value {
    let mut properties = Map::new();
    for (name, field) in form.get("properties").and_then(Value::as_object).into_iter().flatten() {
        let description = field.get("description").and_then(Value::as_str).and_then(short);
        let binary = |s: &Value| s.get("format").and_then(Value::as_str) == Some("binary");
        let schema = if binary(field) {
            file_schema(description.as_deref())
        } else if field.get("items").is_some_and(binary) {
            let mut files = json!({"type": "array", "items": file_schema(None)});
            if let Some(text) = description {
                files["description"] = text.into();
            }
            files
        } else {
            Value::Object(clean(field))
        };
        properties.insert(name.clone(), schema);
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("description".into(), "The upload's form fields".into());
    schema.insert("properties".into(), Value::Object(properties));
    if let Some(required) = form.get("required").filter(|r| r.as_array().is_some_and(|r| !r.is_empty())) {
        schema.insert("required".into(), required.clone());
    }
    schema.insert("additionalProperties".into(), false.into());
    Value::Object(schema)
}

fn object_schema(properties: Value, required: &[&str]) -> Value {
    json!({"$schema": DIALECT, "type": "object", "properties": properties, "required": required,
           "additionalProperties": false})
}

/// The safe workflows of `reply-client` and `jobs_wait`, with the same table columns as an operation.
fn workflow_tools(root: &Value, spec: &Spec) -> Vec<Value> {
    let person = spec
        .ops
        .iter()
        .find(|op| op.id == "ImportContacts")
        .and_then(|op| {
            operation_object(root, op).pointer("/requestBody/content/application~1json/schema/properties/items/items")
        })
        .map(|s| Value::Object(clean(s)))
        .expect("the spec has ImportContacts with its items");
    let id = |what: &str| json!({"type": "integer", "description": what});
    // The scope each workflow's calls need (the listing/import/enrolment/job endpoints it uses).
    let tool = |name: &str, title: &str, text: &str, input: Value, read: bool, scope: &str| {
        let annotations = if read {
            json!({"title": title, "readOnlyHint": true, "openWorldHint": true})
        } else {
            // Both workflows look before they write, so repeating one changes nothing more.
            json!({"title": title, "readOnlyHint": false, "destructiveHint": false,
                   "idempotentHint": true, "openWorldHint": true})
        };
        json!({"name": name, "workflow": name, "tag": "Workflows", "core": true, "title": title,
               "description": text, "inputSchema": input, "annotations": annotations, "read": read, "scope": scope,
               "_meta": {"io.reply/workflow": name, "io.reply/tag": "Workflows"}})
    };
    vec![
        tool(
            "find_contact_by_email",
            "Find a contact by exact email",
            "Find the one contact whose address is exactly this email (ignoring case). Reply's own search \
             matches by containment; this compares addresses and refuses when two contacts share it. \
             Answers found: false when there is none. Scope: contacts:read.",
            object_schema(json!({"email": {"type": "string", "format": "email", "minLength": 3}}), &["email"]),
            true,
            "contacts:read",
        ),
        tool(
            "ensure_contact",
            "Create or match a contact by email",
            "Create a contact, or match the one Reply holds under its email, without ever blanking a member \
             you did not send (unlike contacts_create). onExisting: fillEmpty (default) fills only empty \
             members, overwrite replaces the members sent, keep changes nothing. Scope: contacts:write.",
            object_schema(
                json!({"contact": person,
                       "onExisting": {"type": "string", "enum": ["fillEmpty", "overwrite", "keep"], "default": "fillEmpty"}}),
                &["contact"],
            ),
            false,
            "contacts:write",
        ),
        tool(
            "enrol_in_sequence",
            "Enrol contacts in a sequence safely",
            "Enrol contacts (by id or by the email of an existing contact) without moving anyone already in \
             the sequence or taking them out of other sequences; answers one outcome per contact \
             (enrolled, already_in_sequence, opted_out, blacklisted, not_found, failed). \
             Scope: sequences:write.",
            object_schema(
                json!({
                    "sequenceId": id("The sequence to enrol into"),
                    "contactIds": {"type": "array", "items": {"type": "integer"}, "description": "Contacts by id"},
                    "emails": {"type": "array", "items": {"type": "string", "format": "email"},
                               "description": "Existing contacts by exact email"},
                    "startStep": {"type": "integer", "minimum": 1, "description": "Start at the N-th step (refused where branches make it ambiguous)"},
                    "startStepId": id("Start at this step id"),
                    "ifAlready": {"type": "string", "enum": ["skip", "fail"], "default": "skip",
                                  "description": "What a contact already in the sequence counts as"},
                    "ignoreStepDelay": {"type": "boolean", "default": false},
                    "removeFromExisting": {"type": "boolean", "default": false,
                                           "description": "Take the contacts out of their other sequences"},
                }),
                &["sequenceId"],
            ),
            false,
            "sequences:write",
        ),
        tool(
            "resolve_sequence_step",
            "Find the id of a sequence's N-th step",
            "The id of the step at a position (1 is the first) of a sequence; refuses where branches make \
             the position ambiguous. Scope: sequences:read.",
            object_schema(
                json!({"sequenceId": id("The sequence"),
                       "position": {"type": "integer", "minimum": 1, "description": "1 for the first step"}}),
                &["sequenceId", "position"],
            ),
            true,
            "sequences:read",
        ),
        tool(
            "jobs_wait",
            "Wait for a background job",
            "Follow a background job (the jobId a job-starting tool answered) until it ends or the wait runs \
             out, and answer its last state. Scope: other:read.",
            object_schema(
                json!({"jobId": {"type": "string", "minLength": 1},
                       "timeoutSeconds": {"type": "integer", "minimum": 1, "maximum": 600, "default": 60}}),
                &["jobId"],
            ),
            true,
            "other:read",
        ),
    ]
}

/// `TOOLS.md`: every tool by tag, marking the default set and read-only ones.
fn tool_list(tools: &[Value]) -> String {
    let mut out = String::from(
        "<!-- @generated by reply-codegen from Reply's OpenAPI description. Do not edit by hand; run `just codegen`. -->\n\
         # `reply mcp` tools\n\n\
         Every tool `reply mcp` can offer. **core** tools are on by default; `--tools TAG,...` adds tags and \
         `--all-tools` offers all. `--read-only` keeps only the tools marked read. Uploads take each file as \
         a `path` under a folder given with `--upload-dir`, or as `contentBase64` with a `filename`.\n",
    );
    let mut sorted: Vec<&Value> = tools.iter().collect();
    sorted.sort_by_key(|t| t["tag"].as_str().unwrap_or_default().to_owned());
    let mut tag = "";
    for tool in sorted {
        let this = tool["tag"].as_str().unwrap_or_default();
        if this != tag {
            tag = this;
            let _ = write!(out, "\n## {tag}\n\n| tool | what | read | core |\n|---|---|---|---|\n");
        }
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            tool["name"].as_str().unwrap_or_default(),
            tool["title"].as_str().unwrap_or_default().replace('|', "\\|"),
            if tool["read"] == true { "read" } else { "write" },
            if tool["core"] == true { "core" } else { "" },
        );
    }
    let total = tools.len();
    let core = tools.iter().filter(|t| t["core"] == true).count();
    let _ = write!(out, "\n{total} tools, {core} of them in the default set.\n");
    out
}
