//! The stateful resources: which operations list, create, read, update and
//! delete each collection, where it hangs in the path, and what must be unique.
//! Shapes come from the operations' samples, so this table holds no schema.

/// What an operation does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    List,
    Create,
    Get,
    Update,
    Delete,
}

#[derive(Debug)]
pub(crate) struct Resource {
    pub collection: &'static str,
    /// Prefix of `code` slugs: `contact` gives `contact.notFound`.
    pub code: &'static str,
    /// Path parameters naming the parents, outermost first, with their collections.
    pub parents: &'static [(&'static str, &'static str)],
    /// The path parameter naming one item.
    pub id_param: &'static str,
    pub list: &'static str,
    pub create: &'static str,
    pub get: &'static str,
    pub update: &'static str,
    pub delete: &'static str,
    /// JSON Pointers of members unique within a team (and parent), case-insensitively.
    pub unique: &'static [&'static str],
}

const fn top(
    collection: &'static str,
    code: &'static str,
    ops: [&'static str; 5],
    unique: &'static [&'static str],
) -> Resource {
    Resource {
        collection,
        code,
        parents: &[],
        id_param: "id",
        list: ops[0],
        create: ops[1],
        get: ops[2],
        update: ops[3],
        delete: ops[4],
        unique,
    }
}

const fn child(
    collection: &'static str,
    code: &'static str,
    parents: &'static [(&'static str, &'static str)],
    id_param: &'static str,
    ops: [&'static str; 5],
) -> Resource {
    Resource { parents, id_param, ..top(collection, code, ops, &[]) }
}

const KB: &[(&str, &str)] = &[("knowledge_base_id", "knowledge-bases")];

pub(crate) static RESOURCES: &[Resource] = &[
    top(
        "contacts",
        "contact",
        ["GetContacts", "CreateContact", "GetContactById", "UpdateContact", "DeleteContact"],
        &["/email"],
    ),
    top(
        "contact-lists",
        "contactList",
        ["GetContactLists", "CreateContactList", "GetContactListById", "UpdateContactList", "DeleteContactList"],
        &["/name"],
    ),
    top(
        "custom-fields",
        "customField",
        ["GetCustomFields", "CreateCustomField", "GetCustomFieldById", "UpdateCustomField", "DeleteCustomField"],
        &["/title"],
    ),
    top(
        "blacklist-domains",
        "blacklistRule",
        [
            "GetBlacklistDomainRules",
            "CreateBlacklistDomainRule",
            "GetBlacklistDomainRuleById",
            "UpdateBlacklistDomainRule",
            "DeleteBlacklistDomainRule",
        ],
        &["/pattern"],
    ),
    top(
        "blacklist-emails",
        "blacklistRule",
        [
            "GetBlacklistEmailRules",
            "CreateBlacklistEmailRule",
            "GetBlacklistEmailRuleById",
            "UpdateBlacklistEmailRule",
            "DeleteBlacklistEmailRule",
        ],
        &["/pattern"],
    ),
    top(
        "blacklist-email-exceptions",
        "blacklistRule",
        [
            "GetBlacklistEmailExceptionRules",
            "CreateBlacklistEmailExceptionRule",
            "GetBlacklistEmailExceptionRuleById",
            "UpdateBlacklistEmailExceptionRule",
            "DeleteBlacklistEmailExceptionRule",
        ],
        &["/pattern"],
    ),
    top(
        "contact-accounts",
        "contactAccount",
        [
            "GetContactAccounts",
            "CreateContactAccount",
            "GetContactAccountById",
            "UpdateContactAccount",
            "DeleteContactAccount",
        ],
        &[],
    ),
    top(
        "contact-account-lists",
        "contactAccountList",
        [
            "GetContactAccountLists",
            "CreateContactAccountList",
            "GetContactAccountListById",
            "UpdateContactAccountList",
            "DeleteContactAccountList",
        ],
        &["/name"],
    ),
    top(
        "email-accounts",
        "emailAccount",
        ["ListEmailAccounts", "CreateEmailAccount", "GetEmailAccount", "UpdateEmailAccount", "DeleteEmailAccount"],
        &["/connection/email"],
    ),
    top(
        "linkedin-accounts",
        "linkedInAccount",
        ["ListLinkedInAccounts", "", "GetLinkedInAccount", "", "DeleteLinkedInAccount"],
        &[],
    ),
    top(
        "email-templates",
        "emailTemplate",
        ["ListEmailTemplates", "CreateEmailTemplate", "GetEmailTemplate", "UpdateEmailTemplate", "DeleteEmailTemplate"],
        &[],
    ),
    top(
        "email-template-folders",
        "emailTemplateFolder",
        [
            "ListEmailTemplateFolders",
            "CreateEmailTemplateFolder",
            "GetEmailTemplateFolder",
            "UpdateEmailTemplateFolder",
            "DeleteEmailTemplateFolder",
        ],
        &["/name"],
    ),
    top(
        "holiday-calendars",
        "holidayCalendar",
        [
            "ListHolidayCalendars",
            "CreateHolidayCalendar",
            "GetHolidayCalendar",
            "UpdateHolidayCalendar",
            "DeleteHolidayCalendar",
        ],
        &["/name"],
    ),
    top(
        "schedules",
        "schedule",
        ["ListSchedules", "CreateSchedule", "GetSchedule", "UpdateSchedule", "DeleteSchedule"],
        &["/name"],
    ),
    top(
        "sequences",
        "sequence",
        ["GetSequences", "CreateSequence", "GetSequenceById", "UpdateSequence", "DeleteSequence"],
        &[],
    ),
    child(
        "sequence-steps",
        "sequenceStep",
        &[("id", "sequences")],
        "step_id",
        ["GetSequenceSteps", "CreateSequenceStep", "GetSequenceStepById", "UpdateSequenceStep", "DeleteSequenceStep"],
    ),
    child(
        "step-variants",
        "stepVariant",
        &[("id", "sequences"), ("step_id", "sequence-steps")],
        "variant_id",
        [
            "GetSequenceStepVariants",
            "CreateSequenceStepVariant",
            "",
            "UpdateSequenceStepVariant",
            "DeleteSequenceStepVariant",
        ],
    ),
    top(
        "sequence-folders",
        "sequenceFolder",
        [
            "GetSequenceFolders",
            "CreateSequenceFolder",
            "GetSequenceFolderById",
            "UpdateSequenceFolder",
            "DeleteSequenceFolder",
        ],
        &["/name"],
    ),
    top("tasks", "task", ["GetTasks", "CreateTask", "GetTaskById", "UpdateTask", "DeleteTask"], &[]),
    top("inbox-threads", "inboxThread", ["ListInboxThreads", "", "GetInboxThread", "", "DeleteInboxThread"], &[]),
    top(
        "inbox-categories",
        "inboxCategory",
        [
            "ListInboxCategories",
            "CreateInboxCategory",
            "GetInboxCategory",
            "UpdateInboxCategory",
            "DeleteInboxCategory",
        ],
        &["/name"],
    ),
    top(
        "webhooks",
        "webHook",
        ["ListWebhooks", "CreateWebhook", "GetWebhookById", "UpdateWebhook", "DeleteWebhook"],
        &[],
    ),
    top(
        "ai-prompts",
        "aiPrompt",
        ["ListAiPrompts", "CreateAiPrompt", "", "UpdateAiPrompt", "DeleteAiPrompt"],
        &["/name"],
    ),
    top(
        "knowledge-bases",
        "knowledgeBase",
        ["ListKnowledgeBases", "CreateKnowledgeBase", "GetKnowledgeBase", "UpdateKnowledgeBase", "DeleteKnowledgeBase"],
        &[],
    ),
    child(
        "knowledge-base-links",
        "knowledgeBaseLink",
        KB,
        "link_id",
        ["ListKnowledgeBaseLinks", "AddKnowledgeBaseLink", "", "", "DeleteKnowledgeBaseLink"],
    ),
    child(
        "reply-handlers",
        "replyHandler",
        KB,
        "reply_handler_id",
        ["ListReplyHandlers", "CreateReplyHandler", "GetReplyHandler", "UpdateReplyHandler", "DeleteReplyHandler"],
    ),
    child(
        "reengagement-cards",
        "reengagementCard",
        KB,
        "reengagement_card_id",
        [
            "ListReengagementCards",
            "CreateReengagementCard",
            "GetReengagementCard",
            "UpdateReengagementCard",
            "DeleteReengagementCard",
        ],
    ),
    child(
        "reengagement-flows",
        "reengagementFlow",
        KB,
        "flow_id",
        ["ListReengagementFlows", "CreateReengagementFlow", "", "UpdateReengagementFlow", "DeleteReengagementFlow"],
    ),
    top("offers", "offer", ["ListOffers", "CreateOffer", "GetOffer", "UpdateOffer", "DeleteOffer"], &[]),
    top(
        "playbooks",
        "playbook",
        ["ListPlaybooks", "CreatePlaybook", "GetPlaybook", "UpdatePlaybook", "DeletePlaybook"],
        &[],
    ),
];

/// The resource and role of a CRUD operation.
pub(crate) fn lookup(op: &str) -> Option<(&'static Resource, Role)> {
    RESOURCES.iter().find_map(|r| {
        let role = [
            (r.list, Role::List),
            (r.create, Role::Create),
            (r.get, Role::Get),
            (r.update, Role::Update),
            (r.delete, Role::Delete),
        ]
        .into_iter()
        .find(|(id, _)| !id.is_empty() && *id == op)?
        .1;
        Some((r, role))
    })
}

pub(crate) fn by_collection(collection: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.collection == collection)
}

