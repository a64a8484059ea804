package dev.orderflow.orders.order;

import dev.orderflow.orders.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * A refund of (part of) an order's payment, part of the {@link Order} aggregate: it is requested,
 * settled and failed only through the order, which keeps the totals it may not exceed.
 *
 * @param id chosen when it is requested; also its refund id at the bank, on every attempt
 * @param failureReason with {@link Status#FAILED}: what the bank said, a code then a message
 */
public record Refund(
        UUID id,
        UUID orderId,
        Money amount,
        String reason,
        Status status,
        String failureReason,
        Instant createdAt,
        Instant updatedAt) {

    public enum Status {
        REQUESTED,
        REFUNDED,
        FAILED
    }

    static Refund requested(UUID id, UUID orderId, Money amount, String reason, Instant now) {
        return new Refund(id, orderId, amount, reason, Status.REQUESTED, null, now, now);
    }

    Refund refunded(Instant now) {
        return new Refund(id, orderId, amount, reason, Status.REFUNDED, null, createdAt, now);
    }

    Refund failed(String why, Instant now) {
        return new Refund(id, orderId, amount, reason, Status.FAILED, why, createdAt, now);
    }
}
