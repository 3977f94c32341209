//! The code a missing sequence answers with depends on the operation's family,
//! as the spec's 404 examples name them: the sequence-contact operations say
//! `sequenceContact.sequenceNotFound`, the lifecycle actions
//! `sequenceAction.notFound`. A sequence's contact answers
//! `sequenceContact.notInSequence` whether the sequence, the contact or the
//! link is missing, as Reply does (real-behaviour.md, "Sequences and enrolment" [cli]).

use crate::answer::{Answer, Body};
use crate::state::Ctx;
use reply_core::OperationId as Op;

const SEQUENCE_CONTACT: &[Op] = &[
    Op::GetSequenceContacts,
    Op::CountSequenceContacts,
    Op::GetSequenceContactsState,
    Op::BulkAddContactsToSequence,
    Op::BulkRemoveContactsFromSequence,
    Op::SetSequenceContactsStatusInSequence,
    Op::SetSequenceContactsReplied,
    Op::SetSequenceContactsBounced,
];

const SEQUENCE_ACTION: &[Op] =
    &[Op::StartSequence, Op::PauseSequence, Op::ArchiveSequence, Op::UnarchiveSequence, Op::UpdateSequenceOwner];

const ONE_CONTACT: &[Op] = &[Op::GetSequenceContactById, Op::RemoveContactFromSequence];

/// Renames the generic `sequence.notFound` of a path check to the operation's own code.
pub(super) fn renamed(ctx: &Ctx, answer: Answer) -> Answer {
    let generic = matches!(&answer.body, Body::Problem(p) if p["code"] == "sequence.notFound");
    let op = ctx.op.key;
    if !generic {
        answer
    } else if SEQUENCE_CONTACT.contains(&op) {
        Answer::not_found("sequenceContact.sequenceNotFound", super::problem_detail(&answer))
    } else if SEQUENCE_ACTION.contains(&op) {
        Answer::not_found("sequenceAction.notFound", super::problem_detail(&answer))
    } else if ONE_CONTACT.contains(&op) {
        let (sequence, contact) = (ctx.input.path_id("id"), ctx.input.path_id("contact_id"));
        Answer::not_found("sequenceContact.notInSequence", format!("contact {contact} is not in sequence {sequence}"))
    } else {
        answer
    }
}
