//! Reads the spec and lifts each operation into what the emitters need.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::names;
use crate::schema::{Ty, Types, type_of};

pub const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

#[derive(Debug, Clone)]
pub struct Param {
    pub json: String,
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub in_path: bool,
    /// The JSON type name for the operation table.
    pub json_type: String,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub values: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Body {
    None,
    Json { ty: Ty, required: bool },
    Multipart { fields: Vec<(String, bool)> },
}

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub content_type: String,
    pub ty: Option<Ty>,
}

#[derive(Debug, Clone)]
pub struct Op {
    pub id: String,
    pub tag: String,
    pub resource: String,
    pub name: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub scope: Option<String>,
    pub beta: bool,
    pub coming_soon: bool,
    pub docs_url: String,
    pub params: Vec<Param>,
    pub body: Body,
    pub responses: Vec<Resp>,
    pub read: bool,
    pub paging: Option<(u32, u32)>,
    /// The page size a walk asks for when the caller names none: the largest
    /// page, unless `overrides.yaml` knows Reply grants less live.
    pub walk_top: Option<u32>,
    /// The item type of a paginated listing.
    pub page_item: Option<Ty>,
    pub job: bool,
    pub reporting: bool,
    /// Answers a list (a page or a JSON array).
    pub returns_list: bool,
}

impl Op {
    pub fn query_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.in_path)
    }

    pub fn path_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.in_path)
    }

    /// The successful responses (2xx and 3xx).
    pub fn successes(&self) -> impl Iterator<Item = &Resp> {
        self.responses.iter().filter(|r| (200..400).contains(&r.status))
    }

    pub fn type_prefix(&self) -> String {
        names::type_name(&self.id)
    }
}

pub struct Spec {
    pub ops: Vec<Op>,
    pub types: Types,
}

/// Reads the YAML spec (anchors and aliases resolved) into JSON values.
pub fn load(path: &std::path::Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_norway::from_str::<Value>(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))
}

pub fn build(root: Value) -> Result<Spec, String> {
    let components = root.pointer("/components/schemas").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut types = Types::new(&components);
    types.define_named(
        "Problem",
        &problem_schema(&root),
        "the union of every `application/problem+json` shape in the spec",
    );
    let mut ops = Vec::new();
    for (path, item) in root.get("paths").and_then(Value::as_object).ok_or("the spec has no paths")? {
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                ops.push(lift(&mut types, path, method, op)?);
            }
        }
    }
    name_methods(&mut ops);
    Ok(Spec { ops, types })
}

/// Reply's problem bodies come in overlapping `oneOf`/`allOf` variants; one
/// struct with every member they use (all optional) decodes each by the fields present.
fn problem_schema(root: &Value) -> Value {
    let mut props = serde_json::Map::new();
    for item in root.get("paths").and_then(Value::as_object).into_iter().flat_map(|p| p.values()) {
        for method in METHODS {
            let responses = item.get(*method).and_then(|op| op.get("responses")).and_then(Value::as_object);
            for response in responses.into_iter().flat_map(|r| r.values()) {
                let Some(schema) = response.pointer("/content/application~1problem+json/schema") else { continue };
                collect_problem_members(schema, &mut props);
            }
        }
    }
    serde_json::json!({ "type": "object", "title": "Problem", "properties": props })
}

