package dev.orderflow.notifications.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A stream position from any text (it arrives in {@code Last-Event-ID} and in a WebSocket
 * subscription's {@code from}): either a position that reads back the same, or an
 * IllegalArgumentException (which the endpoints answer with 400 or an error message) — nothing else.
 */
class PositionFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyTextIsAPositionThatReadsBackOrIsRefused(String text) {
        Position position;
        try {
            position = Position.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        Position again = Position.parse(position.toString());
        assertThat(again.asMap()).isEqualTo(position.asMap());
        position.asMap().forEach((partition, next) -> {
            assertThat(next).isNotNegative();
            assertThat(position.isPast(partition, next)).isFalse();
            if (next > 0) {
                assertThat(position.isPast(partition, next - 1)).isTrue();
            }
        });
    }
}
