package dev.orderflow.orders.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.testing.FuzzChecks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.test.context.TestPropertySource;

/**
 * The order list's query: any cursor (a signed, opaque token), limit, status and time filters.
 * A page or a 400 problem, never a 5xx. Half of the cursors are real ones the service handed out,
 * mutated, so the fuzzer gets past the first checks of the cursor's format.
 */
// Thousands of requests a second from one caller: the rate limit (1,200 a minute) would answer
// most of them 429 before they reach what is fuzzed.
@TestPropertySource(properties = "orderflow.orders.rate-limit.capacity=100000000")
class OrderCursorFuzzTest extends ApiTestSupport {

    private final String token = partner();
    private String issued;

    @FuzzTest(maxDuration = "10s")
    void anyCursorAndFiltersGiveAPageOrAProblem(FuzzedDataProvider data) {
        if (issued == null) {
            place(token, order("fuzz", "ACC-001", 1));
            place(token, order("fuzz", "ACC-002", 1));
            issued = api.get("/api/orders?limit=1")
                    .token(token)
                    .send()
                    .json()
                    .get("next_cursor")
                    .asText();
        }
        String cursor = data.consumeBoolean() ? mutate(issued, data) : data.consumeString(600);
        String limit = data.consumeBoolean() ? String.valueOf(data.consumeInt()) : data.consumeString(8);
        String status = data.consumeString(20);
        String after = data.consumeRemainingAsString();
        String query = "?cursor=" + encode(cursor) + "&limit=" + encode(limit)
                + (status.isEmpty() ? "" : "&status=" + encode(status))
                + (after.isEmpty() ? "" : "&created_after=" + encode(after));

        var response = FuzzChecks.send(
                () -> FuzzChecks.to(port, "/api/orders" + query)
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                this::rows);

        response.ifPresent(answer -> assertThat(answer.statusCode()).isIn(200, 400));
    }

    /** The issued cursor with one character changed, cut or doubled, as the fuzzer chooses. */
    private static String mutate(String cursor, FuzzedDataProvider data) {
        int at = data.consumeInt(0, cursor.length() - 1);
        return switch (data.consumeInt(0, 2)) {
            case 0 -> cursor.substring(0, at) + data.consumeChar() + cursor.substring(at + 1);
            case 1 -> cursor.substring(0, at);
            default -> cursor + cursor.substring(at);
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
