package dev.orderflow.orders.order;

import static dev.orderflow.defaults.data.Timestamps.utc;

import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.fulfilment.Carrier;
import dev.orderflow.orders.fulfilment.Stockroom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A paid order's way to its customer: its shipment created at shipping ({@code CreateShipment},
 * idempotent by order id) → FULFILLING, then followed on the {@code TrackShipment} stream → SHIPPED
 * when the courier picks it up → DELIVERED. The last tracking sequence applied is stored with each
 * change, so a stream that breaks (either side restarting, a network fault, its deadline) is
 * resumed with {@code after_sequence} and no step is applied twice or missed.
 */
@Component
class ShipmentFlow extends Flow {

    private static final Logger log = LoggerFactory.getLogger(ShipmentFlow.class);

    private final Orders orders;
    private final Carrier carrier;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WorkflowProperties properties;
    private final TraceContexts traces;
    /** Orders whose stream is open in this instance, and when a broken one may be reopened. */
    private final Map<UUID, Instant> following = new ConcurrentHashMap<>();

    private final Map<UUID, Instant> resumeAfter = new ConcurrentHashMap<>();
    // A stream mostly waits: one virtual thread each.
    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();

    ShipmentFlow(
            Orders orders,
            Carrier carrier,
            JdbcClient jdbc,
            TransactionTemplate tx,
            Clock clock,
            WorkflowProperties properties,
            TraceContexts traces) {
        super("shipment-flow", properties.interval());
        this.traces = traces;
        this.orders = orders;
        this.carrier = carrier;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    /** One round: shipments for paid orders, then a stream for every order in transit that has none. */
    @Override
    void round() {
        for (UUID id : orders.idsInStatus(OrderStatus.PAID, properties.batch())) {
            try {
                ship(id);
            } catch (RuntimeException e) {
                log.info("Shipment of order {} waits: {}", id, e.getMessage());
                break; // shipping is down for every order alike
            }
        }
        Instant now = clock.instant();
        for (OrderStatus inTransit : new OrderStatus[] {OrderStatus.FULFILLING, OrderStatus.SHIPPED}) {
            for (UUID id : orders.idsInStatus(inTransit, 10 * properties.batch())) {
                Instant after = resumeAfter.get(id);
                if ((after == null || !now.isBefore(after)) && following.putIfAbsent(id, now) == null) {
                    streams.execute(() -> follow(id));
                }
            }
        }
    }

    /** Creates the paid order's shipment, in the trace of its payment (the order's last change). */
    void ship(UUID id) {
        traces.resume("ship order", orders.traceOf(id)).observe(() -> shipNow(id));
    }

    private void shipNow(UUID id) {
        Order order = orders.find(id).orElse(null);
        if (order == null || order.status() != OrderStatus.PAID) {
            return;
        }
        var address = order.shippingAddress();
        var shipment = carrier.ship(
                id.toString(),
                address.country(),
                address.postalCode(),
                address.city(),
                order.lines().stream()
                        .map(l -> new Stockroom.Line(l.sku(), l.quantity()))
                        .toList());
        boolean created = Boolean.TRUE.equals(tx.execute(status -> {
            Order current = orders.find(id).orElseThrow();
            if (current.status() != OrderStatus.PAID) {
                return false;
            }
            current.shipmentCreated(new Order.Shipment(shipment.shipmentId(), shipment.trackingNumber()), now());
            orders.update(current);
            jdbc.sql(
                            "INSERT INTO shipment_tracking (order_id, shipment_id, last_sequence, updated_at) VALUES (?, ?, 0, ?)")
                    .params(id, shipment.shipmentId(), utc(clock.instant()))
                    .update();
            return true;
        }));
        if (!created) {
            // Cancelled between payment and shipment: shipping has no cancellation (shipping.proto).
            log.warn("Shipment {} was created for order {}, which is no longer PAID", shipment.shipmentId(), id);
        } else {
            soon(); // start following it now
        }
    }

    /**
     * Follows one order's shipment until it is delivered or the stream breaks (resumed by a later
     * round), in the trace of the order's last change (its shipment's creation, or its last step).
     */
    private void follow(UUID id) {
        traces.resume("follow shipment", orders.traceOf(id)).observe(() -> followNow(id));
    }

    private void followNow(UUID id) {
        try {
            var tracking = jdbc.sql("SELECT shipment_id, last_sequence FROM shipment_tracking WHERE order_id = ?")
                    .param(id)
                    .query((rs, row) -> new Object[] {rs.getString(1), rs.getLong(2)})
                    .optional();
            if (tracking.isEmpty()) {
                return;
            }
            String shipmentId = (String) tracking.get()[0];
            long after = (Long) tracking.get()[1];
            carrier.track(shipmentId, after, step -> apply(id, step));
            resumeAfter.remove(id);
        } catch (RuntimeException e) {
            log.info("Tracking of order {} broke ({}); resuming shortly", id, e.getMessage());
            resumeAfter.put(id, clock.instant().plus(Duration.ofSeconds(2)));
        } finally {
            following.remove(id);
        }
    }

    /** One tracking step, applied once: the sequence moves forward in the transaction of the change. */
    void apply(UUID id, Carrier.TrackingStep step) {
        tx.executeWithoutResult(status -> {
            int fresh = jdbc.sql(
                            "UPDATE shipment_tracking SET last_sequence = ?, updated_at = ? WHERE order_id = ? AND last_sequence < ?")
                    .params(step.sequence(), utc(clock.instant()), id, step.sequence())
                    .update();
            if (fresh == 0) {
                return; // seen before (a resumed stream repeats nothing, but two instances may both follow)
            }
            Order order = orders.find(id).orElseThrow();
            if (step.delivered()
                    && (order.status() == OrderStatus.FULFILLING || order.status() == OrderStatus.SHIPPED)) {
                order.delivered(now());
            } else if (step.pickedUp() && order.status() == OrderStatus.FULFILLING) {
                order.shipped(now());
            } else {
                return;
            }
            orders.update(order);
        });
    }

    private Instant now() {
        return Timestamps.stored(clock.instant());
    }

    @Override
    public void destroy() throws InterruptedException {
        super.destroy();
        streams.shutdownNow();
    }
}
