package dev.orderflow.sdk.rest;

import java.time.Instant;
import java.util.List;

/**
 * The REST resources as Java records (JSON members in snake_case map to these camelCase components;
 * members this version does not know are ignored, so a newer server does not break an older SDK).
 */
public final class Models {

    private Models() {}

    /** An amount in minor units (cents) and its ISO 4217 currency. */
    public record Money(long amountMinor, String currency) {
        @Override
        public String toString() {
            return "%d.%02d %s".formatted(amountMinor / 100, amountMinor % 100, currency);
        }
    }

    public record Product(String sku, String name, String description, Money price) {}

    public record ProductPage(List<Product> items, int page, int size, long totalItems, int totalPages) {}

    public record Address(String name, String line1, String line2, String city, String postalCode, String country) {
        public Address(String name, String line1, String city, String postalCode, String country) {
            this(name, line1, null, city, postalCode, country);
        }
    }

    public record Line(String sku, int quantity) {}

    /** What placing an order sends; prices and totals are always the server's. */
    public record PlaceOrder(String customerId, List<Line> items, Address shippingAddress) {}

    public record OrderLine(String sku, String name, int quantity, Money unitPrice, Money lineTotal) {}

    public record Shipping(Money price, Integer etaDays, String reservationId, Instant estimatedDelivery) {}

    public record Payment(String intentId, String status, String clientSecret) {}

    public record Shipment(String shipmentId, String trackingNumber) {}

    public record Order(
            String id,
            String customerId,
            String status,
            List<OrderLine> items,
            Address shippingAddress,
            Money subtotal,
            Shipping shipping,
            Money total,
            Payment payment,
            Shipment shipment,
            boolean refundDue,
            Money refunded,
            Money refundable,
            Instant createdAt,
            Instant updatedAt) {}

    /** An order and its version ({@code ETag}), for conditional requests. */
    public record Versioned<T>(T value, String etag) {}

    public record OrderPage(List<Order> items, String nextCursor) {}

    public record RefundRequest(Money amount, String reason) {}

    public record Refund(
            String id,
            String orderId,
            Money amount,
            String reason,
            String status,
            String failureReason,
            Instant createdAt,
            Instant updatedAt) {}

    public record RefundList(List<Refund> items) {}

    public record EndpointRequest(String url, String description, List<String> eventTypes, String signatureScheme) {}

    public record Endpoint(
            String id,
            String url,
            String description,
            List<String> eventTypes,
            String signatureScheme,
            boolean enabled,
            String disabledReason,
            Instant disabledAt,
            Instant createdAt,
            Instant updatedAt,
            String secret) {}

    public record Message(
            String id,
            String eventType,
            String status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Integer lastStatus) {}
}
