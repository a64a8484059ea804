package dev.orderflow.orders.order;

import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.defaults.security.Caller;
import dev.orderflow.orders.Money;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests refunds and shows them. A request only reserves the amount on the order and stores the
 * refund (with the event saying so), in one transaction; the bank is called by {@link RefundFlow},
 * never inside the HTTP request.
 */
@Service
class RefundDesk {

    private final Orders orders;
    private final Refunds refunds;
    private final OrderDesk desk;
    private final RefundFlow flow;
    private final TransactionTemplate tx;
    private final Clock clock;

    RefundDesk(Orders orders, Refunds refunds, OrderDesk desk, RefundFlow flow, TransactionTemplate tx, Clock clock) {
        this.orders = orders;
        this.refunds = refunds;
        this.desk = desk;
        this.flow = flow;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @param alsoInTransaction runs with the new refund inside its transaction (the caller records
     *     its idempotent response there)
     */
    Refund request(Caller caller, UUID orderId, Money amount, String reason, Consumer<Refund> alsoInTransaction) {
        if (caller.isCustomer()) {
            // The scope is granted to partners only; a customer token never refunds, whatever it holds.
            throw new AccessDeniedException("Refunds are made by partners, not customers.");
        }
        UUID refundId = UUID.randomUUID();
        for (int attempt = 1; ; attempt++) {
            try {
                Refund refund = tx.execute(status -> {
                    Order order = desk.visible(caller, orderId);
                    Refund requested = order.requestRefund(refundId, amount, reason, now());
                    orders.update(order);
                    alsoInTransaction.accept(requested);
                    return requested;
                });
                flow.soon();
                return refund;
            } catch (OptimisticLockingFailureException changedMeanwhile) {
                // Another refund, a payment or a shipment event changed the order: check again on the new version.
                if (attempt == 3) {
                    throw changedMeanwhile;
                }
            }
        }
    }

    List<Refund> of(Caller caller, UUID orderId) {
        desk.visible(caller, orderId);
        return refunds.ofOrder(orderId);
    }

    Refund one(Caller caller, UUID orderId, UUID refundId) {
        desk.visible(caller, orderId);
        return refunds.find(refundId)
                .filter(refund -> refund.orderId().equals(orderId))
                .orElseThrow(() -> new RefundNotFound(orderId, refundId));
    }

    private Instant now() {
        return Timestamps.stored(clock.instant());
    }
}
