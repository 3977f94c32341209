//! Exact contact lookup by email.
//!
//! Reply has no documented exact-email search: `POST /v3/contacts/filter`'s
//! `searchTerm` matches by containment ("ann@example.com" also finds
//! "joann@example.com"), and whether `GET /v3/contacts?email=` is exact is not
//! documented (research/real-behaviour.md, "Contacts"). So the lookup uses the
//! narrower of the two, `GET /v3/contacts?email=`, compares every address it
//! is given itself, and refuses rather than guess when two contacts match or
//! when the listing does not end within the pages it reads.

use std::pin::pin;

use futures_util::StreamExt;
use reply_core::models::Contact;
use reply_core::operation::Page;
use reply_core::operations::GetContactsQuery;

use super::WorkflowError;
use crate::Contacts;

/// Contacts per page of the lookup.
pub const LOOKUP_PAGE_SIZE: u32 = 100;
/// Pages the lookup reads before it refuses with [`WorkflowError::LookupIncomplete`].
pub const LOOKUP_PAGES: usize = 5;

/// The address as the caller meant it, or a refusal when it cannot be one.
pub(crate) fn wanted_address(email: &str) -> Result<String, WorkflowError> {
    let email = email.trim();
    if email.is_empty() || !email.contains('@') {
        return Err(WorkflowError::InvalidInput(format!("`{email}` is not an email address")));
    }
    Ok(email.to_owned())
}

/// Email addresses compare case-insensitively and exactly, nothing more.
pub(crate) fn same_address(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl<'a> Contacts<'a> {
    /// The one contact whose address is `email` (ignoring case), or `None`.
    ///
    /// Reads at most [`LOOKUP_PAGES`] pages of [`LOOKUP_PAGE_SIZE`]; refuses with
    /// [`WorkflowError::AmbiguousEmail`] when Reply holds two contacts with the
    /// address and [`WorkflowError::LookupIncomplete`] when the listing goes on
    /// past that.
    pub async fn find_by_email(&self, email: &str) -> Result<Option<Contact>, WorkflowError> {
        let wanted = wanted_address(email)?;
        let query = GetContactsQuery { email: Some(wanted.clone()), ..GetContactsQuery::default() };
        let mut pages = pin!(self.list(query).pages(Some(LOOKUP_PAGE_SIZE)));
        let mut found: Vec<Contact> = Vec::new();
        let mut seen = 0;
        for _ in 0..LOOKUP_PAGES {
            let Some(page) = pages.next().await else { return one_of(&wanted, found) };
            let page = page?;
            let more = page.has_more();
            for contact in page.into_items() {
                seen += 1;
                let exact = contact.email.as_deref().is_some_and(|e| same_address(e, &wanted));
                // A contact met twice (the listing shifted between pages) is still one contact.
                if exact && !found.iter().any(|f| f.id == contact.id) {
                    found.push(contact);
                }
            }
            if !more {
                return one_of(&wanted, found);
            }
        }
        Err(WorkflowError::LookupIncomplete { email: wanted, seen })
    }
}

fn one_of(email: &str, mut found: Vec<Contact>) -> Result<Option<Contact>, WorkflowError> {
    if found.len() > 1 {
        let ids = found.iter().filter_map(|c| c.id).collect();
        return Err(WorkflowError::AmbiguousEmail { email: email.to_owned(), ids });
    }
    Ok(found.pop())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_compare_exactly_but_not_by_case() {
        assert!(same_address("Ann@Example.com", "ann@example.com"));
        assert!(!same_address("joann@example.com", "ann@example.com"));
        assert!(!same_address("ann@example.com.au", "ann@example.com"));
    }

    #[test]
    fn an_address_needs_an_at_sign() {
        assert_eq!(wanted_address(" ann@example.com ").unwrap(), "ann@example.com");
        assert_eq!(wanted_address("  ").unwrap_err().kind(), "invalid_input");
        assert_eq!(wanted_address("ann").unwrap_err().kind(), "invalid_input");
    }
}
