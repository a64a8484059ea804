package dev.orderflow.orders.events;

import dev.orderflow.orders.order.OrderEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An order event as the CloudEvent the contract describes ({@code contracts/asyncapi/order-events.yaml}):
 * binary mode on Kafka (the {@code ce_*} headers and the JSON data, written by the CloudEvents SDK's
 * Kafka binding in {@link OrderEventRelay}), keyed by order id, with the per-order sequence as the
 * {@code ordersequence} extension.
 */
final class OrderCloudEvents {

    static final URI SOURCE = URI.create("/orderflow/orders");

    private OrderCloudEvents() {}

    static CloudEvent toCloudEvent(OrderEvent event, JsonMapper json) {
        return CloudEventBuilder.v1()
                .withId(event.eventId().toString())
                .withSource(SOURCE)
                .withType(event.type().cloudEventType())
                .withSubject(event.orderId().toString())
                .withTime(event.occurredAt().atOffset(ZoneOffset.UTC))
                .withExtension("ordersequence", event.sequence())
                .withDataContentType("application/json")
                .withData(json.writeValueAsBytes(data(event)))
                .build();
    }

    /** The record value: the contract's payload of the event's type. */
    static Map<String, Object> data(OrderEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order_id", event.orderId());
        data.put("customer_id", event.customerId());
        data.put("sequence", event.sequence());
        if (event.oldStatus() != null) {
            data.put("old_status", event.oldStatus());
        }
        data.put("new_status", event.newStatus());
        data.put("occurred_at", event.occurredAt());
        if (event.placed() != null) {
            data.put("items", event.placed().items());
            data.put("shipping", event.placed().shipping());
            data.put("total", event.placed().total());
            data.put("shipping_address", event.placed().shippingAddress());
        }
        if (event.payment() != null) {
            data.put("payment", event.payment());
        }
        if (event.shipment() != null) {
            data.put("shipment", event.shipment());
        }
        if (event.reason() != null) {
            data.put("reason", event.reason());
        }
        if (event.refundDue() != null) {
            data.put("refund_due", event.refundDue());
        }
        if (event.refund() != null) {
            data.put("refund", event.refund().refund());
            data.put("refunded", event.refund().refunded());
            data.put("refundable", event.refund().refundable());
        }
        return data;
    }
}
