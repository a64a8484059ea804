package dev.orderflow.orders.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's log lines carry its trace and span ids (structured JSON, the shipped format), so a
 * trace id found in Zipkin finds the logs: here the caller's own trace, sent as {@code traceparent}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceLogTest extends ApiTestSupport {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theLineOfARequestCarriesTheCallersTraceIdAndItsOwnSpanId(CapturedOutput output) {
        String traceId = "0af7651916cd43dd8448eb211c80319c";

        var products = api.get("/api/products?size=1")
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .send();
        assertThat(products.status()).isEqualTo(200);

        JsonNode line = Awaitility.await()
                .until(
                        () -> lines(output).stream()
                                .filter(l -> traceId.equals(l.path("traceId").asString(null)))
                                .findFirst()
                                .orElse(null),
                        found -> found != null);
        assertThat(line.path("logger_name").asString()).isEqualTo("orderflow.boundaries");
        assertThat(line.path("message").asString()).startsWith("http get /api/products 200");
        assertThat(line.path("spanId").asString())
                .as("the server's own span, not the caller's")
                .matches("[0-9a-f]{16}")
                .isNotEqualTo("b7ad6b7169203331");
    }

    /** orders.yaml, "Tracing": a traceparent that is not W3C Trace Context starts a new trace, never an error. */
    @Test
    void aMalformedTraceparentStartsANewTraceAndIsNoError(CapturedOutput output) {
        String notAnId = "0af7651916cd43dd8448eb211c80319z"; // 'z' is not hex

        var products = api.get("/api/products?size=2")
                .header("traceparent", "00-" + notAnId + "-b7ad6b7169203331-01")
                .send();
        assertThat(products.status()).isEqualTo(200);

        JsonNode line = Awaitility.await()
                .until(
                        () -> lines(output).stream()
                                .filter(l -> l.path("message").asString("").startsWith("http get /api/products 200"))
                                .findFirst()
                                .orElse(null),
                        found -> found != null);
        assertThat(line.path("traceId").asString())
                .as("a trace of its own")
                .matches("[0-9a-f]{32}")
                .doesNotContain("0af7651916cd43dd8448eb211c8031");
    }

    private static List<JsonNode> lines(CapturedOutput output) {
        return Arrays.stream(output.getOut().split("\n"))
                .filter(l -> l.startsWith("{"))
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (RuntimeException notJson) {
                        return json.createObjectNode();
                    }
                })
                .toList();
    }
}
