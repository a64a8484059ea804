package dev.orderflow.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.orders.Money;
import dev.orderflow.orders.order.Order.IllegalTransitionException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The order aggregate alone: each move, legal or not, and the event each registers. */
class OrderTest {

    private static final Instant PLACED_AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = PLACED_AT.plusSeconds(60);
    private static final Address ADDRESS = new Address("Ada", "1 Main St", null, "Springfield", "12345", "US");
    private static final Order.Fulfilment FULFILMENT =
            new Order.Fulfilment("r-1", new Money(499, "EUR"), 3, PLACED_AT.plusSeconds(3 * 86_400));

    @Test
    void placingRegistersPlacedWithWhatWasOrdered() {
        Order order = placed();

        assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(order.version()).isEqualTo(1);
        assertThat(order.unsavedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.PLACED);
            assertThat(event.orderId()).isEqualTo(order.id());
            assertThat(event.customerId()).isEqualTo("c-1");
            assertThat(event.sequence()).isEqualTo(1);
            assertThat(event.oldStatus()).isNull();
            assertThat(event.newStatus()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
            assertThat(event.occurredAt()).isEqualTo(PLACED_AT);
            assertThat(event.placed().items())
                    .containsExactly(new OrderEvent.Item("ACC-001", 2, new Money(1250, "EUR")));
            assertThat(event.placed().shipping()).isEqualTo(new Money(499, "EUR"));
            assertThat(event.placed().total()).isEqualTo(new Money(2999, "EUR"));
        });
    }

    @Test
    void anOrderHasAtLeastOneLine() {
        assertThatThrownBy(() -> Order.place(UUID.randomUUID(), "c-1", List.of(), ADDRESS, FULFILMENT, PLACED_AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = OrderStatus.class,
            names = {"PENDING", "AWAITING_PAYMENT"})
    void cancellingAnUnpaidOrderRegistersCancelled(OrderStatus from) {
        Order order = loaded(from, 4);

        order.cancel(LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.version()).isEqualTo(5);
        assertThat(order.updatedAt()).isEqualTo(LATER);
        assertThat(order.etag()).isEqualTo("\"5\"");
        assertThat(order.unsavedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.CANCELLED);
            assertThat(event.sequence()).isEqualTo(5);
            assertThat(event.oldStatus()).isEqualTo(from);
            assertThat(event.newStatus()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(event.occurredAt()).isEqualTo(LATER);
            assertThat(event.placed()).isNull();
        });
    }

    @ParameterizedTest
    @EnumSource(
            value = OrderStatus.class,
            names = {"PENDING", "AWAITING_PAYMENT"},
            mode = EnumSource.Mode.EXCLUDE)
    void cancellingFromAnyOtherStatusIsRefusedAndChangesNothing(OrderStatus from) {
        Order order = loaded(from, 4);

        assertThatThrownBy(() -> order.cancel(LATER))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining(from.name());

        assertThat(order.status()).isEqualTo(from);
        assertThat(order.version()).isEqualTo(4);
        assertThat(order.updatedAt()).isEqualTo(PLACED_AT);
        assertThat(order.unsavedEvents()).isEmpty();
    }

    @Test
    void savedEventsAreNotRegisteredTwice() {
        Order order = placed();
        order.eventsSaved();

        order.cancel(LATER);

        assertThat(order.unsavedEvents()).extracting(OrderEvent::type).containsExactly(OrderEvent.Type.CANCELLED);
    }

    @Test
    void everyEventHasItsOwnId() {
        Order order = placed();
        order.cancel(LATER);

        assertThat(order.unsavedEvents()).extracting(OrderEvent::eventId).doesNotHaveDuplicates();
        assertThat(order.unsavedEvents()).extracting(OrderEvent::sequence).containsExactly(1, 2);
    }

    private static Order placed() {
        return Order.place(
                UUID.randomUUID(),
                "c-1",
                List.of(new OrderLine("ACC-001", "Cable", 2, new Money(1250, "EUR"))),
                ADDRESS,
                FULFILMENT,
                PLACED_AT);
    }

    /** An order as read from the database: no events pending. */
    private static Order loaded(OrderStatus status, int version) {
        return new Order(
                UUID.randomUUID(),
                "c-1",
                List.of(new OrderLine("ACC-001", "Cable", 2, new Money(1250, "EUR"))),
                ADDRESS,
                FULFILMENT,
                status,
                PLACED_AT,
                PLACED_AT,
                version);
    }
}
