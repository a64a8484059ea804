package dev.orderflow.orders.order;

import java.time.Instant;
import java.util.List;

/**
 * What a listing is filtered by.
 *
 * @param customerId only this customer's orders (always set for a customer caller), or null for all
 */
public record OrderQuery(String customerId, List<OrderStatus> statuses, Instant createdAfter, Instant createdBefore) {

    public OrderQuery {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }

    /** A stable text form, bound into cursors so a cursor is only valid for the filters it was made for. */
    String fingerprint() {
        return customerId + "|" + statuses.stream().map(Enum::name).sorted().toList() + "|" + createdAfter + "|"
                + createdBefore;
    }
}
