package dev.orderflow.edge.xray;

import dev.orderflow.defaults.Problems;
import dev.orderflow.edge.EdgeProperties;
import dev.orderflow.edge.pages.OrdersApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * The protocol X-ray of one order: every boundary crossing its traces recorded, read from Zipkin
 * (traces are found by the {@code orderflow.order_id} tag orders puts on the spans that change an
 * order or publish its events). Only someone who may read the order (orders answers 200 to them)
 * sees its traces. When Zipkin cannot be reached the answer says so, with no crossings.
 */
@RestController
class XrayController {

    private static final Logger log = LoggerFactory.getLogger(XrayController.class);
    /** How far back Zipkin is searched: a week, more than its in-memory store keeps on a laptop. */
    private static final long LOOKBACK_MILLIS = 7L * 24 * 3600 * 1000;

    private final OrdersApi ordersApi;
    private final RestClient zipkin;
    private final String zipkinUi;

    XrayController(EdgeProperties edge, RestClient.Builder http, OrdersApi ordersApi) {
        this.ordersApi = ordersApi;
        this.zipkin = http.clone().baseUrl(edge.zipkin().api().toString()).build();
        this.zipkinUi = trimmed(edge.zipkin().ui().toString());
    }

    /**
     * @param zipkin whether Zipkin answered (false: the crossings are unknown, not absent)
     * @param traceIds the order's traces, each viewable at {@code zipkinUi/traces/{id}}
     */
    record Xray(String orderId, boolean zipkin, String zipkinUi, List<String> traceIds, List<Crossing> crossings) {}

    @GetMapping(path = "/bff/orders/{id}/xray", produces = "application/json")
    ResponseEntity<?> xray(
            @PathVariable String id,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (!OrdersApi.isUuid(id)) {
            return problem(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed", "An order id is a UUID.");
        }
        try {
            if (!ordersApi.mayRead(id, authentication, request, response)) {
                return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No order " + id + ".");
            }
        } catch (RestClientException unreachable) {
            return problem(
                    HttpStatus.BAD_GATEWAY,
                    "bad-gateway",
                    "Bad Gateway",
                    "orders could not be asked whether this order is yours; try again shortly.");
        }
        try {
            JsonNode traces = zipkin.get()
                    .uri(uri -> uri.path("/api/v2/traces")
                            .queryParam("annotationQuery", "orderflow.order_id=" + id)
                            .queryParam("lookback", LOOKBACK_MILLIS)
                            .queryParam("limit", 50)
                            .build())
                    .retrieve()
                    .body(JsonNode.class);
            List<Crossing> crossings = Crossings.of(traces);
            List<String> traceIds =
                    crossings.stream().map(Crossing::traceId).distinct().toList();
            return ResponseEntity.ok(new Xray(id, true, zipkinUi, traceIds, crossings));
        } catch (RestClientException unavailable) {
            log.info("Zipkin did not answer for the X-ray of {}: {}", id, unavailable.getMessage());
            return ResponseEntity.ok(new Xray(id, false, zipkinUi, List.of(), List.of()));
        }
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String kind, String title, String detail) {
        return ResponseEntity.status(status)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(dev.orderflow.defaults.ProblemResponses.complete(Problems.of(status, kind, title, detail)));
    }

    private static String trimmed(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
