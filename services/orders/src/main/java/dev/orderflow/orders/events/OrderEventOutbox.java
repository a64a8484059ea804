package dev.orderflow.orders.events;

import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.order.OrderEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write side of the transactional outbox: each order event is inserted into
 * {@code order_event_outbox} in the transaction of the change that raised it (an event published
 * outside a transaction is a programming error and fails the change). Once that transaction
 * commits, the {@link OrderEventRelay} is woken to send it. The row keeps the trace of the change,
 * which the relay continues when it sends the event.
 */
@Component
class OrderEventOutbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OrderEventRelay relay;
    private final TraceContexts traces;

    OrderEventOutbox(JdbcClient jdbc, JsonMapper json, OrderEventRelay relay, TraceContexts traces) {
        this.jdbc = jdbc;
        this.json = json;
        this.relay = relay;
        this.traces = traces;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void store(OrderEvent event) {
        jdbc.sql("INSERT INTO order_event_outbox (order_id, sequence, event, created_at, trace_parent)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(
                        event.orderId(),
                        event.sequence(),
                        json.writeValueAsString(event),
                        Instant.now().atOffset(ZoneOffset.UTC),
                        traces.current())
                .update();
        // The trace that changed the order can be found by the order (the protocol X-ray reads it).
        traces.tag(OrderEventRelay.ORDER_ID, event.orderId().toString());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake();
            }
        });
    }
}
