package dev.orderflow.analytics.query;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the schema's types are made of: records whose names are the schema's field names. */
final class Views {

    private Views() {}

    record Money(long amountMinor, String currency) {
        static Money of(Long amount, String currency) {
            return amount == null || currency == null ? null : new Money(amount, currency);
        }
    }

    /** An order as the read model has it; {@code address} is personal data, shown only with the pii scope. */
    record OrderView(
            UUID id,
            int version,
            String status,
            String customerId,
            Money total,
            Money shippingPrice,
            PaymentView payment,
            ShipmentView shipment,
            Money refunded,
            AddressView address,
            OffsetDateTime placedAt,
            OffsetDateTime paidAt,
            OffsetDateTime deliveredAt,
            OffsetDateTime updatedAt,
            OffsetDateTime listedAt) {}

    record PaymentView(String intentId, String status) {}

    record ShipmentView(String shipmentId, String trackingNumber) {}

    record AddressView(String name, String line1, String line2, String city, String postalCode, String country) {}

    record CustomerView(String id, int orderCount, OffsetDateTime firstOrderAt) {}

    /** A product as an order line shows it (joined in the same query as the lines). */
    record ProductView(String sku, String name, Money lastPrice) {}

    record ItemView(String sku, ProductView product, int quantity, Money unitPrice, Money lineTotal) {}

    record RefundView(
            UUID id, Money amount, String status, String reason, String failureReason, OffsetDateTime updatedAt) {}

    record TransitionView(int sequence, String from, String to, String eventType, OffsetDateTime at) {}

    record DailySales(LocalDate day, String currency, int orders, int units, long revenue, long refunds) {}

    record ProductSales(ProductView product, int units, List<Money> revenue) {}

    record StatusCount(String status, int count) {}

    record FulfilmentTiming(int delivered, Double p50Seconds, Double p90Seconds, Double p99Seconds) {}

    record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}

    record OrderEdge(OrderView node, String cursor) {}

    /** A page of orders; {@code query} is kept so that totalCount is counted only when asked for. */
    record OrderConnection(List<OrderEdge> edges, PageInfo pageInfo, OrderQuery query) {}

    /** What a list of orders is filtered by. */
    record OrderQuery(List<String> statuses, String customerId, OffsetDateTime from, OffsetDateTime to) {}

    record OrderUpdate(
            UUID orderId, String eventType, int version, String status, OffsetDateTime at, OrderView order) {}
}
