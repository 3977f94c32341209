//! Paging over `top`/`skip` endpoints that answer `{items, hasMore}`, as a
//! pure state machine the client's streams drive.

use crate::error::Error;
use crate::operation::PageLimits;

/// Walks the pages of one listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    top: u32,
    skip: u32,
    done: bool,
}

impl Pager {
    /// Starts at `skip` with pages of `page_size`, or the endpoint's walk size
    /// when `None`: its largest page, so a walk spends as few of the user's
    /// requests as it can, except where Reply grants less live (inbox threads
    /// 100, thread messages 20: research/peers-reply-clients.md, kept in the
    /// generator's overrides). Refuses a size the endpoint does not accept.
    pub fn new(page_size: Option<u32>, skip: u32, limits: PageLimits) -> Result<Pager, Error> {
        let top = page_size.unwrap_or(limits.walk_top);
        if top == 0 || top > limits.max_top {
            return Err(Error::Config(format!("page size {top} is outside 1..={} for this endpoint", limits.max_top)));
        }
        Ok(Pager { top, skip, done: false })
    }

    /// The `(top, skip)` of the next request, or `None` when the listing is done.
    pub fn next_window(&self) -> Option<(u32, u32)> {
        (!self.done).then_some((self.top, self.skip))
    }

    /// Records a page. An empty page ends the walk even if the server claims
    /// there is more, so a confused server cannot make us loop forever.
    pub fn advance(&mut self, items: usize, has_more: bool) {
        self.skip = self.skip.saturating_add(items as u32);
        if !has_more || items == 0 {
            self.done = true;
        }
    }

    pub fn is_done(&self) -> bool {
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: PageLimits = PageLimits { max_top: 100, default_top: 25, walk_top: 100 };

    #[test]
    fn walks_until_has_more_is_false() {
        let mut p = Pager::new(Some(2), 0, LIMITS).unwrap();
        assert_eq!(p.next_window(), Some((2, 0)));
        p.advance(2, true);
        assert_eq!(p.next_window(), Some((2, 2)));
        p.advance(1, false);
        assert_eq!(p.next_window(), None);
    }

    #[test]
    fn an_empty_page_ends_the_walk() {
        let mut p = Pager::new(None, 0, LIMITS).unwrap();
        assert_eq!(p.next_window(), Some((100, 0)));
        p.advance(0, true);
        assert!(p.is_done());
    }

    #[test]
    fn inbox_walks_ask_for_what_reply_grants_live_not_the_specs_largest_page() {
        use crate::operation::Operation;
        use crate::operations::{FilterInboxThreads, GetContacts, ListInboxThreadMessages, ListInboxThreads};
        for (info, live) in
            [(ListInboxThreads::INFO, 100), (FilterInboxThreads::INFO, 100), (ListInboxThreadMessages::INFO, 20)]
        {
            let limits = info.paging.unwrap();
            assert_eq!(limits.max_top, 1000, "{}", info.id);
            assert_eq!(Pager::new(None, 0, limits).unwrap().next_window(), Some((live, 0)), "{}", info.id);
        }
        // Elsewhere a walk takes the largest page the spec documents.
        let contacts = GetContacts::INFO.paging.unwrap();
        assert_eq!(Pager::new(None, 0, contacts).unwrap().next_window(), Some((contacts.max_top, 0)));
    }

    #[test]
    fn absurd_page_sizes_are_refused() {
        assert!(matches!(Pager::new(Some(0), 0, LIMITS), Err(Error::Config(_))));
        assert!(matches!(Pager::new(Some(1_000_000), 0, LIMITS), Err(Error::Config(_))));
    }
}
