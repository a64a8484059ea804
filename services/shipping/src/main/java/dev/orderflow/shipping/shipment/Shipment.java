package dev.orderflow.shipping.shipment;

import java.time.Instant;

public record Shipment(
        String id,
        String orderId,
        String trackingNumber,
        Status status,
        String country,
        String postalCode,
        String city,
        String courierId,
        Instant createdAt) {

    /** The tracking steps, in order; the simulated clock moves a shipment one step at a time. */
    public enum Status {
        LABEL_CREATED("Label created"),
        PICKED_UP("Picked up by the courier"),
        IN_TRANSIT("In transit"),
        OUT_FOR_DELIVERY("Out for delivery"),
        DELIVERED("Delivered");

        public final String description;

        Status(String description) {
            this.description = description;
        }

        Status next() {
            return values()[Math.min(ordinal() + 1, values().length - 1)];
        }
    }

    public record TrackingEvent(
            String shipmentId, long sequence, Status status, Instant occurredAt, String description) {}
}
