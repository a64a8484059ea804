package dev.orderflow.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadAndCancelOrderTest extends ApiTestSupport {

    @Test
    void listsOrdersNewestFirstFollowingLinkHeadersUntilTheEnd() {
        String customer = "list-" + System.nanoTime();
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            placed.add(0, place(partner(), order(customer, "ACC-001", 1)));
        }

        List<String> seen = new ArrayList<>();
        String next = "/api/orders?limit=3";
        int pages = 0;
        while (next != null) {
            var page = api.get(next).token(customer(customer)).send();
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(o -> seen.add(o.get("id").asText()));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            assertThat(next == null).isEqualTo(!page.json().has("next_cursor"));
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(placed);
    }

    @Test
    void everyOrderThatExistsForTheWholeScanAppearsExactlyOnceDespiteConcurrentInserts() {
        String customer = "scan-" + System.nanoTime();
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            existing.add(place(partner(), order(customer, "ACC-001", 1)));
        }

        List<String> seen = new ArrayList<>();
        String next = "/api/orders?limit=2";
        while (next != null) {
            var page = api.get(next).token(customer(customer)).send();
            page.json().get("items").forEach(o -> seen.add(o.get("id").asText()));
            place(partner(), order(customer, "ACC-002", 1)); // inserted mid-scan
            next = page.json().has("next_cursor")
                    ? "/api/orders?limit=2&cursor="
                            + page.json().get("next_cursor").asText()
                    : null;
        }

        assertThat(seen).containsAll(existing);
        assertThat(seen).doesNotHaveDuplicates();
    }

    @Test
    void filtersByStatusAndCreationTime() {
        String customer = "filter-" + System.nanoTime();
        Instant start = Instant.now().minusSeconds(1);
        String kept = place(partner(), order(customer, "ACC-001", 1));
        String cancelled = place(partner(), order(customer, "ACC-001", 1));
        api.post("/api/orders/" + cancelled + "/cancel", null).token(partner()).send();

        var awaiting = api.get("/api/orders?status=AWAITING_PAYMENT&created_after=" + start)
                .token(customer(customer))
                .send();
        var both = api.get("/api/orders?status=AWAITING_PAYMENT,CANCELLED")
                .token(customer(customer))
                .send();
        var none = api.get("/api/orders?created_before=" + start)
                .token(customer(customer))
                .send();
        var badStatus =
                api.get("/api/orders?status=LOST").token(customer(customer)).send();
        // Found by OrderCursorFuzzTest: a list of statuses with an empty one in it (a trailing comma, or
        // only NULs) was a 500. (An empty status= alone is no filter, as if absent.)
        var emptyStatuses = java.util.stream.Stream.of("status=%00%00", "status=AWAITING_PAYMENT,")
                .map(query -> api.get("/api/orders?" + query)
                        .token(customer(customer))
                        .send())
                .toList();

        assertThat(awaiting.json().get("items"))
                .extracting(o -> o.get("id").asText())
                .containsExactly(kept);
        assertThat(both.json().get("items")).hasSize(2);
        assertThat(none.json().get("items")).isEmpty();
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(emptyStatuses).allSatisfy(refused -> {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("status");
        });
    }

    @Test
    void rejectsTamperedAndForeignCursors() {
        for (int i = 0; i < 3; i++) {
            place(partner(), order("alice", "ACC-001", 1));
        }
        String cursor = api.get("/api/orders?limit=1")
                .token(partner())
                .send()
                .json()
                .get("next_cursor")
                .asText();
        int at = cursor.indexOf('.') + 5; // a character of the MAC
        String tampered = cursor.substring(0, at) + (cursor.charAt(at) == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
        int last = cursor.length() - 1; // only unused padding bits: same bytes, still refused
        String reencoded = cursor.substring(0, last) + (char) (cursor.charAt(last) ^ 1);

        var forged = api.get("/api/orders?limit=1&cursor=" + tampered)
                .token(partner())
                .send();
        var foreign = api.get("/api/orders?limit=1&cursor=" + cursor)
                .token(customer("alice"))
                .send();
        var otherFilter = api.get("/api/orders?limit=1&status=CANCELLED&cursor=" + cursor)
                .token(partner())
                .send();
        var garbage =
                api.get("/api/orders?cursor=not-a-cursor").token(partner()).send();
        var tooLarge = api.get("/api/orders?limit=101").token(partner()).send();

        var paddingBits = api.get("/api/orders?limit=1&cursor=" + reencoded)
                .token(partner())
                .send();

        for (var response : List.of(forged, foreign, otherFilter, garbage, paddingBits)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("type").asText()).endsWith("/invalid-cursor");
        }
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().at("/errors/0/field").asText()).isEqualTo("limit");
    }

    @Test
    void revalidatesAnOrderWithItsETag() {
        String id = place(partner(), order("alice", "ACC-001", 1));
        awaitPaymentIntent(id);

        var first = api.get("/api/orders/" + id).token(partner()).send();
        var again = api.get("/api/orders/" + id)
                .token(partner())
                .header("If-None-Match", first.header("ETag"))
                .send();
        var stale = api.get("/api/orders/" + id)
                .token(partner())
                .header("If-None-Match", "\"99\"")
                .send();

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"2\"");
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache, private");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(stale.status()).isEqualTo(200);
    }

    @Test
    void cancelsOnlyTheVersionNamedInIfMatchAndOnlyFromACancellableState() {
        String id = place(partner(), order("alice", "ACC-001", 1));
        awaitPaymentIntent(id);

        var wrongVersion = api.post("/api/orders/" + id + "/cancel", null)
                .token(partner())
                .header("If-Match", "\"7\"")
                .send();
        assertThat(wrongVersion.status()).isEqualTo(412);
        assertThat(api.get("/api/orders/" + id)
                        .token(partner())
                        .send()
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("AWAITING_PAYMENT");

        var cancelled = api.post("/api/orders/" + id + "/cancel", null)
                .token(partner())
                .header("If-Match", "\"2\"")
                .send();
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.header("ETag")).isEqualTo("\"3\"");

        var again =
                api.post("/api/orders/" + id + "/cancel", null).token(partner()).send();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).endsWith("/order-state-conflict");
        assertThat(api.get("/api/orders/" + id).token(partner()).send().header("ETag"))
                .isEqualTo("\"3\"");
    }

    @Test
    void customersSeeAndActOnlyOnTheirOwnOrders() {
        String bobs = place(customer("bob"), order(null, "ACC-001", 1));
        String alices = place(customer("alice"), order(null, "ACC-001", 1));

        var peek = api.get("/api/orders/" + bobs).token(customer("alice")).send();
        var cancel = api.post("/api/orders/" + bobs + "/cancel", null)
                .token(customer("alice"))
                .send();
        var list = api.get("/api/orders?limit=100").token(customer("alice")).send();
        var partnerView = api.get("/api/orders/" + bobs).token(partner()).send();

        assertThat(peek.status()).isEqualTo(404);
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(list.json().get("items"))
                .extracting(o -> o.get("customer_id").asText())
                .containsOnly("alice");
        assertThat(list.json().get("items"))
                .extracting(o -> o.get("id").asText())
                .contains(alices)
                .doesNotContain(bobs);
        assertThat(partnerView.status()).isEqualTo(200);
        assertThat(api.get("/api/orders/" + bobs)
                        .token(customer("bob"))
                        .send()
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("AWAITING_PAYMENT");
    }

    @Test
    void answersAMalformedOrderIdWith400() {
        var response = api.get("/api/orders/not-a-uuid").token(partner()).send();

        assertThat(response.status()).isEqualTo(400);
    }
}
