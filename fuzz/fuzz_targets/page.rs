//! The pagination envelope and the pager driven by whatever the server claims,
//! and the page index the bindings read items by (`reply_core::page_index`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::http::{Headers, Response};
use reply_core::operation::{Operation, Page};
use reply_core::operations::{GetContacts, OPERATIONS};
use reply_core::page_index::{index_page, split_page};
use reply_core::pagination::Pager;

fuzz_target!(|data: &[u8]| {
    let text = std::str::from_utf8(data).ok();
    // Any text: no panic, and every place given is a range of the text on character boundaries.
    let indexed = text.map(|text| (text, index_page(text)));
    if let Some((text, Ok(items))) = &indexed {
        for item in items {
            assert!(text.get(item.span.clone()).is_some(), "an item's place");
            for m in item.members.iter().flat_map(|m| m.iter()) {
                assert!(text.get(m.name.clone()).is_some() && text.get(m.value.clone()).is_some(), "a member's place");
            }
        }
    }
    if let Some(Ok(split)) = text.map(split_page) {
        let text = text.unwrap_or_default();
        assert!(split.array.iter().chain(&split.items).all(|r| text.get(r.clone()).is_some()), "a split's place");
    }
    let mut headers = Headers::default();
    headers.set("content-type", "application/json");
    let response = Response { status: 200, headers, body: data.to_vec().into() };
    let limits = OPERATIONS.iter().find(|o| o.id == "GetContacts").and_then(|o| o.paging).expect("paged");
    let Ok(mut pager) = Pager::new(Some(1 + u32::from(data.first().copied().unwrap_or(0))), 0, limits) else {
        return;
    };
    // A page that decodes drives the pager; the walk must end.
    if let Ok(page) = GetContacts::decode(&response) {
        // A page the SDK accepts is one the index reads, with the same items.
        if let Some((_, indexed)) = &indexed {
            let items = indexed.as_ref().expect("an accepted page indexes");
            assert_eq!(items.len(), page.item_count(), "the index and the decoder count different items");
        }
        for _ in 0..1000 {
            if pager.next_window().is_none() {
                return;
            }
            pager.advance(page.item_count(), page.has_more());
        }
        assert!(page.has_more() && page.item_count() > 0, "the pager did not stop");
    }
});
