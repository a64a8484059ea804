package dev.orderflow.defaults.kafka;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The listener container of a consumer that applies each record in its own database transaction:
 * the offset is committed only after the record's work (Spring Kafka's record acknowledgement), so
 * a crash in between reads the record again (consumers recognise it by its event id), and a failure
 * of the work is retried with backoff (0.5 s doubling to 30 s) for as long as it takes, never
 * skipped (Spring Kafka's {@link DefaultErrorHandler}). Records a consumer cannot read at all it
 * skips itself.
 */
public final class RecordListeners {

    private RecordListeners() {}

    public static <K, V> KafkaMessageListenerContainer<K, V> applyingEachRecord(
            ConsumerFactory<K, V> consumers, String topic, GenericMessageListener<?> listener) {
        var container = new ContainerProperties(topic);
        container.setAckMode(ContainerProperties.AckMode.RECORD);
        container.setObservationEnabled(true); // a consumer span per record, continuing the producer's trace
        container.setMessageListener(listener);
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000); // and no end: the consumer waits for its database
        var listenerContainer = new KafkaMessageListenerContainer<>(consumers, container);
        listenerContainer.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return listenerContainer;
    }
}
