//! The language-neutral plan: what every emitter renders, decided once.
//!
//! resource (one per spec tag, in order of first appearance) → method (one per
//! operation) → its arguments (`Op::path_params`, `Op::query_params`, `Op::body`)
//! → what a successful call answers ([`Answer`]) → paging, background job,
//! read/write and rate class (from the spec, corrected by `overrides.yaml`).
//! Emitters spell these in their language; none regroups operations or
//! decides an answer by itself.

use crate::schema::{Field, Ty};
use crate::spec::{Op, Spec};

/// What a successful call answers, in every language.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// No body.
    Empty,
    /// Only 3xx answers: the caller gets the `Location`.
    Redirect,
    /// A binary body (a file download).
    Bytes,
    /// One JSON type shared by every successful answer.
    Json(Ty),
    /// Several JSON types, one per status: decoded as untyped JSON.
    Mixed,
}

impl Answer {
    /// The JSON type answered: untyped JSON where several are documented;
    /// `None` for an answer without a JSON body.
    pub fn json(&self) -> Option<Ty> {
        match self {
            Answer::Json(ty) => Some(ty.clone()),
            Answer::Mixed => Some(Ty::Any),
            Answer::Empty | Answer::Redirect | Answer::Bytes => None,
        }
    }
}

/// Which of Reply's rate budgets a call draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateClass {
    Default,
    /// Reply's stricter reporting budget.
    Reporting,
}

/// One operation as a method of its resource.
#[derive(Debug)]
pub struct Method<'s> {
    pub op: &'s Op,
    pub answer: Answer,
}

impl Method<'_> {
    /// Only reads: safe to retry after a timeout or a 5xx.
    pub fn read(&self) -> bool {
        self.op.read
    }

    pub fn rate_class(&self) -> RateClass {
        if self.op.reporting { RateClass::Reporting } else { RateClass::Default }
    }

    /// The paging limits `(max top, default top)` of a paginated listing.
    pub fn paging(&self) -> Option<(u32, u32)> {
        self.op.paging
    }

    /// Answers `202 Accepted` with a background job.
    pub fn job(&self) -> bool {
        self.op.job
    }
}

/// One resource: the operations of one spec tag.
#[derive(Debug)]
pub struct Resource<'s> {
    /// Snake case, e.g. `contact_lists`: the accessor on every client, and the
    /// stem of the resource's generated files.
    pub name: &'s str,
    /// The spec's tag, e.g. `Contact Lists`.
    pub tag: &'s str,
    pub methods: Vec<Method<'s>>,
}

#[derive(Debug)]
pub struct Plan<'s> {
    pub resources: Vec<Resource<'s>>,
}

impl Plan<'_> {
    /// The method planned for `op`.
    pub fn method(&self, op: &Op) -> &Method<'_> {
        self.methods().find(|m| m.op.id == op.id).expect("every operation is planned")
    }

    pub fn methods(&self) -> impl Iterator<Item = &Method<'_>> {
        self.resources.iter().flat_map(|r| &r.methods)
    }
}

pub fn plan(spec: &Spec) -> Plan<'_> {
    let mut resources: Vec<Resource<'_>> = Vec::new();
    for op in &spec.ops {
        let method = Method { op, answer: answer(op) };
        match resources.iter_mut().find(|r| r.name == op.resource) {
            Some(resource) => resource.methods.push(method),
            None => resources.push(Resource { name: &op.resource, tag: &op.tag, methods: vec![method] }),
        }
    }
    Plan { resources }
}

/// A model field's one-line doc in Markdown, the same in every language:
/// its wire name, whether it is required or nullable, and the schema's facts
/// (bounds, formats, defaults).
pub fn field_doc(f: &Field) -> String {
    let mut doc = format!("`{}`", f.json);
    if f.required {
        doc.push_str(" · required");
    }
    if f.nullable {
        doc.push_str(" · nullable");
    }
    for fact in &f.facts {
        doc.push_str(" · ");
        doc.push_str(fact);
    }
    doc
}

/// What a successful call of `op` answers.
pub fn answer(op: &Op) -> Answer {
    let mut bodies: Vec<&Ty> = Vec::new();
    for r in op.successes() {
        if let Some(ty) = &r.ty {
            if !bodies.contains(&ty) {
                bodies.push(ty);
            }
        }
    }
    match bodies.as_slice() {
        [] if op.successes().next().is_some() && op.successes().all(|r| (300..400).contains(&r.status)) => {
            Answer::Redirect
        }
        [] => Answer::Empty,
        [Ty::Bytes] => Answer::Bytes,
        [one] => Answer::Json((*one).clone()),
        _ => Answer::Mixed,
    }
}
