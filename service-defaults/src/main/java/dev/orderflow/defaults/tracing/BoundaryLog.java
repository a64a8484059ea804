package dev.orderflow.defaults.tracing;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per boundary crossing a service received (an HTTP request, a gRPC call, a Kafka
 * record, work resumed from an outbox), with the trace and span ids of its span: so a trace id
 * found in Zipkin finds, in every service's log, what that service did for it. Logger {@code
 * orderflow.boundaries}, at INFO; a busy production sets it to WARN.
 *
 * <p>Logged when the observation stops, by which time its span's scope is closed; the span's ids
 * are put in the MDC for the line (where the structured log format takes them from).
 */
final class BoundaryLog implements ObservationHandler<Observation.Context> {

    private static final Logger log = LoggerFactory.getLogger("orderflow.boundaries");

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ReceiverContext<?> && log.isInfoEnabled();
    }

    @Override
    public void onStart(Observation.Context context) {
        context.put(Started.class, new Started(System.nanoTime()));
    }

    @Override
    public void onStop(Observation.Context context) {
        Started started = context.get(Started.class);
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        var span = tracing != null ? tracing.getSpan() : null;
        String name = context.getContextualName() != null ? context.getContextualName() : context.getName();
        var keyValues = context.getLowCardinalityKeyValues();
        String tags = OUTCOME.stream()
                .map(key -> keyValues.stream()
                        .filter(tag -> tag.getKey().equals(key))
                        .map(KeyValue::getValue)
                        .findFirst()
                        .orElse(null))
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.joining(" "));
        long millis = started == null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started.nanos());
        String error = context.getError() != null ? " failed: " + context.getError() : "";
        if (span == null) {
            log.info("{} {} in {} ms{}", name, tags, millis, error);
            return;
        }
        try (var traceId = MDC.putCloseable("traceId", span.context().traceId());
                var spanId = MDC.putCloseable("spanId", span.context().spanId())) {
            log.info("{} {} in {} ms{}", name, tags, millis, error);
        }
    }

    /** The tags that say how it ended (HTTP status and outcome, gRPC status) or where from (topic). */
    private static final List<String> OUTCOME =
            List.of("status", "grpc.status_code", "outcome", "messaging.destination.name");

    private record Started(long nanos) {}
}
