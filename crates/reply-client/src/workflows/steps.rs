//! A step's id from its 1-based position.
//!
//! A sequence's steps carry no order field: `GET /v3/sequences/{id}/steps`
//! gives them as `parentId` links, and no endpoint maps "step 2" to an id
//! (research/real-behaviour.md, "Sequences and enrolment"). The position is
//! found by walking the chain from the one step without a parent; wherever
//! the chain forks (a condition, or two steps under one parent) the positions
//! after the fork mean more than one step, and the walk refuses.

use reply_core::models::{LinkedInStep, SequenceStep};
use serde_json::Value;

use super::WorkflowError;
use crate::SequenceSteps;

/// A step's own id and its parent's, from whichever kind of step it is.
fn links(step: &SequenceStep) -> (Option<i64>, Option<i64>) {
    macro_rules! of {
        ($s:expr) => {
            ($s.id.as_ref().copied(), $s.parent_id.as_ref().copied())
        };
    }
    // A kind this SDK does not know still has its links in the JSON it came as.
    let unknown = |v: &Value| (v.get("id").and_then(Value::as_i64), v.get("parentId").and_then(Value::as_i64));
    match step {
        SequenceStep::Email(s) => of!(s),
        SequenceStep::Call(s) => of!(s),
        SequenceStep::Sms(s) => of!(s),
        SequenceStep::WhatsApp(s) => of!(s),
        SequenceStep::Zapier(s) => of!(s),
        SequenceStep::Task(s) => of!(s),
        SequenceStep::Condition(s) => of!(s),
        SequenceStep::LinkedIn(l) => match l {
            LinkedInStep::Message(s) => of!(s),
            LinkedInStep::Connect(s) => of!(s),
            LinkedInStep::InMail(s) => of!(s),
            LinkedInStep::ViewProfile(s) => of!(s),
            LinkedInStep::EndorseSkills(s) => of!(s),
            LinkedInStep::VoiceMessage(s) => of!(s),
            LinkedInStep::LikeRecentPosts(s) => of!(s),
            LinkedInStep::FollowProfile(s) => of!(s),
            LinkedInStep::CommentOnRecentPost(s) => of!(s),
            LinkedInStep::Unknown(v) => unknown(v),
        },
        SequenceStep::Unknown(v) => unknown(v),
    }
}

/// A step's id, whatever its kind.
pub(crate) fn id_of(step: &SequenceStep) -> Option<i64> {
    links(step).0
}

/// The id of the step at `position` (1-based) of a sequence's steps.
pub(crate) fn step_at(sequence_id: i64, steps: &[SequenceStep], position: u32) -> Result<i64, WorkflowError> {
    let not_found = |reason: String| WorkflowError::StepNotFound { sequence_id, position, reason };
    let ambiguous = |reason: String| WorkflowError::StepAmbiguous { sequence_id, position, reason };
    if position == 0 {
        return Err(WorkflowError::InvalidInput("step positions start at 1".into()));
    }
    if steps.is_empty() {
        return Err(not_found("the sequence has no steps".into()));
    }
    let linked: Vec<(&SequenceStep, Option<i64>, Option<i64>)> = steps
        .iter()
        .map(|s| {
            let (id, parent) = links(s);
            (s, id, parent)
        })
        .collect();
    let roots: Vec<_> = linked.iter().filter(|(_, _, parent)| parent.is_none()).collect();
    let mut at = match roots.as_slice() {
        [root] => **root,
        [] => return Err(not_found("every step has a parent, so there is no first step".into())),
        many => return Err(ambiguous(format!("{} steps have no parent, so the steps are not one chain", many.len()))),
    };
    // Each pass moves one link down; more passes than steps means the links loop.
    for index in 1..=steps.len() {
        let (step, id, _) = at;
        if index == position as usize {
            return id.ok_or_else(|| not_found(format!("step {index} carries no id")));
        }
        if matches!(step, SequenceStep::Condition(_)) || step.tag() == Some("condition") {
            return Err(ambiguous(format!("step {index} is a condition, so the steps after it branch")));
        }
        let Some(id) = id else { return Err(not_found(format!("step {index} carries no id"))) };
        let next: Vec<_> = linked.iter().filter(|(_, _, parent)| *parent == Some(id)).collect();
        at = match next.as_slice() {
            [one] => **one,
            [] => return Err(not_found(format!("the sequence ends at step {index}"))),
            many => return Err(ambiguous(format!("step {index} is followed by {} steps", many.len()))),
        };
    }
    Err(not_found("the steps' parent links loop".into()))
}

impl<'a> SequenceSteps<'a> {
    /// The id of the step at a 1-based `position` of the sequence.
    ///
    /// Refuses with [`WorkflowError::StepAmbiguous`] where a condition or a
    /// fork comes before the position, and [`WorkflowError::StepNotFound`] where
    /// there is no such step.
    pub async fn resolve(&self, sequence_id: i64, position: u32) -> Result<i64, WorkflowError> {
        if position == 0 {
            return Err(WorkflowError::InvalidInput("step positions start at 1".into()));
        }
        let steps = self.list(sequence_id).await?;
        step_at(sequence_id, &steps, position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn steps(value: Value) -> Vec<SequenceStep> {
        serde_json::from_value(value).expect("steps decode")
    }

    fn email(id: i64, parent: Option<i64>) -> Value {
        json!({"id": id, "parentId": parent, "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
               "variants": []})
    }

    fn condition(id: i64, parent: Option<i64>) -> Value {
        json!({"id": id, "parentId": parent, "type": "condition", "delayInMinutes": 0, "waitInMinutes": 60,
               "conditions": []})
    }

    #[test]
    fn a_chain_in_any_order_resolves_by_position() {
        let chain = steps(json!([email(30, Some(20)), email(10, None), email(20, Some(10))]));
        assert_eq!(step_at(1, &chain, 1).unwrap(), 10);
        assert_eq!(step_at(1, &chain, 2).unwrap(), 20);
        assert_eq!(step_at(1, &chain, 3).unwrap(), 30);
        assert_eq!(step_at(1, &chain, 4).unwrap_err().kind(), "step_not_found");
        assert_eq!(step_at(1, &chain, 0).unwrap_err().kind(), "invalid_input");
    }

    #[test]
    fn positions_after_a_branch_are_refused() {
        let branched = steps(json!([email(1, None), condition(2, Some(1)), email(3, Some(2)), email(4, Some(2))]));
        assert_eq!(step_at(9, &branched, 1).unwrap(), 1);
        assert_eq!(step_at(9, &branched, 2).unwrap(), 2);
        assert_eq!(step_at(9, &branched, 3).unwrap_err().kind(), "step_ambiguous");
        let forked = steps(json!([email(1, None), email(2, Some(1)), email(3, Some(1))]));
        assert_eq!(step_at(9, &forked, 2).unwrap_err().kind(), "step_ambiguous");
        let two_roots = steps(json!([email(1, None), email(2, None)]));
        assert_eq!(step_at(9, &two_roots, 1).unwrap_err().kind(), "step_ambiguous");
    }

    #[test]
    fn no_steps_and_loops_are_not_found() {
        assert_eq!(step_at(9, &[], 1).unwrap_err().kind(), "step_not_found");
        let looped = steps(json!([email(1, None), email(2, Some(3)), email(3, Some(2))]));
        assert_eq!(step_at(9, &looped, 2).unwrap_err().kind(), "step_not_found");
    }
}
