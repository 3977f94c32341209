package io.reply.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The blocking facade as Java sees it: builder, calls, pages and errors, against reply-mock. */
class BlockingClientJavaTest {
    private static Mock mock;
    private static ReplyBlockingClient reply;

    @BeforeAll
    static void start() throws Exception {
        mock = new Mock(null);
        // Five contacts, written over plain HTTP so that the walk below has several pages of 2.
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 5; i++) {
            HttpRequest create = HttpRequest.newBuilder(URI.create(mock.getBaseUrl() + "/v3/contacts"))
                .header("Authorization", "Bearer " + MockKt.MOCK_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"java" + i + "@example.com\"}"))
                .build();
            assertEquals(201, http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        reply = ReplyBlockingClient.builder(MockKt.MOCK_KEY)
            .baseUrl(mock.getBaseUrl())
            .timeout(Duration.ofSeconds(10))
            .deadline(Duration.ofSeconds(30))
            .maxRetries(0)
            .build();
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    @Test
    void callsBlockAndAnswerTheModel() {
        WhoamiResponse me = reply.userAccount().whoami();
        assertEquals(1L, me.getUserId());
        assertTrue(reply.baseUrl().startsWith("http://127.0.0.1:"));
    }

    @Test
    void pagesAreAnIterable() {
        List<Long> ids = new ArrayList<>();
        int pages = 0;
        for (GetContactsResponse page : reply.contacts().listPages(null, null, null, 2)) {
            pages += 1;
            assertTrue(page.getItems().size() <= 2);
            for (Contact contact : page.getItems()) ids.add(contact.getId());
        }
        assertTrue(pages >= 3, "five contacts or more fill three pages of 2");
        List<Long> all = new ArrayList<>();
        for (Contact contact : reply.contacts().list(1000L, null, null, null).getItems()) all.add(contact.getId());
        assertEquals(all, ids);
    }

    @Test
    void failuresAreTheTypedExceptions() {
        ReplyException.NotFound missing =
            assertThrows(ReplyException.NotFound.class, () -> reply.contacts().get(987654321L));
        assertNotNull(missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplyBlockingClient.builder("k").maxRetries(-1));
    }
}
