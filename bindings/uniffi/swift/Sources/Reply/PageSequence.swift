// The AsyncSequence glue the generated Pagers.swift builds on: every pager's
// `pages()` and `items()` iterate its `nextPage()` until it answers nil.

/// The pages of a paginated call, fetched as the sequence is iterated.
public struct PageSequence<Page>: AsyncSequence {
    public typealias Element = Page

    let fetch: () async throws -> Page?

    public init(next: @escaping () async throws -> Page?) {
        fetch = next
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: () async throws -> Page?

        public mutating func next() async throws -> Page? {
            try await fetch()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(fetch: fetch)
    }
}

/// The items of every page, in order.
public struct ItemSequence<Page, Item>: AsyncSequence {
    public typealias Element = Item

    let pages: PageSequence<Page>
    let items: (Page) -> [Item]

    public init(pages: PageSequence<Page>, items: @escaping (Page) -> [Item]) {
        self.pages = pages
        self.items = items
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var pages: PageSequence<Page>.AsyncIterator
        let items: (Page) -> [Item]
        var buffer: [Item] = []

        public mutating func next() async throws -> Item? {
            while buffer.isEmpty {
                guard let page = try await pages.next() else { return nil }
                buffer = items(page).reversed()
            }
            return buffer.popLast()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: pages.makeAsyncIterator(), items: items)
    }
}
