package dev.orderflow.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.orders.order.OrderCursor.InvalidCursorException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keyset cursors: opaque, signed, bound to the caller and the filters, one encoding only. */
class OrderCursorTest {

    private static final String SECRET = "a-cursor-secret-of-at-least-32-characters";
    private static final OrderQuery ALL = new OrderQuery(null, List.of(), null, null);
    private final OrderCursor cursors = new OrderCursor(SECRET);
    private final OrderCursor.Position position =
            new OrderCursor.Position(Instant.parse("2026-12-01T10:15:30.123456Z"), UUID.randomUUID());

    @Test
    void decodesWhatItEncodedForTheSameCallerAndFilters() {
        String cursor = cursors.encode(position, "partner-acme", ALL);

        assertThat(cursors.decode(cursor, "partner-acme", ALL)).isEqualTo(position);
        assertThat(cursor).doesNotContain(position.id().toString()); // opaque
    }

    @Test
    void refusesACursorIssuedToAnotherCaller() {
        String cursor = cursors.encode(position, "partner-acme", ALL);

        assertThatThrownBy(() -> cursors.decode(cursor, "storefront/customer:bob", ALL))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void refusesACursorIssuedForOtherFilters() {
        String cursor = cursors.encode(position, "partner-acme", ALL);
        var cancelledOnly = new OrderQuery(null, List.of(OrderStatus.CANCELLED), null, null);

        assertThatThrownBy(() -> cursors.decode(cursor, "partner-acme", cancelledOnly))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void refusesACursorSignedWithAnotherSecret() {
        String forged =
                new OrderCursor("another-secret-of-at-least-32-characters!").encode(position, "partner-acme", ALL);

        assertThatThrownBy(() -> cursors.decode(forged, "partner-acme", ALL))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void refusesATamperedPosition() {
        String cursor = cursors.encode(position, "partner-acme", ALL);
        String otherPosition = cursors.encode(
                        new OrderCursor.Position(position.createdAt().plusSeconds(1), position.id()),
                        "partner-acme",
                        ALL)
                .split("\\.")[0];

        assertThatThrownBy(() -> cursors.decode(otherPosition + "." + cursor.split("\\.")[1], "partner-acme", ALL))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void refusesGarbageAndNonCanonicalEncodings() {
        String cursor = cursors.encode(position, "partner-acme", ALL);

        for (String bad :
                List.of("", "no-dot", ".", "a.b", cursor + "=", cursor + "A", "!!!." + cursor.split("\\.")[1])) {
            assertThatThrownBy(() -> cursors.decode(bad, "partner-acme", ALL))
                    .as(bad)
                    .isInstanceOf(InvalidCursorException.class);
        }
    }

    @Test
    void needsASecretOfAtLeast32Characters() {
        assertThatThrownBy(() -> new OrderCursor("short")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new OrderCursor(null)).isInstanceOf(IllegalStateException.class);
    }
}
