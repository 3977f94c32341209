//! Out-of-range paging (`top` below 1 or above the maximum the spec states
//! for the operation, a negative `skip`) is refused with the operation's own
//! `<resource>.invalidPagination` problem, as the spec's 400 examples name it.

use reply_core::OperationInfo;

use crate::answer::Answer;
use crate::samples;
use reply_core::OperationId as Op;

/// Paginated operations whose own 400 example names no code, with the family
/// they are taken to belong to (our choice): the reporting lists' examples give
/// only the detail; the others give no example of their own.
const FAMILY_GUESSED: &[(Op, &str)] = &[
    (Op::GetEmailsList, "reporting"),
    (Op::GetCallsList, "reporting"),
    (Op::GetTasksList, "reporting"),
    (Op::GetLinkedInList, "reporting"),
    (Op::GetMeetingsList, "reporting"),
    // Their schemas carry the sequence family's shared example and its detail.
    (Op::GetSequenceContacts, "sequence"),
    (Op::GetSequenceContactsState, "sequence"),
    (Op::FilterTasks, "task"),
    (Op::GetContactActivities, "contact"),
];

/// The sequence family's detail, from the example its schemas share.
const SEQUENCE_DETAIL: &str = "Pagination parameters are invalid.";
/// The detail where an operation documents none: the most common one.
const PAGE_VIEW: &str = "Invalid requested page view.";

/// The operation's code family and detail: its own 400 example (extracted by
/// reply-codegen into `generated/responses.json`), completed by `FAMILY_GUESSED`.
fn documented(op: Op) -> (&'static str, &'static str) {
    let example = samples::invalid_pagination(op);
    let family = example.and_then(|(code, _)| code?.strip_suffix(".invalidPagination"));
    let guessed = FAMILY_GUESSED.iter().find(|(id, _)| *id == op).map(|(_, family)| *family);
    let family = family.or(guessed).unwrap_or("request");
    let detail =
        example.map(|(_, detail)| detail).unwrap_or(if family == "sequence" { SEQUENCE_DETAIL } else { PAGE_VIEW });
    (family, detail)
}

/// Operations for which the spec states no largest page anywhere (parameter
/// prose, schema or example): no maximum is applied, rather than a guessed one.
const NO_STATED_MAXIMUM: &[Op] = &[Op::GetContactActivities];

/// The refusal of an out-of-range `top` or `skip` (a value that parsed as an integer).
pub(crate) fn check(op: &OperationInfo, param: &str, value: &str) -> Option<Answer> {
    let limits = op.paging?;
    let n: i64 = value.parse().ok()?;
    let out_of_range = match param {
        "top" => n < 1 || maximum(op.key, limits.max_top).is_some_and(|max| n > max),
        "skip" => n < 0,
        _ => false,
    };
    out_of_range.then(|| refusal(op.key))
}

/// The largest `top` the spec states for `op`: the number in its 400 example
/// ("between 1 and 1000", "must not exceed 1000"), else the one reply-core read
/// from the parameter's prose ("max 1000"). reply-core gives operations that
/// state no maximum in prose a cautious 100 for the SDK's own requests, which
/// would refuse pages the spec's examples allow.
fn maximum(op: Op, prose: u32) -> Option<i64> {
    if NO_STATED_MAXIMUM.contains(&op) {
        return None;
    }
    let detail = samples::invalid_pagination(op).map_or("", |(_, detail)| detail);
    let stated = ["between 1 and ", "must not exceed "].iter().find_map(|lead| {
        let at = detail.find(lead)? + lead.len();
        detail[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
    });
    Some(stated.unwrap_or(i64::from(prose)))
}

fn refusal(op: Op) -> Answer {
    let (family, detail) = documented(op);
    Answer::problem(400, detail).code(&format!("{family}.invalidPagination"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::operations::OPERATIONS;

    #[test]
    fn every_paginated_operation_has_a_family() {
        for op in OPERATIONS.iter().filter(|o| o.paging.is_some()) {
            let coded = samples::invalid_pagination(op.key).is_some_and(|(code, _)| code.is_some());
            let guessed = FAMILY_GUESSED.iter().any(|(id, _)| *id == op.key);
            assert!(coded != guessed, "{}: a code from the spec xor a guessed family", op.key);
        }
        for (id, _) in FAMILY_GUESSED {
            assert!(OPERATIONS.iter().any(|o| o.key == *id && o.paging.is_some()), "{id} is not paginated");
        }
    }

    #[test]
    fn the_codes_and_details_are_the_spec_examples() {
        assert_eq!(documented(Op::GetContacts), ("contact", "Invalid requested page view."));
        assert_eq!(
            documented(Op::ListKnowledgeBases),
            ("knowledgeBase", "Invalid pagination: 'top' must not exceed 1000.")
        );
        assert_eq!(documented(Op::GetCallsList), ("reporting", "Parameter 'top' must be between 1 and 1000."));
        assert_eq!(documented(Op::GetSequenceContacts), ("sequence", SEQUENCE_DETAIL));
        assert_eq!(documented(Op::FilterTasks), ("task", PAGE_VIEW));
    }
}
