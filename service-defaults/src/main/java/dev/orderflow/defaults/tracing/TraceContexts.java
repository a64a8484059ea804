package dev.orderflow.defaults.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One trace across work that does not happen in the request that caused it.
 *
 * <p>Micrometer Tracing carries the trace on every hop it instruments (Spring MVC, RestClient, gRPC,
 * Kafka). Two kinds of hop it cannot see, and this class covers with its own API:
 * <ul>
 *   <li><b>Work done later, by another thread</b> (the outbox relay, a webhook's next attempt, a
 *       payment provider's webhook): {@link #current()} is the trace context to store with the work,
 *       as a W3C {@code traceparent}; {@link #resume} is an observation of the later work whose span
 *       continues that trace. It is a receiver observation: the stored value is read like a header
 *       of a message received, by the tracing handler's own propagator.
 *   <li><b>Requests built by hand</b> (a signed webhook on the JDK's or Apache's HTTP client, where
 *       Spring's instrumented clients are not used): {@link #sending} is an observation of the call
 *       that writes {@code traceparent} into the request's headers as it starts.
 * </ul>
 */
public final class TraceContexts {

    private static final String TRACEPARENT = "traceparent";

    private final ObservationRegistry observations;
    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContexts(ObservationRegistry observations, Tracer tracer, Propagator propagator) {
        this.observations = observations;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Stores nothing and continues nothing: where no tracer is configured. */
    public static TraceContexts none() {
        return new TraceContexts(ObservationRegistry.NOOP, Tracer.NOOP, Propagator.NOOP);
    }

    /**
     * The current trace context as a W3C {@code traceparent}, or {@code null} outside a trace. An
     * unsampled trace is stored too (flags {@code 00}): the later work then stays in it, unsampled,
     * its log lines under the same trace id, instead of starting a trace of its own that the
     * sampler may keep without its cause (most requests, once production samples fewer than all).
     */
    public String current() {
        var context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(context, headers, Map::put);
        return headers.get(TRACEPARENT);
    }

    /**
     * Tags the current span (if any) with {@code key} = {@code value}: how a trace is found again by
     * what it was about, e.g. Zipkin's {@code annotationQuery=orderflow.order_id=...}.
     */
    public void tag(String key, String value) {
        var span = tracer.currentSpan();
        if (span != null && value != null) {
            span.tag(key, value);
        }
    }

    /** The tag that marks a span as work resumed from a stored context, not a crossing of its own. */
    public static final String RESUMED = "orderflow.resumed";

    /**
     * An observation (not started) of work that continues the trace in {@code traceparent}, stored
     * when the work was asked for; a new trace when nothing was stored. Its span is tagged
     * {@link #RESUMED}: it marks where the work picked up, not a message crossing a boundary.
     */
    public Observation resume(String name, String traceparent) {
        var context = new ReceiverContext<Map<String, String>>((carrier, key) -> carrier.get(key), Kind.CONSUMER);
        context.setCarrier(traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent));
        return Observation.createNotStarted(name, () -> context, observations)
                .contextualName(name)
                .highCardinalityKeyValue(RESUMED, "true");
    }

    /**
     * Starts the span of a call to {@code remoteService} made by hand, in the current trace; the
     * trace context is written to the request with {@code header} (name, value) before this returns,
     * so build the request after. Close it when the answer (or the failure) is in.
     */
    public Call call(String name, String remoteService, BiConsumer<String, String> header) {
        return new Call(null, null, sending(name, remoteService, Kind.CLIENT, header));
    }

    /**
     * As {@link #call}, for a call made later on behalf of earlier work: its span is in the trace
     * stored with that work ({@code traceparent}, from {@link #current()}), under a span "resume
     * {@code name}" of this service's.
     */
    public Call callLater(String name, String traceparent, String remoteService, BiConsumer<String, String> header) {
        return later(name, traceparent, remoteService, Kind.CLIENT, header);
    }

    /**
     * As {@link #callLater}, for a message sent to a broker ({@code PRODUCER}): the trace context
     * goes into the message's headers with {@code header}.
     */
    public Call sendLater(String name, String traceparent, String broker, BiConsumer<String, String> header) {
        return later(name, traceparent, broker, Kind.PRODUCER, header);
    }

    private Call later(
            String name, String traceparent, String remoteService, Kind kind, BiConsumer<String, String> header) {
        Observation later = resume("resume " + name, traceparent).start();
        return new Call(later, later.openScope(), sending(name, remoteService, kind, header));
    }

    /** A call in progress: its outcome goes on its span; close ends it. */
    public static final class Call implements AutoCloseable {
        private final Observation later;
        private final Observation.Scope laterScope;
        private final Observation sending;
        private final Observation.Scope scope;

        /** Scopes nest: the later work's (if any), then the call's; {@link #close} closes them in reverse. */
        private Call(Observation later, Observation.Scope laterScope, Observation sending) {
            this.later = later;
            this.laterScope = laterScope;
            this.sending = sending.start();
            this.scope = this.sending.openScope();
        }

        /** A tag on the call's span (what it was about, how many bytes it carried). */
        public void tag(String key, String value) {
            sending.highCardinalityKeyValue(key, value);
        }

        /** The answer's status (HTTP), as the span's {@code http.status_code}. */
        public void status(int status) {
            sending.lowCardinalityKeyValue("http.status_code", String.valueOf(status));
        }

        /** No answer: why, as the span's {@code error}. */
        public void failed(String why) {
            sending.highCardinalityKeyValue("error", why);
        }

        /** No answer, or a failed one. */
        public void error(Throwable error) {
            sending.error(error);
        }

        @Override
        public void close() {
            scope.close();
            sending.stop();
            if (later != null) {
                laterScope.close();
                later.stop();
            }
        }
    }

    /**
     * An observation (not started) of a call to {@code remoteService}; when it starts, the trace
     * context is written to the request with {@code header} (name, value).
     */
    private Observation sending(String name, String remoteService, Kind kind, BiConsumer<String, String> header) {
        var context = new SenderContext<Object>((carrier, key, value) -> header.accept(key, value), kind);
        context.setCarrier(header);
        context.setRemoteServiceName(remoteService);
        return Observation.createNotStarted(name, () -> context, observations).contextualName(name);
    }
}
