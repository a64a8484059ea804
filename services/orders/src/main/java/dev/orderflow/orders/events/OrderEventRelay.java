package dev.orderflow.orders.events;

import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.order.OrderEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read side of the transactional outbox: one thread that sends the rows of
 * {@code order_event_outbox} to Kafka and deletes each row once Kafka acknowledged its event.
 *
 * <p><b>Why hand-written.</b> Spring Modulith's registry (which this replaces) republishes what a
 * crash or a failed send left behind one publication at a time, with no notion of the aggregate:
 * after a kill of orders the topic held an order's sequence 2 before its sequence 1 (FaultsIT,
 * [2, 1, 2]), and its JDBC store did not resubmit a failed send until the next restart. Kafka's
 * idempotent producer keeps the order of what it is given, not of what is given to it again later.
 * The guarantee consumers need is per order, so it is kept here, per order: <em>an event is sent
 * only once every earlier event of its order was acknowledged</em>. Each round sends, per order,
 * only its oldest row (lowest sequence) and waits for the acknowledgements before the next round;
 * an order's next event goes out in the round after.
 *
 * <p>What that gives:
 * <ul>
 *   <li>no per-order inversion on the topic, whatever fails (a kill at any point, a broker down for
 *       longer than the producer's delivery timeout, a send refused): a row leaves only after its
 *       acknowledgement, and its successor is read only after it left;
 *   <li>nothing lost: a row stays until acknowledged, and is sent again in a later round (after a
 *       backoff when a round failed) or by the next instance to start;
 *   <li>a repeat (at least once): a kill between the acknowledgement and the delete sends the event
 *       again, with the same CloudEvent id, which consumers drop. A repeat never precedes its
 *       original, so first deliveries stay in order.
 * </ul>
 *
 * <p><b>Several instances.</b> Each round runs in one transaction that first takes the single row
 * of {@code order_event_relay_lock} with {@code FOR UPDATE SKIP LOCKED}: one relay sends at a time,
 * the others find the row locked and wait for their next poll, so two instances do not each send
 * the same rows. A relay that dies mid-round releases the lock with its connection; the next one
 * sends what it left (a repeat at most, as above). The cost: a commit on an instance that is not
 * relaying waits for the relaying instance's next poll ({@code poll-interval}).
 *
 * <p>Latency: a commit wakes the relay, so an event normally leaves within a round trip to the
 * broker; otherwise the relay looks every {@code poll-interval}.
 */
@Component
class OrderEventRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderEventRelay.class);

    /** The span tag naming the order a trace changed or published (orders.yaml's X-ray reads traces by it). */
    static final String ORDER_ID = "orderflow.order_id";

    private static final IntervalFunction BACKOFF =
            IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(250), 2.0, 0.5, Duration.ofSeconds(10));

    private final JdbcClient jdbc;
    private final TransactionTemplate rounds;
    private volatile boolean relaying;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final String topic;
    private final PublicationProperties properties;
    private final TraceContexts traces;
    private final Semaphore wake = new Semaphore(0);
    private final Counter acknowledgedEvents;
    private final Counter failedSends;
    private volatile boolean running;
    private volatile long drainUntilNanos;
    private Thread thread;

    OrderEventRelay(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            KafkaTemplate<String, byte[]> kafka,
            JsonMapper json,
            OrderEventsTopic.Properties topic,
            PublicationProperties properties,
            MeterRegistry meters,
            TraceContexts traces) {
        this.jdbc = jdbc;
        this.traces = traces;
        this.rounds = new TransactionTemplate(transactions);
        this.acknowledgedEvents = Counter.builder("orderflow.outbox.sent")
                .description("Order events Kafka acknowledged and the outbox let go")
                .register(meters);
        this.failedSends = Counter.builder("orderflow.outbox.failed")
                .description("Sends of order events Kafka did not acknowledge (each is sent again)")
                .register(meters);
        Gauge.builder("orderflow.outbox.pending", this, OrderEventRelay::pending)
                .description("Order events in the outbox, not yet acknowledged by Kafka")
                .register(meters);
        this.kafka = kafka;
        this.json = json;
        this.topic = topic.topic();
        this.properties = properties;
    }

    /** A commit stored events: look now rather than at the next poll. */
    void wake() {
        wake.release();
    }

    private void run() {
        int failedRounds = 0;
        while (running || System.nanoTime() < drainUntilNanos) {
            Round round;
            try {
                round = relayOnce();
            } catch (RuntimeException e) { // the database, most likely: try again after a backoff
                log.warn("Order events: reading or clearing the outbox failed; trying again", e);
                round = new Round(0, 1);
            }
            if (!running && round.sent() == 0 && round.failed() == 0) {
                return; // drained
            }
            if (round.failed() > 0 && round.sent() == 0) { // Kafka (or the database) is not there
                backOff(Duration.ofMillis(BACKOFF.apply(++failedRounds)));
            } else if (round.sent() == 0) {
                failedRounds = 0;
                pause(properties.pollInterval());
            } else {
                failedRounds = 0;
            }
        }
    }

    /** After a failed round: new commits do not cut this wait short (they would only fail too). */
    private static void backOff(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until the next poll, or sooner if a commit stored events. */
    private void pause(Duration duration) {
        try {
            if (wake.tryAcquire(duration.toNanos(), TimeUnit.NANOSECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The outcome of one round: events acknowledged (and deleted), events whose send failed. */
    record Round(int sent, int failed) {}

    private record Row(long id, UUID orderId, long sequence, String event, String traceParent) {}

    /**
     * One round, if no other instance's relay is in one: sends each order's oldest outstanding
     * event, waits for Kafka, deletes what it acknowledged.
     */
    Round relayOnce() {
        wake.drainPermits(); // whatever is committed from here on is read below or wakes the next round
        return rounds.execute(tx -> {
            boolean locked = !jdbc.sql("SELECT id FROM order_event_relay_lock WHERE id = 1 FOR UPDATE SKIP LOCKED")
                    .query(Integer.class)
                    .list()
                    .isEmpty();
            if (locked != relaying) {
                relaying = locked;
                log.info(
                        locked
                                ? "Order events: this instance relays the outbox"
                                : "Order events: another instance relays the outbox; this one waits");
            }
            return locked ? sendOldestOfEachOrder() : new Round(0, 0);
        });
    }

    private Round sendOldestOfEachOrder() {
        Map<UUID, Row> oldestPerOrder = new LinkedHashMap<>();
        jdbc.sql("SELECT id, order_id, sequence, event, trace_parent FROM order_event_outbox ORDER BY id LIMIT ?")
                .param(properties.batchSize())
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        rs.getObject("order_id", UUID.class),
                        rs.getLong("sequence"),
                        rs.getString("event"),
                        rs.getString("trace_parent")))
                .list()
                .forEach(row -> oldestPerOrder.merge(
                        row.orderId(), row, (kept, other) -> kept.sequence() <= other.sequence() ? kept : other));
        if (oldestPerOrder.isEmpty()) {
            return new Round(0, 0);
        }
        Map<Row, CompletableFuture<?>> sends = new LinkedHashMap<>();
        for (Row row : oldestPerOrder.values()) {
            sends.put(row, send(row));
        }
        long deadline = System.nanoTime() + properties.ackTimeout().toNanos();
        List<Long> acknowledged = new ArrayList<>();
        int failed = 0;
        for (var send : sends.entrySet()) {
            try {
                send.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(send.getKey().id());
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                failed++;
                log.debug(
                        "Order event {} not acknowledged; it stays in the outbox",
                        send.getKey().id(),
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed++;
            }
        }
        acknowledgedEvents.increment(acknowledged.size());
        failedSends.increment(failed);
        if (failed > 0) {
            log.warn("Order events: {} of {} not acknowledged by Kafka; they stay in the outbox", failed, sends.size());
        }
        if (!acknowledged.isEmpty()) {
            jdbc.sql("DELETE FROM order_event_outbox WHERE id IN (:ids)")
                    .param("ids", acknowledged)
                    .update();
        }
        return new Round(acknowledged.size(), failed);
    }

    private double pending() {
        return jdbc.sql("SELECT COUNT(*) FROM order_event_outbox")
                .query(Long.class)
                .single();
    }

    /**
     * Sends one row in the trace of the change that stored it: the relay's span continues that
     * trace, and a producer span under it writes the trace context into the record's headers
     * ({@code traceparent}). By hand, not with KafkaTemplate's observation: that looks up the
     * cluster id with an admin call before each send until it has one, which blocks the relay for
     * the admin's timeout on every send while the broker is down (seen: a stopped instance's relay
     * held its round's lock and the next instance sent nothing).
     */
    private CompletableFuture<?> send(Row row) {
        try {
            OrderEvent event = json.readValue(row.event(), OrderEvent.class);
            ProducerRecord<String, byte[]> record = KafkaMessageFactory.createWriter(
                            topic, event.orderId().toString())
                    .writeBinary(OrderCloudEvents.toCloudEvent(event, json));
            try (var sending =
                    traces.sendLater("order event", row.traceParent(), "kafka", (name, value) -> record.headers()
                            .add(name, value.getBytes(StandardCharsets.US_ASCII)))) {
                sending.tag(ORDER_ID, event.orderId().toString());
                sending.tag("messaging.destination.name", topic);
                sending.tag("messaging.message.body.size", String.valueOf(record.value().length));
                return kafka.send(record);
            }
        } catch (RuntimeException e) { // the producer refused it at once (no metadata within max.block.ms)
            return CompletableFuture.failedFuture(e);
        }
    }

    // Starts before the web server takes requests (what a crash left behind goes first) and stops
    // after the web server's graceful shutdown, draining the outbox for up to drain-timeout, before
    // the Kafka producer closes.
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("order-events-relay").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        drainUntilNanos = System.nanoTime() + properties.drainTimeout().toNanos();
        running = false;
        wake();
        try {
            thread.join(properties.drainTimeout().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
