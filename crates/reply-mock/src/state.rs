//! The mutable world handlers act on, and the context of one request.

use rand::SeedableRng;
use rand::rngs::StdRng;
use reply_core::OperationInfo;
use serde_json::{Map, Value};

use crate::auth::Identity;
use crate::config::Config;
use crate::store::Store;
use crate::validate::Input;

pub(crate) struct State {
    pub store: Store,
    /// Events raised by the current request, delivered once its lock is released.
    pub outbox: Vec<Event>,
    /// Ids of jobs and events (seeded, so runs are reproducible).
    pub rng: StdRng,
}

impl State {
    pub fn new(store: Store, seed: u64) -> Self {
        // A different stream from fault injection, so adding a job does not shift faults.
        State { store, outbox: Vec::new(), rng: StdRng::seed_from_u64(seed ^ 0x05ee_d1d5) }
    }

    pub fn emit(&mut self, event: Event) {
        self.outbox.push(event);
    }
}

/// Something that happened, for webhook subscribers of `kind`.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub kind: &'static str,
    pub user_id: i64,
    pub team_id: i64,
    /// The contact it concerns (stored document).
    pub contact: Option<Value>,
    /// The sequence it concerns (stored document) and the step number, if any.
    pub sequence: Option<(Value, Option<i64>)>,
    /// Event-specific members, already in delivery (snake_case) form.
    pub extra: Map<String, Value>,
    /// The email it concerns (its URL and text), delivered as the
    /// subscription's `payloadConfig` asks.
    pub email: Option<EmailRef>,
}

/// An email's link in the app and its text.
#[derive(Debug, Clone)]
pub(crate) struct EmailRef {
    pub url: String,
    pub text: String,
}

impl Event {
    pub fn new(kind: &'static str, ctx: &Ctx) -> Event {
        Event {
            kind,
            user_id: ctx.who.user_id,
            team_id: ctx.who.team_id,
            contact: None,
            sequence: None,
            extra: Map::new(),
            email: None,
        }
    }

    pub fn contact(mut self, contact: &Value) -> Event {
        self.contact = Some(contact.clone());
        self
    }

    pub fn sequence(mut self, sequence: &Value, step_number: Option<i64>) -> Event {
        self.sequence = Some((sequence.clone(), step_number));
        self
    }

    pub fn email(mut self, email: Option<EmailRef>) -> Event {
        self.email = email;
        self
    }

    pub fn with(mut self, name: &str, value: Value) -> Event {
        self.extra.insert(name.to_owned(), value);
        self
    }
}

/// One validated, authenticated request.
pub(crate) struct Ctx<'a> {
    pub op: &'static OperationInfo,
    pub input: &'a Input,
    pub who: &'a Identity,
    pub config: &'a Config,
}
