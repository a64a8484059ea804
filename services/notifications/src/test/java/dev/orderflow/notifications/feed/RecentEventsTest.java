package dev.orderflow.notifications.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The resume buffer: what a position missed, or that some of it is gone. */
class RecentEventsTest {

    @Test
    void replaysWhatCameAfterThePositionInReadOrder() {
        var recent = new RecentEvents(10);
        recent.startPartition(0, 0);
        recent.startPartition(1, 0);
        recent.add(event(0, 0, "alice"));
        recent.add(event(1, 0, "alice"));
        recent.add(event(0, 1, "alice"));

        var replay = recent.after(Position.parse("0:1,1:0"), e -> true);

        assertThat(replay).isInstanceOfSatisfying(RecentEvents.Events.class, events -> assertThat(events.events())
                .extracting(OrderChange::partition, OrderChange::offset)
                .containsExactly(tuple(1, 0L), tuple(0, 1L)));
    }

    @Test
    void replaysOnlyWhatTheFilterLetsThrough() {
        var recent = new RecentEvents(10);
        recent.startPartition(0, 0);
        recent.add(event(0, 0, "alice"));
        recent.add(event(0, 1, "bob"));

        var replay = recent.after(Position.parse("0:0"), e -> e.customerId().equals("bob"));

        assertThat(replay).isInstanceOfSatisfying(RecentEvents.Events.class, events -> assertThat(events.events())
                .extracting(OrderChange::customerId)
                .containsExactly("bob"));
    }

    @Test
    void saysTooOldOnceAnEventAfterThePositionWasEvicted() {
        var recent = new RecentEvents(2);
        recent.startPartition(0, 0);
        recent.add(event(0, 0, "alice"));
        recent.add(event(0, 1, "alice"));
        recent.add(event(0, 2, "alice")); // evicts offset 0

        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.after(Position.parse("0:0"), e -> true)).isInstanceOf(RecentEvents.TooOld.class);
        assertThat(recent.after(Position.parse("0:1"), e -> true)).isInstanceOf(RecentEvents.Events.class);
    }

    @Test
    void saysTooOldForAPositionBeforeWhereThisInstanceStartedReading() {
        var recent = new RecentEvents(10);
        recent.startPartition(0, 50);

        assertThat(recent.after(Position.parse("0:49"), e -> true)).isInstanceOf(RecentEvents.TooOld.class);
        assertThat(recent.after(Position.parse("0:50"), e -> true))
                .isInstanceOfSatisfying(RecentEvents.Events.class, events -> assertThat(events.events())
                        .isEmpty());
    }

    @Test
    void aPartitionStartedAgainForgetsItsOldEvents() {
        var recent = new RecentEvents(10);
        recent.startPartition(0, 0);
        recent.add(event(0, 0, "alice"));

        recent.startPartition(0, 1);

        assertThat(recent.size()).isZero();
    }

    private static OrderChange event(int partition, long offset, String customer) {
        return new OrderChange(
                UUID.randomUUID(),
                "dev.orderflow.order.cancelled",
                UUID.randomUUID(),
                customer,
                2,
                "AWAITING_PAYMENT",
                "CANCELLED",
                Instant.now(),
                null,
                null,
                partition,
                offset);
    }
}
