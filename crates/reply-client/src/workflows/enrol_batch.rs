//! Sending one enrolment's bulk adds and settling every contact in them,
//! including those whose outcome Reply left unknown.

use std::collections::{HashMap, HashSet};
use std::pin::pin;

use futures_util::StreamExt;
use reply_core::models::BulkAddContactsToSequenceRequest;
use reply_core::operations::GetSequenceContactsQuery;
use reply_core::{Error, Nullable};

use super::enrol::{ENROL_ATTEMPTS, EnrolOptions, EnrolOutcome};
use crate::Client;

/// The ids of every contact in the sequence, whatever their status there.
pub(super) async fn members(client: &Client, sequence_id: i64) -> Result<HashSet<i64>, Error> {
    let mut items = pin!(client.sequence_contacts().list(sequence_id, GetSequenceContactsQuery::default()).items(None));
    let mut ids = HashSet::new();
    while let Some(item) = items.next().await {
        if let Some(id) = item?.contact_id {
            ids.insert(id);
        }
    }
    Ok(ids)
}

/// One enrolment's fixed parts.
pub(super) struct Batch<'o> {
    pub client: &'o Client,
    pub sequence_id: i64,
    pub start_step_id: Option<i64>,
    pub options: &'o EnrolOptions,
}

impl Batch<'_> {
    fn request(&self, ids: &[i64]) -> BulkAddContactsToSequenceRequest {
        BulkAddContactsToSequenceRequest {
            contact_ids: ids.to_vec(),
            // Always sent: left to Reply it may take the person out of every other sequence.
            remove_from_existing: Some(self.options.remove_from_existing),
            start_step_id: self.start_step_id.map_or(Nullable::Absent, Nullable::Value),
            ignore_step_delay: Some(self.options.ignore_step_delay),
            ..BulkAddContactsToSequenceRequest::default()
        }
    }

    /// Adds contacts none of which was in the sequence; settles each one.
    pub async fn add(&self, ids: &[i64]) -> HashMap<i64, EnrolOutcome> {
        let mut outcomes = HashMap::new();
        let mut pending: Vec<i64> = ids.to_vec();
        let mut last_unknown: Option<Error> = None;
        for _ in 0..ENROL_ATTEMPTS {
            if pending.is_empty() {
                break;
            }
            match self.client.sequence_contacts().bulk_add(self.sequence_id, self.request(&pending)).await {
                Ok(answer) => {
                    let added: HashSet<i64> = answer.added.unwrap_or_default().into_iter().collect();
                    let refused = answer.not_processed.unwrap_or_default();
                    let mut unanswered = Vec::new();
                    for id in pending.drain(..) {
                        if added.contains(&id) {
                            outcomes.insert(id, EnrolOutcome::Enrolled);
                        } else if let Some(item) = refused.get(&id.to_string()) {
                            outcomes.insert(id, super::refusals::explain(self.client, id, item).await);
                        } else {
                            unanswered.push(id);
                        }
                    }
                    // An answer that names a contact neither way is settled by looking.
                    if !unanswered.is_empty() {
                        let not_in = EnrolOutcome::Failed {
                            code: "notAnswered".into(),
                            detail: Some(
                                "Reply's answer did not name this contact, and it is not in the sequence".into(),
                            ),
                        };
                        self.settle_by_membership(&unanswered, &mut outcomes, not_in).await;
                    }
                }
                // Reply may have acted (OutcomeUnknown) or provably did not (Connection): look, then
                // send again only the contacts that are not in.
                Err(e @ (Error::OutcomeUnknown { .. } | Error::Connection { .. })) => {
                    match members(self.client, self.sequence_id).await {
                        Ok(now) => pending.retain(|id| {
                            if now.contains(id) {
                                outcomes.insert(*id, EnrolOutcome::Enrolled);
                                false
                            } else {
                                true
                            }
                        }),
                        Err(read) => {
                            let detail = format!("{e}; reading the sequence back failed too: {read}");
                            for id in pending.drain(..) {
                                outcomes.insert(
                                    id,
                                    EnrolOutcome::Failed { code: e.kind().into(), detail: Some(detail.clone()) },
                                );
                            }
                        }
                    }
                    last_unknown = Some(e);
                }
                Err(e) => {
                    let code = e.code().unwrap_or_else(|| e.kind()).to_owned();
                    for id in pending.drain(..) {
                        outcomes.insert(id, EnrolOutcome::Failed { code: code.clone(), detail: Some(e.to_string()) });
                    }
                }
            }
        }
        // Still pending: every attempt's outcome was unknown, and the last look found them not in.
        for id in pending {
            let e = last_unknown.as_ref().expect("pending after the attempts means the last one was unknown");
            outcomes.insert(id, EnrolOutcome::Failed { code: e.kind().into(), detail: Some(e.to_string()) });
        }
        outcomes
    }

    /// Contacts that are in the sequence now are enrolled; the others get `otherwise`.
    async fn settle_by_membership(
        &self,
        ids: &[i64],
        outcomes: &mut HashMap<i64, EnrolOutcome>,
        otherwise: EnrolOutcome,
    ) {
        match members(self.client, self.sequence_id).await {
            Ok(now) => {
                for &id in ids {
                    outcomes.insert(id, if now.contains(&id) { EnrolOutcome::Enrolled } else { otherwise.clone() });
                }
            }
            Err(e) => {
                for &id in ids {
                    outcomes.insert(id, EnrolOutcome::Failed { code: e.kind().into(), detail: Some(e.to_string()) });
                }
            }
        }
    }
}
