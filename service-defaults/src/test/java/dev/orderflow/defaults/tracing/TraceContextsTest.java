package dev.orderflow.defaults.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work stored now and done later stays in the trace that asked for it, with that trace's sampling
 * decision: Brave and W3C propagation wired as Spring Boot wires them, spans reported in memory.
 */
class TraceContextsTest {

    private final List<MutableSpan> reported = new CopyOnWriteArrayList<>();
    private Tracing tracing;
    private Tracer tracer;
    private TraceContexts traces;

    @AfterEach
    void close() {
        tracing.close();
    }

    /** With sampling below 1 (production), most requests are not sampled; their later work must not be either. */
    @Test
    void laterWorkOfAnUnsampledTraceStaysInItAndUnsampled() {
        start(Sampler.NEVER_SAMPLE);
        var request = tracer.nextSpan().name("request").start();
        String stored = storedDuring(request);
        assertThat(stored)
                .as("stored with the work: the trace, not sampled")
                .isEqualTo("00-" + request.context().traceId() + "-"
                        + request.context().spanId() + "-00");

        var later = traces.resume("later", stored).start();
        try (var ignored = later.openScope()) {
            assertThat(tracer.currentSpan().context().traceId())
                    .isEqualTo(request.context().traceId());
            assertThat(tracer.currentSpan().context().sampled()).isFalse();
        } finally {
            later.stop();
        }
        assertThat(reported).as("nothing of an unsampled trace is reported").isEmpty();
    }

    @Test
    void laterWorkOfASampledTraceIsASpanOfIt() {
        start(Sampler.ALWAYS_SAMPLE);
        var request = tracer.nextSpan().name("request").start();
        String stored = storedDuring(request);
        assertThat(stored).endsWith("-01");

        var later = traces.resume("later", stored).start();
        later.stop();

        assertThat(reported).hasSize(2);
        var resumed = reported.get(1);
        assertThat(resumed.name()).isEqualTo("later");
        assertThat(resumed.traceId()).isEqualTo(request.context().traceId());
        assertThat(resumed.parentId()).isEqualTo(request.context().spanId());
        assertThat(resumed.tags()).containsEntry(TraceContexts.RESUMED, "true");
    }

    @Test
    void outsideATraceNothingIsStoredAndLaterWorkStartsItsOwn() {
        start(Sampler.ALWAYS_SAMPLE);

        assertThat(traces.current()).isNull();

        var later = traces.resume("later", null).start();
        later.stop();
        assertThat(reported).singleElement().satisfies(span -> assertThat(span.parentId())
                .isNull());
    }

    /** What work asked for during {@code request} stores to be done later; the request then ends. */
    private String storedDuring(io.micrometer.tracing.Span request) {
        try (var ignored = tracer.withSpan(request)) {
            return traces.current();
        } finally {
            request.end();
        }
    }

    private void start(Sampler sampler) {
        var baggage = new BraveBaggageManager();
        var context = ThreadLocalCurrentTraceContext.newBuilder().build();
        tracing = Tracing.newBuilder()
                .currentTraceContext(context)
                .propagationFactory(new W3CPropagation(baggage, List.of()))
                .traceId128Bit(true) // as Spring Boot builds it: W3C trace ids are 128 bits
                .sampler(sampler)
                .addSpanHandler(new SpanHandler() {
                    @Override
                    public boolean end(brave.propagation.TraceContext traceContext, MutableSpan span, Cause cause) {
                        reported.add(span);
                        return true;
                    }
                })
                .build();
        tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(context), baggage);
        var propagator = new BravePropagator(tracing);
        var observations = ObservationRegistry.create();
        observations
                .observationConfig()
                .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        traces = new TraceContexts(observations, tracer, propagator);
    }
}
