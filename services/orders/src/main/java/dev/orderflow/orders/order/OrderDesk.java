package dev.orderflow.orders.order;

import dev.orderflow.defaults.InvalidInput;
import dev.orderflow.defaults.Problems.FieldViolation;
import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.defaults.security.Caller;
import dev.orderflow.orders.catalog.Catalog;
import dev.orderflow.orders.catalog.Product;
import dev.orderflow.orders.fulfilment.ClientDeadlineExceeded;
import dev.orderflow.orders.fulfilment.DependencyUnavailable;
import dev.orderflow.orders.fulfilment.PendingReleases;
import dev.orderflow.orders.payment.PaymentProviderUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places and cancels orders: each a single transaction that leaves nothing half-done. The order
 * registers the events of its changes and {@link Orders} saves them with it (the outbox).
 */
@Service
class OrderDesk {

    private final Catalog catalog;
    private final Orders orders;
    private final Clock clock;
    private final OrderFulfilment fulfilment;
    private final PendingReleases releases;
    private final TransactionTemplate tx;
    private final PaymentFlow payments;
    private final RefundFlow refunds;

    OrderDesk(
            Catalog catalog,
            Orders orders,
            Clock clock,
            OrderFulfilment fulfilment,
            PendingReleases releases,
            TransactionTemplate tx,
            PaymentFlow payments,
            RefundFlow refunds) {
        this.refunds = refunds;
        this.catalog = catalog;
        this.orders = orders;
        this.clock = clock;
        this.fulfilment = fulfilment;
        this.releases = releases;
        this.tx = tx;
        this.payments = payments;
    }

    /**
     * Prices the lines from the catalog, reserves stock and quotes shipping in parallel (no database
     * transaction is held while other services answer), then stores the order in one transaction.
     * If anything fails after the reservation was asked for, the reservation is released: no order
     * is ever stored half-made, and no stock stays held for an order that does not exist.
     *
     * @param alsoInTransaction runs with the stored order inside its transaction (the caller records
     *     its idempotent response there, so the response exists if and only if the order does)
     */
    Order place(Caller caller, PlaceOrderRequest request, Consumer<Order> alsoInTransaction) {
        String customerId = customerFor(caller, request);
        List<OrderLine> lines = priced(request.items());
        UUID id = UUID.randomUUID();
        String reservationId = id.toString();
        try {
            Order.Fulfilment arranged = fulfilment.arrange(reservationId, lines, request.shippingAddress());
            Order order = Order.place(id, customerId, lines, request.shippingAddress(), arranged, now());
            tx.executeWithoutResult(status -> {
                orders.insert(order);
                alsoInTransaction.accept(order);
            });
            payments.soon(); // its payment intent, now rather than at the next round
            return order;
        } catch (DependencyUnavailable failed) {
            // Inventory may have held the stock before failing to answer: release, but later (and
            // durably), rather than wait on a dependency that just failed. Shipping failing: now.
            if (failed.dependency().equals("inventory")) {
                releases.releaseLater(reservationId);
            } else {
                releases.release(reservationId);
            }
            throw failed;
        } catch (ClientDeadlineExceeded late) {
            // The caller's deadline also bounds a release made now: release later, durably.
            releases.releaseLater(reservationId);
            throw late;
        } catch (RuntimeException failed) {
            releases.release(reservationId); // idempotent, and harmless if nothing was held
            throw failed;
        }
    }

    /**
     * Makes sure an unpaid order can no longer be paid (its intent cancelled at the provider, whose
     * answer decides), cancels in the database, then returns the stock of an unpaid order (retried
     * until inventory takes it). A paid order's stock was sold; it is cancelled with a refund due,
     * and that refund is requested in the same transaction (the refund job sends it to the bank).
     *
     * <p>The order also changes by itself (its intent is attached just after it is placed, its
     * payment arrives): if it changed between the provider call and the commit, the whole cancel
     * starts again from the new version, so the intent cancelled is always the one the order has.
     * With If-Match, a change in between is the caller's 412, as it should be.
     */
    Order cancel(Caller caller, UUID id, String ifMatch) {
        for (int attempt = 1; ; attempt++) {
            Order seen = visible(caller, id);
            checkIfMatch(seen, ifMatch);
            try {
                payments.cancelPaymentOf(seen);
            } catch (PaymentProviderUnavailable e) {
                throw new DependencyUnavailable("payment provider", e.retryAfter(), e);
            }
            Order order;
            try {
                order = tx.execute(status -> {
                    Order current = visible(caller, id);
                    if (current.version() != seen.version()) {
                        return null; // changed meanwhile: start again
                    }
                    current.cancel(UUID.randomUUID(), now());
                    orders.update(current);
                    return current;
                });
            } catch (OptimisticLockingFailureException changedWhileSaving) {
                order = null; // changed between the read and the save: start again
            }
            if (order != null) {
                if (order.refundDue()) {
                    refunds.soon(); // its refund, requested with the cancel
                } else if (order.fulfilment().reservationId() != null) {
                    releases.release(order.fulfilment().reservationId());
                }
                return order;
            }
            if (attempt == 3) {
                throw new OptimisticLockingFailureException("Order " + id + " keeps changing");
            }
        }
    }

    private static void checkIfMatch(Order order, String ifMatch) {
        if (ifMatch != null && !ETags.strongMatch(ifMatch, order.etag())) {
            throw new OrderChangedSinceRead(order.etag(), ifMatch);
        }
    }

    @Transactional(readOnly = true)
    Order visible(Caller caller, UUID id) {
        // Another customer's order is indistinguishable from a missing one: ids cannot be probed.
        return orders.find(id).filter(o -> caller.mayAccess(o.customerId())).orElseThrow(() -> new OrderNotFound(id));
    }

    private String customerFor(Caller caller, PlaceOrderRequest request) {
        if (caller.isCustomer()) {
            if (request.customerId() != null && !request.customerId().equals(caller.customerId())) {
                throw new ForeignCustomer();
            }
            return caller.customerId();
        }
        if (request.customerId() == null) {
            throw new InvalidInput("customer_id", "is required with a partner token");
        }
        return request.customerId();
    }

    private List<OrderLine> priced(List<PlaceOrderRequest.Item> items) {
        List<FieldViolation> duplicates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!seen.add(items.get(i).sku())) {
                duplicates.add(new FieldViolation("items[" + i + "].sku", "appears more than once; combine the lines"));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new InvalidInput(duplicates);
        }
        Map<String, Product> products = catalog.findAll(seen);
        List<FieldViolation> unknown = new ArrayList<>();
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            Product product = products.get(item.sku());
            if (product == null) {
                unknown.add(new FieldViolation("items[" + i + "].sku", "unknown SKU " + item.sku()));
            } else {
                lines.add(new OrderLine(product.sku(), product.name(), item.quantity(), product.price()));
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownProducts(unknown);
        }
        return lines;
    }

    /** Microseconds: what both H2 and PostgreSQL store, so a stored time reads back equal. */
    private Instant now() {
        return Timestamps.stored(clock.instant());
    }
}
