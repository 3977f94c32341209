//! Out-of-range paging (`top` below 1 or above the maximum the spec states
//! for the operation, a negative `skip`) is refused with the operation's own
//! `<resource>.invalidPagination` problem, as the spec's 400 examples name it.

use reply_core::OperationInfo;

use crate::answer::Answer;

/// Each paginated operation's documented code and detail. The spec's examples
/// give these; where an operation documents none, its family's is used (a
/// guess, written in README as one).
const DOCUMENTED: &[(&str, &str, &str)] = &[
    ("ListIntentSignalIndustries", "salesAgentIntentSignals", TOP_1000),
    ("ListIntentSignalTechnologies", "salesAgentIntentSignals", TOP_1000),
    ("ListKnowledgeBases", "knowledgeBase", NOT_EXCEED),
    ("ListKnowledgeBaseLinks", "knowledgeBase", NOT_EXCEED),
    ("ListKnowledgeBaseDocuments", "knowledgeBase", NOT_EXCEED),
    ("ListReplyHandlers", "knowledgeBase", NOT_EXCEED),
    ("ListReengagementCards", "knowledgeBase", NOT_EXCEED),
    ("ListOffers", "offer", NOT_EXCEED),
    ("ListApprovals", "salesAgentApproval", TOP_1000),
    ("ListPlaybooks", "playbook", NOT_EXCEED),
    ("GetContactAccounts", "contactAccount", TOP_1000),
    ("FilterContactAccounts", "contactAccount", TOP_1000),
    ("GetContactAccountContacts", "contactAccount", TOP_1000),
    ("GetContactAccountLists", "contactAccountList", TOP_1000),
    ("GetBackgroundJobs", "backgroundJob", "Parameter 'top' must be between 1 and 200"),
    ("GetContacts", "contact", PAGE_VIEW),
    ("FilterContacts", "contact", PAGE_VIEW),
    ("GetContactInboxThreads", "inboxThread", PAGE_VIEW),
    ("GetBlacklistDomainRules", "blacklistDomainRule", TOP_1000),
    ("GetBlacklistEmailRules", "blacklistEmailRule", TOP_1000),
    ("GetBlacklistEmailExceptionRules", "blacklistEmailExceptionRule", TOP_1000),
    ("GetContactLists", "contactsList", TOP_1000),
    ("ListEmailAccounts", "emailAccount", "Invalid requested page view"),
    ("FilterEmailAccounts", "emailAccount", "Invalid requested page view"),
    ("FilterEmailAccountStats", "emailAccount", "Invalid requested page view"),
    ("ListEmailTemplates", "emailTemplate", TOP_1000),
    ("ListInboxThreads", "inboxThread", INVALID_PARAMETERS),
    ("FilterInboxThreads", "inboxThread", INVALID_PARAMETERS),
    ("ListInboxThreadMessages", "inboxThread", INVALID_PARAMETERS),
    ("ListLiveDataSearches", "liveDataSearch", TOP_1000),
    ("ListLiveDataIndustryFilterValues", "liveDataFilterValues", TOP_1000),
    ("ListLiveDataDepartmentFilterValues", "liveDataFilterValues", TOP_1000),
    ("ListLiveDataSeniorityFilterValues", "liveDataFilterValues", TOP_1000),
    ("ListLiveDataLocationFilterValues", "liveDataFilterValues", TOP_1000),
    ("ListLiveDataJobTitleFilterValues", "liveDataFilterValues", TOP_1000),
    ("GetSequences", "sequence", PAGE_VIEW),
    ("GetSequenceContacts", "sequence", SEQUENCE),
    ("GetSequenceContactsState", "sequence", SEQUENCE),
    ("GetFolderSequences", "sequenceFolderSequenceLink", "Parameter 'top' must be between 1 and 1000."),
    ("GetTasks", "task", "Parameter 'top' must be between 1 and 1000."),
    ("ListWebhooks", "webHook", "Parameter 'top' must be between 1 and 1000."),
    ("GetWebhookLogs", "webHook", "Parameter 'top' must be between 1 and 1000."),
    // The reporting lists' examples give the detail but no code; the family is our guess.
    ("GetEmailsList", "reporting", "Parameter 'top' must be between 1 and 1000."),
    ("GetCallsList", "reporting", "Parameter 'top' must be between 1 and 1000."),
    ("GetTasksList", "reporting", "Parameter 'top' must be between 1 and 1000."),
    ("GetLinkedInList", "reporting", "Parameter 'top' must be between 1 and 1000."),
    ("GetMeetingsList", "reporting", "Parameter 'top' must be between 1 and 1000."),
];

const TOP_1000: &str = "Parameter 'top' must be between 1 and 1000";
const NOT_EXCEED: &str = "Invalid pagination: 'top' must not exceed 1000.";
const PAGE_VIEW: &str = "Invalid requested page view.";
const INVALID_PARAMETERS: &str = "Invalid pagination parameters.";
const SEQUENCE: &str = "Pagination parameters are invalid.";

/// Operations the spec gives no invalidPagination example, with the family
/// they are taken to belong to (our choice).
const GUESSED: &[(&str, &str)] = &[("FilterTasks", "task"), ("GetContactActivities", "contact")];

/// Operations for which the spec states no largest page anywhere (parameter
/// prose, schema or example): no maximum is applied, rather than a guessed one.
const NO_STATED_MAXIMUM: &[&str] = &["GetContactActivities"];

/// The refusal of an out-of-range `top` or `skip` (a value that parsed as an integer).
pub(crate) fn check(op: &OperationInfo, param: &str, value: &str) -> Option<Answer> {
    let limits = op.paging?;
    let n: i64 = value.parse().ok()?;
    let out_of_range = match param {
        "top" => n < 1 || maximum(op.id, limits.max_top).is_some_and(|max| n > max),
        "skip" => n < 0,
        _ => false,
    };
    out_of_range.then(|| refusal(op.id))
}

/// The largest `top` the spec states for `op`: the number in its 400 example
/// ("between 1 and 1000", "must not exceed 1000"), else the one reply-core read
/// from the parameter's prose ("max 1000"). reply-core gives operations that
/// state no maximum in prose a cautious 100 for the SDK's own requests, which
/// would refuse pages the spec's examples allow.
fn maximum(op: &str, prose: u32) -> Option<i64> {
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

fn refusal(op: &str) -> Answer {
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
            let known = DOCUMENTED.iter().any(|(id, _, _)| *id == op.id) || GUESSED.iter().any(|(id, _)| *id == op.id);
            assert!(known, "{} is paginated but has no invalidPagination code", op.id);
        }
        for id in DOCUMENTED.iter().map(|(id, _, _)| *id).chain(GUESSED.iter().map(|(id, _)| *id)) {
            assert!(OPERATIONS.iter().any(|o| o.id == id && o.paging.is_some()), "{id} is not paginated");
        }
    }
}
