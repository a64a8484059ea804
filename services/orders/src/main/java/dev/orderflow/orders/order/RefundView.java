package dev.orderflow.orders.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderflow.orders.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A refund as the API shows it (the contract's Refund schema). */
record RefundView(
        UUID id,
        UUID orderId,
        Money amount,
        @JsonInclude(JsonInclude.Include.ALWAYS) String reason,
        Refund.Status status,
        @JsonInclude(JsonInclude.Include.ALWAYS) String failureReason,
        Instant createdAt,
        Instant updatedAt) {

    static RefundView of(Refund refund) {
        return new RefundView(
                refund.id(),
                refund.orderId(),
                refund.amount(),
                refund.reason(),
                refund.status(),
                refund.failureReason(),
                refund.createdAt(),
                refund.updatedAt());
    }

    record Page(List<RefundView> items) {}
}
