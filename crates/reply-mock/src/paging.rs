//! Out-of-range paging (`top` below 1 or above the maximum the spec states
//! for the operation, a negative `skip`) is refused with the operation's own
//! `<resource>.invalidPagination` problem, as the spec's 400 examples name it.

use reply_core::OperationInfo;

use crate::answer::Answer;
use reply_core::OperationId as Op;

/// Each paginated operation's documented code and detail. The spec's examples
/// give these; where an operation documents none, its family's is used (a
/// guess, written in README as one).
const DOCUMENTED: &[(Op, &str, &str)] = &[
    (Op::ListIntentSignalIndustries, "salesAgentIntentSignals", TOP_1000),
    (Op::ListIntentSignalTechnologies, "salesAgentIntentSignals", TOP_1000),
    (Op::ListKnowledgeBases, "knowledgeBase", NOT_EXCEED),
    (Op::ListKnowledgeBaseLinks, "knowledgeBase", NOT_EXCEED),
    (Op::ListKnowledgeBaseDocuments, "knowledgeBase", NOT_EXCEED),
    (Op::ListReplyHandlers, "knowledgeBase", NOT_EXCEED),
    (Op::ListReengagementCards, "knowledgeBase", NOT_EXCEED),
    (Op::ListOffers, "offer", NOT_EXCEED),
    (Op::ListApprovals, "salesAgentApproval", TOP_1000),
    (Op::ListPlaybooks, "playbook", NOT_EXCEED),
    (Op::GetContactAccounts, "contactAccount", TOP_1000),
    (Op::FilterContactAccounts, "contactAccount", TOP_1000),
    (Op::GetContactAccountContacts, "contactAccount", TOP_1000),
    (Op::GetContactAccountLists, "contactAccountList", TOP_1000),
    (Op::GetBackgroundJobs, "backgroundJob", "Parameter 'top' must be between 1 and 200"),
    (Op::GetContacts, "contact", PAGE_VIEW),
    (Op::FilterContacts, "contact", PAGE_VIEW),
    (Op::GetContactInboxThreads, "inboxThread", PAGE_VIEW),
    (Op::GetBlacklistDomainRules, "blacklistDomainRule", TOP_1000),
    (Op::GetBlacklistEmailRules, "blacklistEmailRule", TOP_1000),
    (Op::GetBlacklistEmailExceptionRules, "blacklistEmailExceptionRule", TOP_1000),
    (Op::GetContactLists, "contactsList", TOP_1000),
    (Op::ListEmailAccounts, "emailAccount", "Invalid requested page view"),
    (Op::FilterEmailAccounts, "emailAccount", "Invalid requested page view"),
    (Op::FilterEmailAccountStats, "emailAccount", "Invalid requested page view"),
    (Op::ListEmailTemplates, "emailTemplate", TOP_1000),
    (Op::ListInboxThreads, "inboxThread", INVALID_PARAMETERS),
    (Op::FilterInboxThreads, "inboxThread", INVALID_PARAMETERS),
    (Op::ListInboxThreadMessages, "inboxThread", INVALID_PARAMETERS),
    (Op::ListLiveDataSearches, "liveDataSearch", TOP_1000),
    (Op::ListLiveDataIndustryFilterValues, "liveDataFilterValues", TOP_1000),
    (Op::ListLiveDataDepartmentFilterValues, "liveDataFilterValues", TOP_1000),
    (Op::ListLiveDataSeniorityFilterValues, "liveDataFilterValues", TOP_1000),
    (Op::ListLiveDataLocationFilterValues, "liveDataFilterValues", TOP_1000),
    (Op::ListLiveDataJobTitleFilterValues, "liveDataFilterValues", TOP_1000),
    (Op::GetSequences, "sequence", PAGE_VIEW),
    (Op::GetSequenceContacts, "sequence", SEQUENCE),
    (Op::GetSequenceContactsState, "sequence", SEQUENCE),
    (Op::GetFolderSequences, "sequenceFolderSequenceLink", "Parameter 'top' must be between 1 and 1000."),
    (Op::GetTasks, "task", "Parameter 'top' must be between 1 and 1000."),
    (Op::ListWebhooks, "webHook", "Parameter 'top' must be between 1 and 1000."),
    (Op::GetWebhookLogs, "webHook", "Parameter 'top' must be between 1 and 1000."),
    // The reporting lists' examples give the detail but no code; the family is our guess.
    (Op::GetEmailsList, "reporting", "Parameter 'top' must be between 1 and 1000."),
    (Op::GetCallsList, "reporting", "Parameter 'top' must be between 1 and 1000."),
    (Op::GetTasksList, "reporting", "Parameter 'top' must be between 1 and 1000."),
    (Op::GetLinkedInList, "reporting", "Parameter 'top' must be between 1 and 1000."),
    (Op::GetMeetingsList, "reporting", "Parameter 'top' must be between 1 and 1000."),
];

const TOP_1000: &str = "Parameter 'top' must be between 1 and 1000";
const NOT_EXCEED: &str = "Invalid pagination: 'top' must not exceed 1000.";
const PAGE_VIEW: &str = "Invalid requested page view.";
const INVALID_PARAMETERS: &str = "Invalid pagination parameters.";
const SEQUENCE: &str = "Pagination parameters are invalid.";

/// Operations the spec gives no invalidPagination example, with the family
/// they are taken to belong to (our choice).
const GUESSED: &[(Op, &str)] = &[(Op::FilterTasks, "task"), (Op::GetContactActivities, "contact")];

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
    let detail = DOCUMENTED.iter().find(|(id, _, _)| *id == op).map_or("", |(_, _, detail)| *detail);
    let stated = ["between 1 and ", "must not exceed "].iter().find_map(|lead| {
        let at = detail.find(lead)? + lead.len();
        detail[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
    });
    Some(stated.unwrap_or(i64::from(prose)))
}

fn refusal(op: Op) -> Answer {
    let (code, detail) = match DOCUMENTED.iter().find(|(id, _, _)| *id == op) {
        Some((_, code, detail)) => (*code, *detail),
        None => (GUESSED.iter().find(|(id, _)| *id == op).map_or("request", |(_, c)| *c), PAGE_VIEW),
    };
    Answer::problem(400, detail).code(&format!("{code}.invalidPagination"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::operations::OPERATIONS;

    #[test]
    fn every_paginated_operation_has_a_family() {
        for op in OPERATIONS.iter().filter(|o| o.paging.is_some()) {
            let known =
                DOCUMENTED.iter().any(|(id, _, _)| *id == op.key) || GUESSED.iter().any(|(id, _)| *id == op.key);
            assert!(known, "{} is paginated but has no invalidPagination code", op.key);
        }
        for id in DOCUMENTED.iter().map(|(id, _, _)| *id).chain(GUESSED.iter().map(|(id, _)| *id)) {
            assert!(OPERATIONS.iter().any(|o| o.key == id && o.paging.is_some()), "{id} is not paginated");
        }
    }
}