fn collect_problem_members(schema: &Value, props: &mut serde_json::Map<String, Value>) {
    for key in ["allOf", "oneOf", "anyOf"] {
        for member in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            collect_problem_members(member, props);
        }
    }
    for (name, prop) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        props.entry(name.clone()).or_insert_with(|| prop.clone());
    }
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn lift(types: &mut Types, path: &str, method: &str, op: &Value) -> Result<Op, String> {
    let id = text(op, "operationId").to_owned();
    if id.is_empty() {
        return Err(format!("{method} {path} has no operationId"));
    }
    let prefix = names::type_name(&id);
    let tag = op.get("tags").and_then(|t| t.get(0)).and_then(Value::as_str).unwrap_or("Default").to_owned();
    let description = text(op, "description");
    let summary = text(op, "summary").to_owned();

    let mut params = Vec::new();
    for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
        let json = text(p, "name").to_owned();
        let schema = p.get("schema").cloned().unwrap_or(Value::Null);
        let in_path = text(p, "in") == "path";
        let pascal = names::type_name(&json);
        let ty = types.resolve(&schema, &[pascal.clone(), format!("{prefix}{pascal}")]);
        let values = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let (minimum, mut maximum) =
            (schema.get("minimum").and_then(Value::as_i64), schema.get("maximum").and_then(Value::as_i64));
        if json == "top" {
            // Reply states the page-size maximum in prose ("max 1000") more often than in the schema.
            maximum = maximum.or(page_limits_from_prose(text(p, "description")).1.map(i64::from));
        }
        params.push(Param {
            rust: names::field_name(&json),
            json,
            ty,
            required: in_path || p.get("required") == Some(&Value::Bool(true)),
            in_path,
            json_type: type_of(&schema).unwrap_or("string").to_owned(),
            minimum,
            maximum,
            values,
        });
    }

    let body = match op.pointer("/requestBody/content").and_then(Value::as_object) {
        None => Body::None,
        Some(content) => {
            let required = op.pointer("/requestBody/required") == Some(&Value::Bool(true));
            if let Some(mt) = content.get("application/json") {
                let schema = mt.get("schema").cloned().unwrap_or(Value::Null);
                Body::Json {
                    ty: types.resolve(&schema, &[format!("{prefix}Request"), format!("{prefix}Body")]),
                    required,
                }
            } else if let Some(mt) = content.get("multipart/form-data") {
                let fields = mt
                    .pointer("/schema/properties")
                    .and_then(Value::as_object)
                    .map(|p| {
                        p.iter()
                            .map(|(k, v)| (k.clone(), text(v, "format") == "binary" || type_of(v) == Some("array")))
                            .collect()
                    })
                    .unwrap_or_default();
                Body::Multipart { fields }
            } else {
                return Err(format!("{id}: unsupported request media type"));
            }
        }
    };

    let mut responses = Vec::new();
    for (status, r) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
        let Ok(status) = status.parse::<u16>() else { continue };
        // A 204 has no body, whatever media type the spec attaches to it.
        let content = r.get("content").and_then(Value::as_object).filter(|_| status != 204);
        let (content_type, schema) = match content.and_then(|c| c.iter().next()) {
            Some((ct, mt)) => (ct.clone(), mt.get("schema").cloned()),
            None => (String::new(), None),
        };
        let ty = match (&schema, content_type.as_str()) {
            (_, "application/problem+json") => Some(Ty::Named("Problem".into())),
            (Some(s), ct) if ct.contains("json") => {
                let ctx = if status < 300 {
                    vec![format!("{prefix}Response"), format!("{prefix}Response{status}")]
                } else {
                    vec![format!("{prefix}Error{status}")]
                };
                Some(types.resolve(s, &ctx))
            }
            (Some(_), _) => Some(Ty::Bytes),
            (None, _) => None,
        };
        responses.push(Resp { status, content_type, ty });
    }

    // Paginated: `top` + `skip` and a 200 answering `{items, hasMore}`.
    let has = |name: &str| params.iter().any(|p| p.json == name && !p.in_path);
    let ok_schema = op.pointer("/responses/200/content/application~1json/schema").cloned();
    let page_item = ok_schema.as_ref().and_then(|s| {
        let props = s.get("properties")?;
        props.get("hasMore")?;
        let items = props.get("items")?;
        (type_of(items) == Some("array")).then_some(())
    });
    let paging = if has("top") && has("skip") && page_item.is_some() {
        let top = op
            .get("parameters")
            .and_then(Value::as_array)
            .and_then(|l| l.iter().find(|p| text(p, "name") == "top"))
            .cloned()
            .unwrap_or(Value::Null);
        let (default_top, max_prose) = page_limits_from_prose(text(&top, "description"));
        let max_schema = top.pointer("/schema/maximum").and_then(Value::as_u64).map(|v| v as u32);
        // Endpoints that state no maximum get a cautious 100.
        let max_top = max_schema.or(max_prose).unwrap_or(100);
        Some((max_top, default_top.unwrap_or(max_top.min(25))))
    } else {
        None
    };
    let page_item = paging.and_then(|_| {
        let ok = responses.iter().find(|r| r.status == 200)?;
        let Some(Ty::Named(name)) = &ok.ty else { return None };
        crate::emit::page_item_of(types, name)
    });

    let returns_list = paging.is_some() || ok_schema.as_ref().and_then(type_of) == Some("array");
    let read = method == "get"
        || (method == "post"
            && ["Get", "List", "Filter", "Count", "Estimate", "Render", "Search"]
                .iter()
                .any(|verb| id.starts_with(verb) && id[verb.len()..].starts_with(|c: char| c.is_ascii_uppercase())));
    let lower = description.to_ascii_lowercase();
    Ok(Op {
        resource: names::snake(&tag),
        name: String::new(),
        docs_url: docs_url(&tag, &summary),
        beta: description.contains("**Beta.**"),
        coming_soon: lower.contains("coming soon"),
        scope: op.get("x-required-scope").and_then(Value::as_str).map(str::to_owned),
        job: responses.iter().any(|r| r.status == 202),
        reporting: path.starts_with("/v3/reporting/") || path.ends_with("/stats"),
        method: method.to_owned(),
        path: path.to_owned(),
        id,
        tag,
        summary,
        params,
        body,
        responses,
        read,
        paging,
        walk_top: None,
        page_item,
        returns_list,
    })
}

