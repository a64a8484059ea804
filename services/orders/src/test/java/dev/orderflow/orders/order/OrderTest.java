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
                    .containsExactly(new OrderEvent.Item("ACC-001", "Cable", 2, new Money(1250, "EUR")));
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
    void cancellingAnUnpaidOrderRegistersCancelledWithNoRefundDue(OrderStatus from) {
        Order order = loaded(from, 4);

        order.cancel(UUID.randomUUID(), LATER);

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
            assertThat(event.reason()).isEqualTo("requested");
            assertThat(event.refundDue()).isFalse();
        });
        assertThat(order.refundDue()).isFalse();
    }

    @Test
    void cancellingAPaidOrderRequestsTheRefundOfEverythingPaid() {
        Order order = loaded(OrderStatus.PAID, 3);
        UUID refundId = UUID.randomUUID();

        order.cancel(refundId, LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.refundDue()).isTrue();
        assertThat(order.refundable()).isEqualTo(new Money(0, "EUR"));
        assertThat(order.unsavedEvents()).hasSize(2);
        assertThat(order.unsavedEvents().get(0)).satisfies(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.CANCELLED);
            assertThat(event.refundDue()).isTrue();
            assertThat(event.payment()).isEqualTo(new OrderEvent.PaymentRef("pi_1", "succeeded"));
        });
        assertThat(order.unsavedEvents().get(1)).satisfies(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.REFUND_REQUESTED);
            assertThat(event.sequence()).isEqualTo(5);
            assertThat(event.refund().refund())
                    .isEqualTo(new OrderEvent.RefundRef(
                            refundId, order.total(), Refund.Status.REQUESTED, "cancelled", null));
        });
        assertThat(order.unsavedRefunds())
                .singleElement()
                .extracting(Refund::id, Refund::amount, Refund::status)
                .containsExactly(refundId, order.total(), Refund.Status.REQUESTED);
    }

    @ParameterizedTest
    @EnumSource(
            value = OrderStatus.class,
            names = {"PENDING", "AWAITING_PAYMENT", "PAID"},
            mode = EnumSource.Mode.EXCLUDE)
    void cancellingFromAnyOtherStatusIsRefusedAndChangesNothing(OrderStatus from) {
        Order order = loaded(from, 4);

        assertThatThrownBy(() -> order.cancel(UUID.randomUUID(), LATER))
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

        order.cancel(UUID.randomUUID(), LATER);

        assertThat(order.unsavedEvents()).extracting(OrderEvent::type).containsExactly(OrderEvent.Type.CANCELLED);
    }

    @Test
    void everyEventHasItsOwnId() {
        Order order = placed();
        order.cancel(UUID.randomUUID(), LATER);

        assertThat(order.unsavedEvents()).extracting(OrderEvent::eventId).doesNotHaveDuplicates();
        assertThat(order.unsavedEvents()).extracting(OrderEvent::sequence).containsExactly(1, 2);
    }

    @Test
    void thePaymentIntentIsAttachedAndItsStatusOnlyMovesForward() {
        Order order = placed();
        order.eventsSaved();

        assertThat(order.paymentUpdated(intent("requires_payment_method"), LATER))
                .isTrue();
        assertThat(order.paymentUpdated(intent("processing"), LATER)).isTrue();
        assertThat(order.paymentUpdated(intent("requires_payment_method"), LATER))
                .as("an older event arriving late")
                .isFalse();
        assertThat(order.paymentUpdated(intent("processing"), LATER))
                .as("the same news twice")
                .isFalse();

        assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(order.payment()).isEqualTo(new Order.Payment("pi_1", "processing", "pi_1_secret_x"));
        assertThat(order.version()).isEqualTo(3);
        assertThat(order.unsavedEvents()).allSatisfy(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.PAYMENT_UPDATED);
            assertThat(event.oldStatus()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
            assertThat(event.newStatus()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        });
        assertThat(order.unsavedEvents())
                .extracting(OrderEvent::payment)
                .containsExactly(
                        new OrderEvent.PaymentRef("pi_1", "requires_payment_method"),
                        new OrderEvent.PaymentRef("pi_1", "processing"));
    }

    @Test
    void aPaidOrderGoesAllTheWayToDelivered() {
        Order order = placed();
        order.paymentUpdated(intent("requires_payment_method"), LATER);
        order.paid(intent("succeeded"), LATER);
        order.shipmentCreated(new Order.Shipment("s-1", "OF1"), LATER);
        order.shipped(LATER);
        order.delivered(LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.payment().status()).isEqualTo("succeeded");
        assertThat(order.shipment()).isEqualTo(new Order.Shipment("s-1", "OF1"));
        assertThat(order.unsavedEvents())
                .extracting(OrderEvent::type)
                .containsExactly(
                        OrderEvent.Type.PLACED,
                        OrderEvent.Type.PAYMENT_UPDATED,
                        OrderEvent.Type.PAID,
                        OrderEvent.Type.SHIPMENT_CREATED,
                        OrderEvent.Type.SHIPPED,
                        OrderEvent.Type.DELIVERED);
        assertThat(order.unsavedEvents()).extracting(OrderEvent::sequence).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(order.unsavedEvents().get(2).payment()).isEqualTo(new OrderEvent.PaymentRef("pi_1", "succeeded"));
        assertThat(order.unsavedEvents().get(5).shipment()).isEqualTo(new OrderEvent.ShipmentRef("s-1", "OF1"));
    }

    @Test
    void aParcelDeliveredBeforeItWasSeenPickedUpIsShippedFirst() {
        Order order = loaded(OrderStatus.FULFILLING, 4);

        order.delivered(LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.unsavedEvents())
                .extracting(OrderEvent::type)
                .containsExactly(OrderEvent.Type.SHIPPED, OrderEvent.Type.DELIVERED);
    }

    @Test
    void aFailedPaymentEndsTheOrderWithItsReason() {
        Order order = loaded(OrderStatus.AWAITING_PAYMENT, 2);

        order.paymentFailed(intent("canceled"), "card_declined: Your card was declined.", LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.PAYMENT_FAILED);
        assertThat(order.unsavedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.PAYMENT_FAILED);
            assertThat(event.reason()).isEqualTo("card_declined: Your card was declined.");
            assertThat(event.payment().status()).isEqualTo("canceled");
        });
    }

    @Test
    void anUnpaidOrderExpiresWithItsReason() {
        Order order = loaded(OrderStatus.AWAITING_PAYMENT, 2);

        order.expireUnpaid(LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.unsavedEvents()).singleElement().satisfies(event -> {
            assertThat(event.reason()).isEqualTo("payment_timeout");
            assertThat(event.payment().status()).isEqualTo("canceled");
        });
    }

    @ParameterizedTest
    @EnumSource(
            value = OrderStatus.class,
            names = {"AWAITING_PAYMENT"},
            mode = EnumSource.Mode.EXCLUDE)
    void onlyAnOrderAwaitingPaymentCanBePaidOrFail(OrderStatus from) {
        Order order = loaded(from, 4);

        assertThatThrownBy(() -> order.paid(intent("succeeded"), LATER)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> order.paymentFailed(intent("canceled"), "declined", LATER))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(order.paymentUpdated(intent("processing"), LATER)).isFalse();

        assertThat(order.status()).isEqualTo(from);
        assertThat(order.version()).isEqualTo(4);
        assertThat(order.unsavedEvents()).isEmpty();
    }

    @Test
    void shipmentStepsAreRefusedOutOfOrder() {
        Order paid = loaded(OrderStatus.PAID, 3);
        assertThatThrownBy(() -> paid.shipped(LATER)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> paid.delivered(LATER)).isInstanceOf(IllegalTransitionException.class);
        Order awaiting = loaded(OrderStatus.AWAITING_PAYMENT, 1);
        assertThatThrownBy(() -> awaiting.shipmentCreated(new Order.Shipment("s", "t"), LATER))
                .isInstanceOf(IllegalTransitionException.class);

        assertThat(paid.unsavedEvents()).isEmpty();
        assertThat(awaiting.unsavedEvents()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = OrderStatus.class,
            names = {"CANCELLED", "PAYMENT_FAILED"})
    void aPaymentTakenAfterTheOrderEndedIsOwedBackOnce(OrderStatus ended) {
        Order order = loaded(ended, 3);

        assertThat(order.paidTooLate(intent("succeeded"), UUID.randomUUID(), LATER))
                .isTrue();
        assertThat(order.paidTooLate(intent("succeeded"), UUID.randomUUID(), LATER))
                .isFalse();

        assertThat(order.status()).isEqualTo(ended);
        assertThat(order.refundDue()).isTrue();
        assertThat(order.unsavedEvents())
                .extracting(OrderEvent::type)
                .containsExactly(OrderEvent.Type.PAYMENT_UPDATED, OrderEvent.Type.REFUND_REQUESTED);
        assertThat(order.unsavedEvents().getFirst().refundDue()).isTrue();
        assertThat(order.unsavedRefunds())
                .singleElement()
                .extracting(Refund::amount)
                .isEqualTo(order.total());
    }

    @Test
    void aRefundReservesItsAmountSoRefundsNeverExceedWhatWasPaid() {
        Order order = loaded(OrderStatus.DELIVERED, 6); // total 2500 + 490 shipping
        Money paid = order.total();

        Refund first = order.requestRefund(UUID.randomUUID(), new Money(1000, "EUR"), "one cable returned", LATER);

        assertThat(first.status()).isEqualTo(Refund.Status.REQUESTED);
        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.version()).isEqualTo(7);
        assertThat(order.refundable()).isEqualTo(paid.minus(new Money(1000, "EUR")));
        assertThat(order.refunded()).isEqualTo(new Money(0, "EUR"));
        assertThat(order.unsavedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.REFUND_REQUESTED);
            assertThat(event.oldStatus()).isEqualTo(OrderStatus.DELIVERED);
            assertThat(event.newStatus()).isEqualTo(OrderStatus.DELIVERED);
            assertThat(event.payment()).isNull();
            assertThat(event.refund().refundable()).isEqualTo(order.refundable());
        });

        Money tooMuch = order.refundable().plus(new Money(1, "EUR"));
        assertThatThrownBy(() -> order.requestRefund(UUID.randomUUID(), tooMuch, null, LATER))
                .isInstanceOfSatisfying(Order.RefundExceedsRefundable.class, e -> assertThat(e.refundable())
                        .isEqualTo(paid.minus(new Money(1000, "EUR"))));
        assertThat(order.version()).isEqualTo(7);
        assertThat(order.unsavedRefunds()).containsExactly(first);

        Refund rest = order.requestRefund(UUID.randomUUID(), null, null, LATER);
        assertThat(rest.amount()).isEqualTo(paid.minus(new Money(1000, "EUR")));
        assertThat(order.refundable().isZero()).isTrue();
        assertThatThrownBy(() -> order.requestRefund(UUID.randomUUID(), null, null, LATER))
                .isInstanceOf(Order.RefundExceedsRefundable.class)
                .hasMessage("Nothing is left to refund on this order.");
    }

    @ParameterizedTest
    @EnumSource(
            value = OrderStatus.class,
            names = {"PENDING", "AWAITING_PAYMENT"})
    void anOrderWithoutASucceededPaymentHasNothingToRefund(OrderStatus unpaid) {
        Order order = loaded(unpaid, 2);

        assertThatThrownBy(() -> order.requestRefund(UUID.randomUUID(), null, null, LATER))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("no succeeded payment");
        assertThat(order.version()).isEqualTo(2);
        assertThat(order.unsavedEvents()).isEmpty();
        assertThat(order.unsavedRefunds()).isEmpty();
    }

    @Test
    void aRefundInAnotherCurrencyIsRefused() {
        Order order = loaded(OrderStatus.PAID, 3);

        assertThatThrownBy(() -> order.requestRefund(UUID.randomUUID(), new Money(100, "USD"), null, LATER))
                .isInstanceOf(Money.MixedCurrenciesException.class);
        assertThat(order.unsavedEvents()).isEmpty();
    }

    @Test
    void aSettledRefundCountsAsRefundedOnceAndClearsTheRefundDue() {
        Order order = loaded(OrderStatus.PAID, 3);
        order.cancel(UUID.randomUUID(), LATER);
        Refund requested = order.unsavedRefunds().getFirst();
        order.eventsSaved();

        assertThat(order.refundSettled(requested, LATER)).isTrue();
        Refund settled = order.unsavedRefunds().getFirst();
        assertThat(order.refundSettled(settled, LATER)).isFalse(); // a repeat changes nothing

        assertThat(settled.status()).isEqualTo(Refund.Status.REFUNDED);
        assertThat(order.refunded()).isEqualTo(order.total());
        assertThat(order.refundable().isZero()).isTrue();
        assertThat(order.refundDue()).isFalse();
        assertThat(order.unsavedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.REFUNDED);
            assertThat(event.refundDue()).isFalse();
            assertThat(event.refund().refunded()).isEqualTo(order.total());
        });
    }

    @Test
    void aFailedRefundMakesItsAmountRefundableAgain() {
        Order order = loaded(OrderStatus.SHIPPED, 5);
        Refund requested = order.requestRefund(UUID.randomUUID(), new Money(700, "EUR"), null, LATER);
        order.eventsSaved();

        assertThat(order.refundFailed(requested, "account_blocked: blocked", LATER))
                .isTrue();

        assertThat(order.refundable()).isEqualTo(order.total());
        assertThat(order.refunded()).isEqualTo(new Money(0, "EUR"));
        assertThat(order.unsavedRefunds())
                .singleElement()
                .extracting(Refund::status, Refund::failureReason)
                .containsExactly(Refund.Status.FAILED, "account_blocked: blocked");
        assertThat(order.unsavedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(OrderEvent.Type.REFUND_FAILED);
            assertThat(event.refund().refund().failureReason()).isEqualTo("account_blocked: blocked");
        });
    }

    private static Order.Payment intent(String status) {
        return new Order.Payment("pi_1", status, "pi_1_secret_x");
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
                status == OrderStatus.PENDING
                        ? null
                        : intent(status == OrderStatus.AWAITING_PAYMENT ? "requires_payment_method" : "succeeded"),
                null,
                false,
                new Money(0, "EUR"),
                new Money(0, "EUR"),
                PLACED_AT,
                PLACED_AT,
                version);
    }
}
