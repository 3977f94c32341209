//! The documented filters, searches and sorts of list and count operations,
//! as one table: which query parameter (or member of a filter body) acts on
//! which member of the listed items, and how. `crud` applies the table (with
//! `filtering`) to every listing and count; a parameter that its operation's
//! own handler applies, or that the mock does not apply, is in the table too,
//! saying where or why (`tests/filters.rs` fails on a documented parameter
//! that is in neither).

/// What one parameter does.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rule {
    /// Keeps items whose member equals the value (text case-insensitively).
    /// Here and below, a member starting with `/` is a JSON Pointer into the item.
    Equals(&'static str),
    /// Keeps items where one of the members holds the value, case-insensitively.
    Contains(&'static [&'static str]),
    /// Keeps items whose timestamp member is later than the value.
    After(&'static str),
    /// Keeps items whose timestamp member is the value or later.
    Since(&'static str),
    /// Keeps items whose timestamp member is the value or earlier.
    Until(&'static str),
    /// `true` keeps the items whose boolean member is true; `false` keeps all.
    OnlyIf(&'static str),
    /// `true` keeps `new` tasks whose `dueTo` has passed, `false` the others.
    Overdue,
    /// FilterInboxThreads' `source` bucket: `inbox` (an inbound message),
    /// `sent` (the latest message outbound), `unread`, `aiDraft` (a draft waits).
    InboxSource,
    /// A list of values: keeps items whose member (or one of its values, for a
    /// list member) equals one of them, text case-insensitively.
    AnyOf(&'static str),
    /// A list of domains: keeps items whose member ends with one of them.
    EndsWithAny(&'static str),
    /// `[{property, condition, values}]` with PascalCase property names, on
    /// the item's member of that name (FilterContactAccounts' `filters`).
    Conditions,
    /// `true` keeps the items whose member is the caller's user id.
    Mine(&'static str),
    /// Names a user of the caller's team, or is refused with `<code>.invalidInput`;
    /// then keeps the items whose member (a JSON Pointer) is that user, or,
    /// with no member, every item (each is visible to every user of the team).
    TeamUser(&'static str, Option<&'static str>),
    /// Orders by the member the value names: the listed `(value, member)`
    /// pairs, or any member of the item by its own name when the list is empty.
    SortBy(&'static [(&'static str, &'static str)]),
    /// `asc`/`desc` for the sort; `Some(code)`: refused alone with `<code>.invalidSort`.
    SortDirection(Option<&'static str>),
    /// Applied by the operation's own handler (which one).
    Elsewhere(&'static str),
    /// Not applied, and why.
    Ignored(&'static str),
}

use Rule::*;
use reply_core::OperationId as Op;

const SAMPLE: &str = "the operation answers the spec's sample: the mock keeps no state it could filter";
const SEQUENCE_SORTS: &[(&str, &str)] = &[("created", "created"), ("name", "name"), ("status", "status")];
const SEQUENCE_FILTERS: &[(&str, Rule)] = &[
    ("status", Equals("status")),
    ("ownerUserId", Equals("ownerUserId")),
    ("folderId", Ignored("the mock keeps no folder membership of sequences (GetFolderSequences answers its sample)")),
    ("isArchived", Equals("isArchived")),
    ("name", Contains(&["name"])),
    ("createdAfter", After("created")),
];

/// Per operation, its parameters (query parameters, or members of a filter body).
pub(crate) static TABLE: &[(Op, &[(&str, Rule)])] = &[
    (Op::GetContacts, &[("email", Elsewhere("contacts.rs")), ("linkedIn", Elsewhere("contacts.rs"))]),
    (
        Op::FilterContacts,
        &[
            ("rules", Elsewhere("contacts.rs")),
            ("listId", Elsewhere("contacts.rs")),
            ("sequenceId", Elsewhere("contacts.rs")),
            ("sequenceStepId", Ignored("enrolments do not record a current step the filter could match")),
            ("searchTerm", Elsewhere("contacts.rs")),
            ("sortBy", SortBy(&[])),
            ("sortDirection", SortDirection(None)),
        ],
    ),
    (
        Op::FilterContactsCount,
        &[
            ("rules", Elsewhere("contacts.rs")),
            ("listId", Elsewhere("contacts.rs")),
            ("sequenceId", Elsewhere("contacts.rs")),
            ("sequenceStepId", Ignored("enrolments do not record a current step the filter could match")),
            ("searchTerm", Elsewhere("contacts.rs")),
        ],
    ),
    (Op::GetContactLists, &[("search", Contains(&["name"]))]),
    (Op::GetBlacklistDomainRules, &[("search", Contains(&["pattern"]))]),
    (Op::GetBlacklistEmailRules, &[("search", Contains(&["pattern"]))]),
    (Op::GetBlacklistEmailExceptionRules, &[("search", Contains(&["pattern"]))]),
    (
        Op::GetContactAccounts,
        &[("search", Contains(&["name"])), ("sort_by", SortBy(&[])), ("sort_direction", SortDirection(None))],
    ),
    (
        Op::FilterContactAccounts,
        &[
            ("search", Contains(&["name"])),
            ("sortBy", SortBy(&[])),
            ("sortDirection", SortDirection(None)),
            ("listId", Ignored("the mock keeps no membership of accounts in account lists")),
            ("filters", Conditions),
        ],
    ),
    (Op::GetContactAccountLists, &[("search", Contains(&["name"]))]),
    (Op::ListEmailAccounts, &[("my", Mine("ownerUserId"))]),
    (
        Op::FilterEmailAccounts,
        &[
            ("status", Equals("connectionStatus")),
            ("emailAccountType", Equals("emailAccountType")),
            ("email", Equals("email")),
            ("domains", EndsWithAny("email")),
            ("ownerUserIds", AnyOf("ownerUserId")),
            ("tags", AnyOf("tags")),
        ],
    ),
    (
        Op::FilterEmailAccountStats,
        &[
            ("status", Ignored(SAMPLE)),
            ("emailAccountType", Ignored(SAMPLE)),
            ("email", Ignored(SAMPLE)),
            ("domains", Ignored(SAMPLE)),
            ("ownerUserIds", Ignored(SAMPLE)),
            ("tags", Ignored(SAMPLE)),
        ],
    ),
    (
        Op::ListEmailTemplates,
        &[
            ("name", Contains(&["name"])),
            ("folder_id", Equals("folderId")),
            ("folder_type", Equals("folderType")),
            ("is_default", Ignored("the spec's template has no default flag, so no stored template is a default one")),
        ],
    ),
    (Op::ListInboxCategories, &[("ownerUserId", TeamUser("inboxCategory", None))]),
    (
        Op::FilterInboxThreads,
        &[
            // The spec adds "contact identifiers" to `search`; the mock's threads hold the contact's name and email.
            ("search", Contains(&["subject", "bodyPreview", "/contact/fullName", "/contact/email"])),
            ("ownerUserId", TeamUser("inboxThread", Some("/contact/ownerId"))),
            ("sequenceIds", AnyOf("/sequence/id")),
            ("emailAccountIds", AnyOf("emailAccountId")),
            ("linkedInAccountIds", AnyOf("linkedInAccountId")),
            ("contactIds", AnyOf("/contact/id")),
            ("channels", AnyOf("channel")),
            ("categoryIds", AnyOf("/category/id")),
            ("onlyWithMeetingIntent", OnlyIf("hasMeetingIntent")),
            ("source", InboxSource),
            ("from", Since("lastActivityDate")),
            ("to", Until("lastActivityDate")),
        ],
    ),
    (
        Op::FilterTasks,
        &[
            // "StartAt >= this value"; the spec's defaults (2000-01-01, a year from now) are not applied (our choice).
            ("from", Since("startAt")),
            ("to", Until("startAt")),
            ("taskType", Equals("taskType")),
            ("status", Equals("status")),
            ("sequenceIds", AnyOf("sequenceId")),
            ("sequenceStepIds", AnyOf("sequenceStepId")),
            ("timeZoneIds", Ignored("a task does not carry its contact's time zone in the mock")),
            ("contactId", Equals("contactId")),
            ("assignedUserId", Equals("assignedUserId")),
            ("overdue", Overdue),
        ],
    ),
    // GetSequences takes CountSequences' filters and a sort.
    (Op::GetSequences, SEQUENCE_FILTERS),
    (Op::GetSequences, &[("sortBy", SortBy(SEQUENCE_SORTS)), ("sortDirection", SortDirection(Some("sequence")))]),
    (Op::CountSequences, SEQUENCE_FILTERS),
    (
        Op::GetSequenceContacts,
        &[
            (
                "sort_by",
                SortBy(&[
                    ("addingDate", "addingDate"),
                    ("email", "email"),
                    ("firstName", "firstName"),
                    ("lastName", "lastName"),
                    ("company", "company"),
                    ("statusInSequence", "statusInSequence"),
                ]),
            ),
            ("sort_direction", SortDirection(None)),
        ],
    ),
    (Op::GetSequenceContactsState, &[("additionalColumns", Ignored(SAMPLE))]),
    (Op::GetFolderSequences, &[("sort_by", Ignored(SAMPLE)), ("sort_direction", Ignored(SAMPLE))]),
    (Op::GetBackgroundJobs, &[("category", Elsewhere("jobs.rs"))]),
    (Op::ListAiPrompts, &[("stepType", Equals("stepType"))]),
    (Op::ListKnowledgeBases, &[("search", Contains(&["name"]))]),
    (Op::ListKnowledgeBaseLinks, &[("search", Contains(&["url"]))]),
    (Op::ListKnowledgeBaseDocuments, &[("search", Ignored(SAMPLE))]),
    // The spec does not say which members `search` reads here; these are our choice.
    (Op::ListReplyHandlers, &[("search", Contains(&["typeOfQuestion", "instructions"]))]),
    (
        Op::ListReengagementCards,
        &[
            ("search", Contains(&["name", "instructions"])),
            ("flow_id", Ignored("cards hang from their knowledge base, not from a flow, in the mock")),
        ],
    ),
    (Op::ListOffers, &[("search", Contains(&["name"]))]),
    (Op::ListPlaybooks, &[("type", Equals("type")), ("search", Contains(&["name"]))]),
    (
        Op::ListApprovals,
        &[
            ("sequenceId", Ignored(SAMPLE)),
            ("userId", Ignored(SAMPLE)),
            ("channel", Ignored(SAMPLE)),
            ("sortMode", Ignored(SAMPLE)),
        ],
    ),
    (Op::ListAiWebSearches, &[("sequenceId", Ignored(SAMPLE))]),
    (Op::ListIntentSignalIndustries, &[("search", Ignored(SAMPLE))]),
    (Op::ListIntentSignalTechnologies, &[("search", Ignored(SAMPLE))]),
    (Op::ListLiveDataIndustryFilterValues, &[("search", Ignored(SAMPLE))]),
    (Op::ListLiveDataDepartmentFilterValues, &[("search", Ignored(SAMPLE))]),
    (Op::ListLiveDataSeniorityFilterValues, &[("search", Ignored(SAMPLE))]),
    (Op::ListLiveDataLocationFilterValues, &[("search", Ignored(SAMPLE))]),
    (Op::ListLiveDataJobTitleFilterValues, &[("search", Ignored(SAMPLE))]),
];

/// Filter operations that list a catalog collection with the table's filters.
pub(crate) const LISTS: &[(Op, &str)] = &[
    (Op::FilterEmailAccounts, "email-accounts"),
    (Op::FilterContactAccounts, "contact-accounts"),
    (Op::FilterTasks, "tasks"),
    (Op::FilterInboxThreads, "inbox-threads"),
];

/// The parameters of `op` (from every row naming it).
pub(super) fn rules(op: Op) -> Vec<&'static (&'static str, Rule)> {
    TABLE.iter().filter(|(id, _)| *id == op).flat_map(|(_, rules)| rules.iter()).collect()
}

/// How the mock treats each documented list parameter, for tests and users:
/// (operation, parameter, treatment).
pub(crate) fn describe() -> Vec<(&'static str, &'static str, String)> {
    TABLE
        .iter()
        .flat_map(|(op, rules)| {
            rules.iter().map(move |(name, rule)| {
                let treatment = match rule {
                    Elsewhere(module) => format!("applied by {module}"),
                    Ignored(why) => format!("ignored: {why}"),
                    applied => format!("applied: {applied:?}"),
                };
                (op.as_str(), *name, treatment)
            })
        })
        .collect()
}