/// `(default N, max M)` as Reply writes it in the `top` parameter's description.
fn page_limits_from_prose(description: &str) -> (Option<u32>, Option<u32>) {
    let number_after = |word: &str| {
        let at = description.find(word)? + word.len();
        let digits: String = description[at..].trim_start().chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<u32>().ok()
    };
    (number_after("default "), number_after("max "))
}

/// The operation's page on docs.reply.io: `/api-reference/{tag}/{summary}` in kebab case.
fn docs_url(tag: &str, summary: &str) -> String {
    // Lower case, every run of other characters one hyphen ("LinkedIn account" → "linkedin-account").
    let kebab = |s: &str| {
        let lowered: String =
            s.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' }).collect();
        lowered.split_whitespace().collect::<Vec<_>>().join("-")
    };
    let tag = tag.strip_prefix("AI SDR ").unwrap_or(tag);
    format!("https://docs.reply.io/api-reference/{}/{}", kebab(tag), kebab(summary))
}

/// Gives every operation a method name inside its resource: the `operationId`
/// without the resource's own noun (`GetSequenceById` in `Sequences` → `get`,
/// `GetSequences` → `list`, `StartSequence` → `start`). Where the short form
/// would collide, the full snake-case id is used.
fn name_methods(ops: &mut [Op]) {
    let mut proposals: Vec<String> = Vec::with_capacity(ops.len());
    for op in ops.iter() {
        proposals.push(short_name(op));
    }
    let mut count: HashMap<(String, String), usize> = HashMap::new();
    for (op, name) in ops.iter().zip(&proposals) {
        *count.entry((op.resource.clone(), name.clone())).or_default() += 1;
    }
    let mut used: HashSet<(String, String)> = HashSet::new();
    for (op, name) in ops.iter_mut().zip(proposals) {
        let key = (op.resource.clone(), name.clone());
        let chosen = if count[&key] == 1 && !names::is_keyword(&name) { name } else { names::snake(&op.id) };
        assert!(used.insert((op.resource.clone(), chosen.clone())), "method name clash: {}.{chosen}", op.resource);
        op.name = chosen;
    }
}

/// Two words name the same thing, ignoring a plural ending (`base`/`bases`, `entry`/`entries`).
fn same_word(a: &str, b: &str) -> bool {
    let stem = |w: &str| -> String {
        if let Some(s) = w.strip_suffix("ies") {
            format!("{s}y")
        } else if let Some(s) =
            w.strip_suffix("es").filter(|s| ["ss", "x", "us", "ch", "sh"].iter().any(|end| s.ends_with(end)))
        {
            s.to_owned()
        } else {
            w.strip_suffix('s').unwrap_or(w).to_owned()
        }
    };
    a == b || stem(a) == stem(b)
}

