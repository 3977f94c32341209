//! The pagination envelope and the pager driven by whatever the server claims.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::http::{Headers, Response};
use reply_core::operation::{Operation, Page};
use reply_core::operations::{GetContacts, OPERATIONS};
use reply_core::pagination::Pager;

fuzz_target!(|data: &[u8]| {
    let mut headers = Headers::default();
    headers.set("content-type", "application/json");
    let response = Response { status: 200, headers, body: data.to_vec().into() };
    let limits = OPERATIONS.iter().find(|o| o.id == "GetContacts").and_then(|o| o.paging).expect("paged");
    let Ok(mut pager) = Pager::new(Some(1 + u32::from(data.first().copied().unwrap_or(0))), 0, limits) else {
        return;
    };
    // A page that decodes drives the pager; the walk must end.
    if let Ok(page) = GetContacts::decode(&response) {
        for _ in 0..1000 {
            if pager.next_window().is_none() {
                return;
            }
            pager.advance(page.item_count(), page.has_more());
        }
        assert!(page.has_more() && page.item_count() > 0, "the pager did not stop");
    }
});
