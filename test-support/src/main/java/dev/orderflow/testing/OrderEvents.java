package dev.orderflow.testing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Order events as orders publishes them (CloudEvents, binary mode, keyed by order id), each payload
 * checked against the AsyncAPI contract before it is sent, so the read model is tested on what the
 * contract allows and nothing else.
 */
public final class OrderEvents implements AutoCloseable {

    public static final String TOPIC = "orderflow.order-events";
    private static final AsyncApiContract contract = AsyncApiContract.orderEvents();

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public OrderEvents(String bootstrapServers) {
        this(bootstrapServers, TOPIC);
    }

    /** On another topic than orders' (a test context of its own, say). */
    public OrderEvents(String bootstrapServers, String topic) {
        this.topic = topic;
        TestKafka.declareTopic(bootstrapServers, topic, 6);
        this.producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** One event, built from its parts; returns it (to send again as a duplicate). */
    public record Event(UUID id, UUID orderId, String type, int sequence, Instant at, String data) {}

    /** An order's life in events, built step by step with consecutive sequences. */
    public static final class Life {
        public final UUID orderId = UUID.randomUUID();
        public final String customer;
        public final String sku;
        public final int quantity;
        public final long unitPrice;
        public final long shipping = 490;
        public int sequence;
        public String status;
        public Instant at;

        public Life(String customer, String sku, int quantity, long unitPrice, Instant placedAt) {
            this.customer = customer;
            this.sku = sku;
            this.quantity = quantity;
            this.unitPrice = unitPrice;
            this.at = placedAt;
        }

        public long total() {
            return unitPrice * quantity + shipping;
        }

        public Event placed() {
            sequence = 1;
            status = "AWAITING_PAYMENT";
            return event(
                    "placed",
                    "OrderPlaced",
                    null,
                    """
                    ,"items":[{"sku":"%s","name":"Product %s","quantity":%d,"unit_price":{"amount_minor":%d,"currency":"EUR"}}],\
                    "shipping":{"amount_minor":%d,"currency":"EUR"},"total":{"amount_minor":%d,"currency":"EUR"},\
                    "shipping_address":{"name":"Ada Analyst","line1":"1 Data Street","city":"Lyon","postal_code":"69001","country":"FR"}"""
                            .formatted(sku, sku, quantity, unitPrice, shipping, total()));
        }

        public Event paymentUpdated() {
            return next(
                    "payment_updated",
                    "OrderPaymentUpdated",
                    status,
                    ",\"payment\":{\"intent_id\":\"pi_" + hex()
                            + "\",\"status\":\"requires_payment_method\"},\"refund_due\":false");
        }

        public Event paid() {
            return next(
                    "paid",
                    "OrderPaid",
                    "PAID",
                    ",\"payment\":{\"intent_id\":\"pi_" + hex() + "\",\"status\":\"succeeded\"}");
        }

        public Event shipmentCreated() {
            return next("shipment_created", "OrderShipmentCreated", "FULFILLING", shipment());
        }

        public Event shipped() {
            return next("shipped", "OrderShipped", "SHIPPED", shipment());
        }

        public Event delivered() {
            return next("delivered", "OrderDelivered", "DELIVERED", shipment());
        }

        public Event cancelled() {
            return next("cancelled", "OrderCancelled", "CANCELLED", ",\"reason\":\"requested\",\"refund_due\":false");
        }

        public Event refunded(UUID refundId, long amount, long refundedTotal) {
            return next(
                    "refunded",
                    "OrderRefunded",
                    status,
                    """
                    ,"refund":{"refund_id":"%s","amount":{"amount_minor":%d,"currency":"EUR"},"status":"REFUNDED","reason":"returned"},\
                    "refunded":{"amount_minor":%d,"currency":"EUR"},"refundable":{"amount_minor":%d,"currency":"EUR"},"refund_due":false"""
                            .formatted(refundId, amount, refundedTotal, total() - refundedTotal));
        }

        private String shipment() {
            return ",\"shipment\":{\"shipment_id\":\"shp-" + orderId + "\",\"tracking_number\":\"OF123\"}";
        }

        private String hex() {
            return orderId.toString().replace("-", "").substring(0, 20);
        }

        private Event next(String type, String message, String newStatus, String extra) {
            String old = status;
            sequence++;
            status = newStatus;
            at = at.plusSeconds(60);
            return event(type, message, old, extra);
        }

        private Event event(String type, String message, String oldStatus, String extra) {
            String data =
                    "{\"order_id\":\"%s\",\"customer_id\":\"%s\",\"sequence\":%d,%s\"new_status\":\"%s\",\"occurred_at\":\"%s\"%s}"
                            .formatted(
                                    orderId,
                                    customer,
                                    sequence,
                                    oldStatus == null
                                            ? "\"old_status\":null,"
                                            : "\"old_status\":\"" + oldStatus + "\",",
                                    status,
                                    at,
                                    extra);
            contract.assertPayload(message, data);
            return new Event(UUID.randomUUID(), orderId, type, sequence, at, data);
        }
    }

    public void send(Event event) {
        send(event, "dev.orderflow.order." + event.type());
    }

    /** The event under another type (a type from a later version, say). */
    public void send(Event event, String type) {
        try {
            producer.send(record(topic, event, type)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Kafka record orders would write for this event: a CloudEvent in binary mode, keyed by order id. */
    public static ProducerRecord<String, byte[]> record(String topic, Event event, String type) {
        CloudEvent cloudEvent = CloudEventBuilder.v1()
                .withId(event.id().toString())
                .withSource(URI.create("/orderflow/orders"))
                .withType(type)
                .withSubject(event.orderId().toString())
                .withTime(event.at().atOffset(ZoneOffset.UTC))
                .withExtension("ordersequence", event.sequence())
                .withDataContentType("application/json")
                .withData(event.data().getBytes(StandardCharsets.UTF_8))
                .build();
        return KafkaMessageFactory.createWriter(topic, event.orderId().toString())
                .writeBinary(cloudEvent);
    }

    /** A record that is no CloudEvent at all. */
    public void sendGarbage(String key) {
        try {
            producer.send(new ProducerRecord<>(topic, key, "not an event".getBytes(StandardCharsets.UTF_8)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
