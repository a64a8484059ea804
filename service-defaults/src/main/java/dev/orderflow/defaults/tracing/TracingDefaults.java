package dev.orderflow.defaults.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link TraceContexts} for every service. Where no tracer is configured (tracing switched off) it
 * stores nothing and continues nothing.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
        })
public class TracingDefaults {

    @Bean
    ObservationHandler<Observation.Context> boundaryLog() {
        return new BoundaryLog();
    }

    @Bean
    TraceContexts traceContexts(
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        Tracer available = tracer.getIfAvailable();
        if (available == null) {
            return TraceContexts.none();
        }
        return new TraceContexts(
                observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                available,
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
