//! Why Reply refused to enrol a contact, when its answer does not say:
//! every refusal may come back as the generic `invalidInput`
//! (research/real-behaviour.md, "Sequences and enrolment").

use std::pin::pin;

use futures_util::StreamExt;
use reply_core::Error;
use reply_core::models::NotProcessedItemResult;
use reply_core::operations::{
    GetBlacklistDomainRulesQuery, GetBlacklistEmailExceptionRulesQuery, GetBlacklistEmailRulesQuery,
};

use super::enrol::EnrolOutcome;
use super::find::same_address;
use crate::Client;

/// Why Reply did not add a contact. Reply's codes say little (every
/// refusal may be `invalidInput`), so the contact is read: opted out, or
/// its address under a blacklist rule, is said as such; anything else
/// keeps Reply's own code.
pub(super) async fn explain(client: &Client, id: i64, item: &NotProcessedItemResult) -> EnrolOutcome {
    // The code may come as a name or, on some endpoints, a number: both are kept as text.
    let code = item.error.as_ref().map_or_else(|| "notProcessed".to_owned(), ToString::to_string);
    let failed = EnrolOutcome::Failed { code: code.clone(), detail: item.error_details.as_ref().cloned() };
    match code.as_str() {
        "contactNotFound" => return EnrolOutcome::NotFound,
        // Joined between the membership read and the add; Reply refused, so not moved.
        "contactAlreadyInSequence" => return EnrolOutcome::AlreadyInSequence,
        "contactLimitExceeded" | "forbidden" => return failed,
        _ => {}
    }
    let contacts = client.contacts();
    match contacts.get_statuses(id).await {
        Ok(statuses) if statuses.is_opted_out => return EnrolOutcome::OptedOut,
        Ok(_) => {}
        Err(Error::NotFound(_)) => return EnrolOutcome::NotFound,
        Err(_) => return failed,
    }
    let email = match contacts.get(id).await {
        Ok(contact) => contact.email,
        Err(_) => None,
    };
    match email {
        Some(email) if blacklisted(client, &email).await.unwrap_or(false) => EnrolOutcome::Blacklisted,
        _ => failed,
    }
}

/// Whether a blacklist rule names the address or its domain and no exception
/// rule names the address. Each rule list is read
/// through its `search`, narrowed to the address, and compared exactly.
async fn blacklisted(client: &Client, email: &str) -> Result<bool, Error> {
    let rules = client.contact_blacklist_rules();
    let domain = email.rsplit_once('@').map(|(_, d)| d.trim().to_lowercase()).unwrap_or_default();
    let search = |s: &str| Some(s.to_owned());

    let mut exceptions = pin!(
        rules
            .list_email_exception_rules(GetBlacklistEmailExceptionRulesQuery {
                search: search(email),
                ..Default::default()
            })
            .items(None)
    );
    while let Some(rule) = exceptions.next().await {
        if rule?.pattern.as_deref().is_some_and(|p| same_address(p, email)) {
            return Ok(false);
        }
    }
    let mut by_email = pin!(
        rules.list_email_rules(GetBlacklistEmailRulesQuery { search: search(email), ..Default::default() }).items(None)
    );
    while let Some(rule) = by_email.next().await {
        if rule?.pattern.as_deref().is_some_and(|p| same_address(p, email)) {
            return Ok(true);
        }
    }
    let mut by_domain = pin!(
        rules
            .list_domain_rules(GetBlacklistDomainRulesQuery { search: search(&domain), ..Default::default() })
            .items(None)
    );
    while let Some(rule) = by_domain.next().await {
        let pattern = rule?.pattern.unwrap_or_default().trim().to_lowercase();
        if !pattern.is_empty() && domain == pattern {
            return Ok(true);
        }
    }
    Ok(false)
}
