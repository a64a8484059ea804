package dev.orderflow.shipping.shipment;

import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.shipping.shipment.Shipment.Status;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shipments and their tracking. The simulated clock moves each shipment one step per
 * {@code orderflow.shipping.step-interval}; a courier's delivery confirmation delivers it at once.
 * Each move is one transaction (status + tracking event); watchers hear of it after the commit.
 */
@Service
public class ShipmentDesk implements SchedulingConfigurer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Shipments shipments;
    private final TrackingHub hub;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ShippingProperties properties;
    private final Duration step;

    ShipmentDesk(
            Shipments shipments, TrackingHub hub, TransactionTemplate tx, Clock clock, ShippingProperties properties) {
        this.shipments = shipments;
        this.hub = hub;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.step = properties.stepInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::tick, properties.tick());
    }

    public record NewShipment(String orderId, String country, String postalCode, String city) {}

    /** Idempotent by order id: the order's shipment, created on the first call. */
    public Shipment create(NewShipment request) {
        Instant now = now();
        var shipment = new Shipment(
                UUID.randomUUID().toString(),
                request.orderId(),
                trackingNumber(),
                Status.LABEL_CREATED,
                request.country(),
                request.postalCode(),
                request.city(),
                null,
                now);
        var event = new Shipment.TrackingEvent(
                shipment.id(), 1, Status.LABEL_CREATED, now, Status.LABEL_CREATED.description);
        try {
            tx.executeWithoutResult(status -> {
                shipments.insert(shipment, now.plus(step));
                shipments.addEvent(event);
            });
        } catch (DuplicateKeyException repeated) {
            return shipments.findByOrder(request.orderId()).orElseThrow(() -> repeated);
        }
        hub.publish(event);
        return shipment;
    }

    public Optional<Shipment> find(String id) {
        return shipments.find(id);
    }

    public List<Shipment.TrackingEvent> events(String shipmentId, long afterSequence) {
        return shipments.events(shipmentId, afterSequence);
    }

    /** The simulated clock's tick: every shipment whose next step is due moves on by one. */
    public void tick() {
        for (Shipment due : shipments.due(now(), 500)) {
            move(due, due.status().next());
        }
    }

    /** A courier's confirmation: delivered now, whatever step the clock had reached. */
    public Optional<Shipment> deliver(String shipmentId) {
        return shipments.find(shipmentId).map(shipment -> {
            if (shipment.status() != Status.DELIVERED) {
                move(shipment, Status.DELIVERED);
            }
            return shipments.find(shipmentId).orElseThrow();
        });
    }

    public List<Shipment> assignTo(String courierId, int limit) {
        return shipments.assignTo(courierId, limit);
    }

    private void move(Shipment shipment, Status to) {
        Instant now = now();
        Shipment.TrackingEvent event = tx.execute(status -> {
            if (!shipments.advance(shipment.id(), shipment.status(), to, now.plus(step))) {
                return null; // moved by someone else meanwhile
            }
            long sequence = shipments.events(shipment.id(), 0).size() + 1L;
            var added = new Shipment.TrackingEvent(shipment.id(), sequence, to, now, to.description);
            shipments.addEvent(added);
            return added;
        });
        if (event != null) {
            hub.publish(event);
        }
    }

    private Instant now() {
        return Timestamps.stored(clock.instant());
    }

    private static String trackingNumber() {
        return "OF" + String.format("%012d", Math.abs(RANDOM.nextLong() % 1_000_000_000_000L));
    }
}
