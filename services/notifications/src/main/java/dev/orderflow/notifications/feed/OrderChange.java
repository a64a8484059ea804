package dev.orderflow.notifications.feed;

import java.time.Instant;
import java.util.UUID;

/**
 * One order event as notifications uses it: what the contract promises for every type of order
 * event, the refund a refund event is about, and where it sits in the topic (partition and offset).
 *
 * @param refund with refund events only ({@code refund_requested}, {@code refunded}, {@code refund_failed})
 */
public record OrderChange(
        UUID eventId,
        String eventType,
        UUID orderId,
        String customerId,
        long sequence,
        String oldStatus,
        String newStatus,
        Instant time,
        Refund refund,
        String traceId,
        int partition,
        long offset) {

    /** The refund and the order's refunded total after it (order-events.yaml, OrderRefundChanged). */
    public record Refund(UUID refundId, String status, Amount amount, Amount refunded) {}

    public record Amount(long amountMinor, String currency) {}
}
