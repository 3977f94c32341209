//! The stateful resources: which operations list, create, read, update and
//! delete each collection, where it hangs in the path, and what must be unique.
//! Shapes come from the operations' samples, so this table holds no schema.

use reply_core::OperationId as Op;

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
    pub list: Option<Op>,
    pub create: Option<Op>,
    pub get: Option<Op>,
    pub update: Option<Op>,
    pub delete: Option<Op>,
    /// JSON Pointers of members unique within a team (and parent), case-insensitively.
    pub unique: &'static [&'static str],
}

const fn top(
    collection: &'static str,
    code: &'static str,
    ops: [Option<Op>; 5],
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
    ops: [Option<Op>; 5],
) -> Resource {
    Resource { parents, id_param, ..top(collection, code, ops, &[]) }
}

const KB: &[(&str, &str)] = &[("knowledge_base_id", "knowledge-bases")];

pub(crate) static RESOURCES: &[Resource] = &[
    top(
        "contacts",
        "contact",
        [
            Some(Op::GetContacts),
            Some(Op::CreateContact),
            Some(Op::GetContactById),
            Some(Op::UpdateContact),
            Some(Op::DeleteContact),
        ],
        &["/email"],
    ),
    top(
        "contact-lists",
        "contactList",
        [
            Some(Op::GetContactLists),
            Some(Op::CreateContactList),
            Some(Op::GetContactListById),
            Some(Op::UpdateContactList),
            Some(Op::DeleteContactList),
        ],
        &["/name"],
    ),
    top(
        "custom-fields",
        "customField",
        [
            Some(Op::GetCustomFields),
            Some(Op::CreateCustomField),
            Some(Op::GetCustomFieldById),
            Some(Op::UpdateCustomField),
            Some(Op::DeleteCustomField),
        ],
        &["/title"],
    ),
    top(
        "blacklist-domains",
        "blacklistRule",
        [
            Some(Op::GetBlacklistDomainRules),
            Some(Op::CreateBlacklistDomainRule),
            Some(Op::GetBlacklistDomainRuleById),
            Some(Op::UpdateBlacklistDomainRule),
            Some(Op::DeleteBlacklistDomainRule),
        ],
        &["/pattern"],
    ),
    top(
        "blacklist-emails",
        "blacklistRule",
        [
            Some(Op::GetBlacklistEmailRules),
            Some(Op::CreateBlacklistEmailRule),
            Some(Op::GetBlacklistEmailRuleById),
            Some(Op::UpdateBlacklistEmailRule),
            Some(Op::DeleteBlacklistEmailRule),
        ],
        &["/pattern"],
    ),
    top(
        "blacklist-email-exceptions",
        "blacklistRule",
        [
            Some(Op::GetBlacklistEmailExceptionRules),
            Some(Op::CreateBlacklistEmailExceptionRule),
            Some(Op::GetBlacklistEmailExceptionRuleById),
            Some(Op::UpdateBlacklistEmailExceptionRule),
            Some(Op::DeleteBlacklistEmailExceptionRule),
        ],
        &["/pattern"],
    ),
    top(
        "contact-accounts",
        "contactAccount",
        [
            Some(Op::GetContactAccounts),
            Some(Op::CreateContactAccount),
            Some(Op::GetContactAccountById),
            Some(Op::UpdateContactAccount),
            Some(Op::DeleteContactAccount),
        ],
        &[],
    ),
    top(
        "contact-account-lists",
        "contactAccountList",
        [
            Some(Op::GetContactAccountLists),
            Some(Op::CreateContactAccountList),
            Some(Op::GetContactAccountListById),
            Some(Op::UpdateContactAccountList),
            Some(Op::DeleteContactAccountList),
        ],
        &["/name"],
    ),
    top(
        "email-accounts",
        "emailAccount",
        [
            Some(Op::ListEmailAccounts),
            Some(Op::CreateEmailAccount),
            Some(Op::GetEmailAccount),
            Some(Op::UpdateEmailAccount),
            Some(Op::DeleteEmailAccount),
        ],
        &["/connection/email"],
    ),
    top(
        "linkedin-accounts",
        "linkedInAccount",
        [Some(Op::ListLinkedInAccounts), None, Some(Op::GetLinkedInAccount), None, Some(Op::DeleteLinkedInAccount)],
        &[],
    ),
    top(
        "email-templates",
        "emailTemplate",
        [
            Some(Op::ListEmailTemplates),
            Some(Op::CreateEmailTemplate),
            Some(Op::GetEmailTemplate),
            Some(Op::UpdateEmailTemplate),
            Some(Op::DeleteEmailTemplate),
        ],
        &[],
    ),
    top(
        "email-template-folders",
        "emailTemplateFolder",
        [
            Some(Op::ListEmailTemplateFolders),
            Some(Op::CreateEmailTemplateFolder),
            Some(Op::GetEmailTemplateFolder),
            Some(Op::UpdateEmailTemplateFolder),
            Some(Op::DeleteEmailTemplateFolder),
        ],
        &["/name"],
    ),
    top(
        "holiday-calendars",
        "holidayCalendar",
        [
            Some(Op::ListHolidayCalendars),
            Some(Op::CreateHolidayCalendar),
            Some(Op::GetHolidayCalendar),
            Some(Op::UpdateHolidayCalendar),
            Some(Op::DeleteHolidayCalendar),
        ],
        &["/name"],
    ),
    top(
        "schedules",
        "schedule",
        [
            Some(Op::ListSchedules),
            Some(Op::CreateSchedule),
            Some(Op::GetSchedule),
            Some(Op::UpdateSchedule),
            Some(Op::DeleteSchedule),
        ],
        &["/name"],
    ),
    top(
        "sequences",
        "sequence",
        [
            Some(Op::GetSequences),
            Some(Op::CreateSequence),
            Some(Op::GetSequenceById),
            Some(Op::UpdateSequence),
            Some(Op::DeleteSequence),
        ],
        &[],
    ),
    child(
        "sequence-steps",
        "sequenceStep",
        &[("id", "sequences")],
        "step_id",
        [
            Some(Op::GetSequenceSteps),
            Some(Op::CreateSequenceStep),
            Some(Op::GetSequenceStepById),
            Some(Op::UpdateSequenceStep),
            Some(Op::DeleteSequenceStep),
        ],
    ),
    child(
        "step-variants",
        "stepVariant",
        &[("id", "sequences"), ("step_id", "sequence-steps")],
        "variant_id",
        [
            Some(Op::GetSequenceStepVariants),
            Some(Op::CreateSequenceStepVariant),
            None,
            Some(Op::UpdateSequenceStepVariant),
            Some(Op::DeleteSequenceStepVariant),
        ],
    ),
    top(
        "sequence-folders",
        "sequenceFolder",
        [
            Some(Op::GetSequenceFolders),
            Some(Op::CreateSequenceFolder),
            Some(Op::GetSequenceFolderById),
            Some(Op::UpdateSequenceFolder),
            Some(Op::DeleteSequenceFolder),
        ],
        &["/name"],
    ),
    top(
        "tasks",
        "task",
        [Some(Op::GetTasks), Some(Op::CreateTask), Some(Op::GetTaskById), Some(Op::UpdateTask), Some(Op::DeleteTask)],
        &[],
    ),
    top(
        "inbox-threads",
        "inboxThread",
        [Some(Op::ListInboxThreads), None, Some(Op::GetInboxThread), None, Some(Op::DeleteInboxThread)],
        &[],
    ),
    top(
        "inbox-categories",
        "inboxCategory",
        [
            Some(Op::ListInboxCategories),
            Some(Op::CreateInboxCategory),
            Some(Op::GetInboxCategory),
            Some(Op::UpdateInboxCategory),
            Some(Op::DeleteInboxCategory),
        ],
        &["/name"],
    ),
    top(
        "webhooks",
        "webHook",
        [
            Some(Op::ListWebhooks),
            Some(Op::CreateWebhook),
            Some(Op::GetWebhookById),
            Some(Op::UpdateWebhook),
            Some(Op::DeleteWebhook),
        ],
        &[],
    ),
    top(
        "ai-prompts",
        "aiPrompt",
        [Some(Op::ListAiPrompts), Some(Op::CreateAiPrompt), None, Some(Op::UpdateAiPrompt), Some(Op::DeleteAiPrompt)],
        &["/name"],
    ),
    top(
        "knowledge-bases",
        "knowledgeBase",
        [
            Some(Op::ListKnowledgeBases),
            Some(Op::CreateKnowledgeBase),
            Some(Op::GetKnowledgeBase),
            Some(Op::UpdateKnowledgeBase),
            Some(Op::DeleteKnowledgeBase),
        ],
        &[],
    ),
    child(
        "knowledge-base-links",
        "knowledgeBaseLink",
        KB,
        "link_id",
        [
            Some(Op::ListKnowledgeBaseLinks),
            Some(Op::AddKnowledgeBaseLink),
            None,
            None,
            Some(Op::DeleteKnowledgeBaseLink),
        ],
    ),
    child(
        "reply-handlers",
        "replyHandler",
        KB,
        "reply_handler_id",
        [
            Some(Op::ListReplyHandlers),
            Some(Op::CreateReplyHandler),
            Some(Op::GetReplyHandler),
            Some(Op::UpdateReplyHandler),
            Some(Op::DeleteReplyHandler),
        ],
    ),
    child(
        "reengagement-cards",
        "reengagementCard",
        KB,
        "reengagement_card_id",
        [
            Some(Op::ListReengagementCards),
            Some(Op::CreateReengagementCard),
            Some(Op::GetReengagementCard),
            Some(Op::UpdateReengagementCard),
            Some(Op::DeleteReengagementCard),
        ],
    ),
    child(
        "reengagement-flows",
        "reengagementFlow",
        KB,
        "flow_id",
        [
            Some(Op::ListReengagementFlows),
            Some(Op::CreateReengagementFlow),
            None,
            Some(Op::UpdateReengagementFlow),
            Some(Op::DeleteReengagementFlow),
        ],
    ),
    top(
        "offers",
        "offer",
        [Some(Op::ListOffers), Some(Op::CreateOffer), Some(Op::GetOffer), Some(Op::UpdateOffer), Some(Op::DeleteOffer)],
        &[],
    ),
    top(
        "playbooks",
        "playbook",
        [
            Some(Op::ListPlaybooks),
            Some(Op::CreatePlaybook),
            Some(Op::GetPlaybook),
            Some(Op::UpdatePlaybook),
            Some(Op::DeletePlaybook),
        ],
        &[],
    ),
];

/// The resource and role of a CRUD operation.
pub(crate) fn lookup(op: Op) -> Option<(&'static Resource, Role)> {
    RESOURCES.iter().find_map(|r| {
        let role = [
            (r.list, Role::List),
            (r.create, Role::Create),
            (r.get, Role::Get),
            (r.update, Role::Update),
            (r.delete, Role::Delete),
        ]
        .into_iter()
        .find(|(id, _)| *id == Some(op))?
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

    #[test]
    fn parents_are_known() {
        // Every named operation exists: the table names `OperationId` variants.
        for r in RESOURCES {
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
        assert_eq!(lookup(Op::GetContactById).map(|(r, role)| (r.collection, role)), Some(("contacts", Role::Get)));
    }
}
