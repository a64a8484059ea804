package dev.orderflow.orders.fulfilment;

import dev.orderflow.orders.Money;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Shipping quotes, as the orders domain needs them; the gRPC client of shipping stays behind it. */
public interface Carrier {

    /** @throws DependencyUnavailable when shipping cannot answer in time */
    Quote quote(String country, String postalCode, String city, List<Stockroom.Line> lines);

    /**
     * The order's shipment, created on the first call (idempotent by order id).
     *
     * @throws DependencyUnavailable when shipping cannot answer in time
     */
    Shipment ship(String orderId, String country, String postalCode, String city, List<Stockroom.Line> lines);

    /**
     * Follows a shipment: every tracking step after {@code afterSequence}, then each new one as it
     * happens, until the shipment is delivered (returns normally) or the stream breaks (throws;
     * resume with the last sequence seen). Blocks the calling thread.
     */
    void track(String shipmentId, long afterSequence, Consumer<TrackingStep> steps);

    record Quote(Money price, int etaDays, Instant estimatedDelivery) {}

    record Shipment(String shipmentId, String trackingNumber) {}

    /** @param status PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, ... (shipping.proto's names) */
    record TrackingStep(long sequence, String status, Instant occurredAt) {

        public boolean pickedUp() {
            return !status.equals("LABEL_CREATED");
        }

        public boolean delivered() {
            return status.equals("DELIVERED");
        }
    }
}
