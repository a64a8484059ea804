package dev.orderflow.defaults.kafka;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The listener container of a consumer that applies each record in its own database transaction.
 * Offsets are committed after the records' work, once per poll (Spring Kafka's batch
 * acknowledgement): a crash in between reads the poll's applied records again, which consumers
 * recognise by their event ids. Committing after every record instead (record acknowledgement)
 * cost a synchronous round trip to the broker per event: analytics applied about 17 events a second
 * while orders produced 100 in the long broker run. A failure of the work is retried with backoff
 * (0.5 s doubling to 30 s) for as long as it takes, never skipped (Spring Kafka's {@link
 * DefaultErrorHandler}), from that record on: the consumer seeks back to it, not to the start of
 * the poll. Records a consumer cannot read at all it skips itself.
 */
public final class RecordListeners {

    private RecordListeners() {}

    public static <K, V> KafkaMessageListenerContainer<K, V> applyingEachRecord(
            ConsumerFactory<K, V> consumers, String topic, GenericMessageListener<?> listener) {
        var container = new ContainerProperties(topic);
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        container.setObservationEnabled(true); // a consumer span per record, continuing the producer's trace
        container.setMessageListener(listener);
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000); // and no end: the consumer waits for its database
        var listenerContainer = new KafkaMessageListenerContainer<>(consumers, container);
        listenerContainer.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return listenerContainer;
    }
}
