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
    /// Starts at `skip` with pages of `page_size`, or the spec's default page
    /// size for the endpoint when `None` (what the server uses when `top` is
    /// left out; the spec's largest page may not be granted live: Reply's own
    /// CLI caps inbox threads at 100 and thread messages at 20, see
    /// research/peers-reply-clients.md). Refuses a size the endpoint does not accept.
    pub fn new(page_size: Option<u32>, skip: u32, limits: PageLimits) -> Result<Pager, Error> {
        let top = page_size.unwrap_or(limits.default_top);
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

    const LIMITS: PageLimits = PageLimits { max_top: 100, default_top: 25 };

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
        assert_eq!(p.next_window(), Some((25, 0)));
        p.advance(0, true);
        assert!(p.is_done());
    }

    #[test]
    fn inbox_listings_default_to_the_specs_page_size_not_the_largest() {
        use crate::operation::Operation;
        use crate::operations::{FilterInboxThreads, ListInboxThreadMessages, ListInboxThreads};
        for info in [ListInboxThreads::INFO, FilterInboxThreads::INFO, ListInboxThreadMessages::INFO] {
            let limits = info.paging.unwrap();
            assert_eq!(limits.max_top, 1000, "{}", info.id);
            let pager = Pager::new(None, 0, limits).unwrap();
            assert_eq!(pager.next_window(), Some((limits.default_top, 0)), "{}", info.id);
            assert!(limits.default_top < 1000, "{}", info.id);
        }
    }

    #[test]
    fn absurd_page_sizes_are_refused() {
        assert!(matches!(Pager::new(Some(0), 0, LIMITS), Err(Error::Config(_))));
        assert!(matches!(Pager::new(Some(1_000_000), 0, LIMITS), Err(Error::Config(_))));
    }
}