fn find_run(words: &[String], run: &[String], from: usize) -> Option<usize> {
    (from..words.len()).find(|&at| {
        at + run.len() <= words.len() && words[at..at + run.len()].iter().zip(run).all(|(w, r)| same_word(w, r))
    })
}

/// Method names that would read badly or shadow a trait method (`clone`) or a keyword (`move`).
const AVOID: &[&str] = &["clone", "move", "type", "ref", "self", "as", "default", "into", "from", "drop"];

fn short_name(op: &Op) -> String {
    let mut words = names::words(&op.id);
    if words.ends_with(&["by".to_owned(), "id".to_owned()]) {
        words.truncate(words.len() - 2);
    }
    let tag_words = names::words(&names::type_name(&op.tag));
    let path_words: Vec<String> =
        op.path.trim_start_matches("/v3/").split('/').next().map(names::words).unwrap_or_default();
    // Nouns that name the resource: the tag and each of its tails, the tag without "AI SDR", the path's first segment.
    let mut nouns: Vec<Vec<String>> = (0..tag_words.len()).map(|k| tag_words[k..].to_vec()).collect();
    if tag_words.starts_with(&["ai".to_owned(), "sdr".to_owned()]) {
        nouns.push(tag_words[2..].to_vec());
    }
    // The path's first segment names the same resource only when it ends in the tag's head noun
    // (`/v3/contact-accounts` for "Accounts", not `/v3/email-template-folders` for "Email Templates").
    if path_words.last().zip(tag_words.last()).is_some_and(|(p, t)| same_word(p, t)) {
        nouns.push(path_words.clone());
    }
    nouns.retain(|n| !n.is_empty());
    nouns.sort_by_key(|n| std::cmp::Reverse(n.len()));
    // "...ToSequence" / "...FromContactAccount": the resource (or its parent) said again.
    let mut owners = nouns.clone();
    owners.extend(tag_words.iter().map(|w| vec![w.clone()]));
    owners.push(path_words.clone());
    for noun in owners.iter().filter(|n| !n.is_empty()) {
        if words.len() > noun.len() + 2 {
            let at = words.len() - noun.len();
            if matches!(words[at - 1].as_str(), "to" | "from")
                && words[at..].iter().zip(noun).all(|(w, r)| same_word(w, r))
            {
                words.truncate(at - 1);
                break;
            }
        }
    }
    // "GetBlacklistDomainRules" in "Contact Blacklist Rules": the head noun carries its own
    // qualifier ("domain"), so keep "domain_rules" and drop only the other tag words.
    let head = tag_words.last().cloned().unwrap_or_default();
    let last = words.len() - 1;
    if last >= 3
        && same_word(&words[last], &head)
        && !tag_words.iter().any(|t| same_word(t, &words[last - 1]))
        && tag_words[..tag_words.len() - 1].iter().any(|t| words[1..last - 1].iter().any(|w| same_word(w, t)))
    {
        let qualifiers = &tag_words[..tag_words.len() - 1];
        let kept: Vec<String> = words
            .iter()
            .enumerate()
            .filter(|(i, w)| *i == 0 || *i == last || !qualifiers.iter().any(|t| same_word(t, w)))
            .map(|(_, w)| w.clone())
            .collect();
        words = kept;
        nouns.clear();
    }
    for noun in &nouns {
        if let Some(at) = find_run(&words, noun, 1) {
            let mut start = at;
            while start > 1 && matches!(words[start - 1].as_str(), "ai" | "sdr") {
                start -= 1;
            }
            words.drain(start..at + noun.len());
            break;
        }
    }
    if words.first().map(String::as_str) == Some("get") && op.method == "get" && op.returns_list {
        words[0] = "list".into();
    }
    let name = words.join("_");
    if AVOID.contains(&name.as_str()) {
        let head = tag_words.last().map(|w| w.strip_suffix('s').unwrap_or(w).to_owned()).unwrap_or_default();
        return format!("{name}_{head}");
    }
    name
}
