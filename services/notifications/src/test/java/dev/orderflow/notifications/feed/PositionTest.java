package dev.orderflow.notifications.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stream positions: the next offset per partition, as text a client sends back to resume. */
class PositionTest {

    @Test
    void readsBackWhatItWrites() {
        Position position = Position.parse("0:3,1:0,5:12");

        assertThat(position.asMap()).isEqualTo(Map.of(0, 3L, 1, 0L, 5, 12L));
        assertThat(position).hasToString("0:3,1:0,5:12");
        assertThat(Position.parse(position.toString()).asMap()).isEqualTo(position.asMap());
    }

    @Test
    void isPastEverythingBeforeItsNextOffsetAndNothingInPartitionsItDoesNotKnow() {
        Position position = Position.parse("0:3");

        assertThat(position.isPast(0, 2)).isTrue();
        assertThat(position.isPast(0, 3)).isFalse();
        assertThat(position.isPast(1, 0)).isFalse();
        assertThat(position.knows(1)).isFalse();
        assertThat(position.next(1)).isZero();
    }

    @Test
    void advancesPastAnEventButNeverBackwards() {
        Position position = Position.parse("0:3");

        position.advance(0, 7);
        position.advance(0, 5);
        position.advance(2, 0);

        assertThat(position.asMap()).isEqualTo(Map.of(0, 8L, 2, 1L));
    }

    @Test
    void aCopyMovesOnItsOwn() {
        Position original = Position.parse("0:3");
        Position copy = original.copy();

        copy.advance(0, 10);

        assertThat(original.next(0)).isEqualTo(3);
        assertThat(copy.next(0)).isEqualTo(11);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0:", ":3", "a:1", "0:-1", "0:1,", "0:1;1:2", "0:99999999999999999999"})
    void refusesAnythingThatIsNotAPosition(String text) {
        assertThatThrownBy(() -> Position.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAPartitionNamedTwice() {
        assertThatThrownBy(() -> Position.parse("0:1,0:2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeated");
    }

    @Test
    void quotesALongBadValueOnlyInPart() {
        assertThatThrownBy(() -> Position.parse("x".repeat(1000)))
                .hasMessageEndingWith("...")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100));
    }
}