/// A collection the code names literally. Every such name is in the table
/// (checked by the tests below), so the fallback is never taken.
pub(crate) fn resource(collection: &str) -> &'static Resource {
    by_collection(collection).unwrap_or(&RESOURCES[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::operations::OPERATIONS;

    #[test]
    fn every_named_operation_exists_and_parents_are_known() {
        for r in RESOURCES {
            for id in [r.list, r.create, r.get, r.update, r.delete].into_iter().filter(|i| !i.is_empty()) {
                assert!(OPERATIONS.iter().any(|o| o.id == id), "{id}");
            }
            for (_, parent) in r.parents {
                assert!(by_collection(parent).is_some(), "{parent}");
            }
        }
        let sources = [
            include_str!("sequences.rs"),
            include_str!("contacts.rs"),
            include_str!("contact_import.rs"),
            include_str!("email_accounts.rs"),
            include_str!("templates.rs"),
            include_str!("enrollment.rs"),
            include_str!("inbox.rs"),
            include_str!("schedules.rs"),
            include_str!("tasks.rs"),
            include_str!("webhooks.rs"),
        ];
        for source in sources {
            for name in source.split("resource(\"").skip(1).filter_map(|rest| rest.split('"').next()) {
                assert!(by_collection(name).is_some(), "resource(\"{name}\") is not in the catalog");
            }
        }
        assert_eq!(lookup("GetContactById").map(|(r, role)| (r.collection, role)), Some(("contacts", Role::Get)));
    }
}
