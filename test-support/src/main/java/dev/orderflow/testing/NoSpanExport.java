package dev.orderflow.testing;

import java.util.List;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Test contexts trace, but report no spans: without this every test context posted its spans to
 * {@code localhost:9411} (Jazzer's SSRF detector caught one in a fuzz run). Why not Spring Boot's
 * own {@code spring-boot-micrometer-tracing-test}: it sets {@code management.tracing.export.enabled
 * =false}, which in Boot 4.0 leaves tests with no tracer at all, and the tests here check trace ids
 * in logs and Kafka headers. Turning off only the Zipkin reporter keeps the tracer.
 */
public final class NoSpanExport implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    private record Customizer() implements ContextCustomizer {
        @Override
        public void customizeContext(
                org.springframework.context.ConfigurableApplicationContext context,
                org.springframework.test.context.MergedContextConfiguration mergedConfig) {
            TestPropertyValues.of("management.tracing.export.zipkin.enabled=false")
                    .applyTo(context);
        }
    }
}
