package dev.orderflow.edge.xray;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads boundary crossings out of Zipkin's v2 spans. Each crossing is listed once: a call by its
 * CLIENT span (the receiving service taken from its SERVER child), a request from outside by its
 * SERVER span, a message by its PRODUCER span and by each CONSUMER span that received it. Spans
 * that only mark work resumed from a stored context ({@code orderflow.resumed}) and local spans are
 * not crossings.
 */
final class Crossings {

    private Crossings() {}

    static List<Crossing> of(JsonNode traces) {
        List<Crossing> crossings = new ArrayList<>();
        for (JsonNode trace : traces) {
            Map<String, JsonNode> byId = new HashMap<>();
            Map<String, List<JsonNode>> children = new HashMap<>();
            for (JsonNode span : trace) {
                byId.put(span.path("id").asString(), span);
                if (span.has("parentId")) {
                    children.computeIfAbsent(span.path("parentId").asString(), key -> new ArrayList<>())
                            .add(span);
                }
            }
            for (JsonNode span : trace) {
                if (span.path("tags").has("orderflow.resumed")) {
                    continue;
                }
                JsonNode parent = byId.get(span.path("parentId").asString(""));
                String kind = span.path("kind").asString("");
                switch (kind) {
                    case "CLIENT" -> {
                        JsonNode server = children.getOrDefault(span.path("id").asString(), List.of()).stream()
                                .filter(child ->
                                        "SERVER".equals(child.path("kind").asString("")))
                                .findFirst()
                                .orElse(null);
                        String to = server != null ? service(server) : remote(span);
                        crossings.add(crossing(span, service(span), to, server != null ? server : span));
                    }
                    case "SERVER" -> {
                        if (parent == null
                                || !"CLIENT".equals(parent.path("kind").asString(""))) {
                            crossings.add(crossing(span, "browser", service(span), span));
                        }
                    }
                    case "PRODUCER" -> crossings.add(crossing(span, service(span), "kafka", span));
                    case "CONSUMER" -> {
                        if (parent != null
                                && "PRODUCER".equals(parent.path("kind").asString(""))) {
                            crossings.add(crossing(span, "kafka", service(span), span));
                        }
                    }
                    default -> {}
                }
            }
        }
        crossings.sort(Comparator.comparingLong(Crossing::startMicros));
        return crossings;
    }

    private static Crossing crossing(JsonNode span, String from, String to, JsonNode outcome) {
        String name = label(span, outcome);
        JsonNode tags = span.path("tags");
        return new Crossing(
                span.path("traceId").asString(),
                span.path("id").asString(),
                span.path("timestamp").asLong(),
                span.has("duration") ? span.path("duration").asLong() : null,
                dialect(span, name, from, to),
                from,
                to,
                name,
                status(outcome.path("tags"), span.path("kind").asString("")),
                tags.has("messaging.message.body.size")
                        ? Long.valueOf(tags.path("messaging.message.body.size").asString())
                        : null);
    }

    /** What crossed, as people say it: "POST /api/orders", "InventoryService/ReserveStock", a topic, or the span's name. */
    private static String label(JsonNode span, JsonNode outcome) {
        for (JsonNode tags : List.of(outcome.path("tags"), span.path("tags"))) {
            if (tags.has("rpc.service") && tags.has("rpc.method")) {
                String service = tags.path("rpc.service").asString();
                return service.substring(service.lastIndexOf('.') + 1) + "/"
                        + tags.path("rpc.method").asString();
            }
            if (tags.has("uri") && tags.has("method")) {
                return tags.path("method").asString() + " " + tags.path("uri").asString();
            }
            for (String topic : List.of("messaging.destination.name", "messaging.source.name")) {
                if (tags.has(topic)) {
                    return tags.path(topic).asString();
                }
            }
        }
        return span.path("name").asString("");
    }

    static String dialect(JsonNode span, String name, String from, String to) {
        String kind = span.path("kind").asString("");
        String lower = name.toLowerCase(Locale.ROOT);
        if ("PRODUCER".equals(kind) || "CONSUMER".equals(kind)) {
            return "Kafka";
        }
        if (span.path("tags").has("rpc.service") || lower.matches("[a-z0-9_.]+service/[a-z0-9_]+")) {
            return "gRPC";
        }
        if (lower.contains("/graphql")) {
            return "GraphQL";
        }
        if (lower.contains("/bank/ws") || lower.startsWith("bank ")) {
            return "SOAP";
        }
        if (lower.contains("webhook")) {
            return "Webhook";
        }
        if (lower.endsWith("/events") && "notifications".equals(to)) {
            return "SSE";
        }
        return "REST";
    }

    private static String status(JsonNode tags, String kind) {
        for (String key : List.of("http.status_code", "status", "grpc.status_code", "rpc.grpc.status_code")) {
            if (tags.has(key)) {
                return tags.path(key).asString();
            }
        }
        if (tags.has("error")) {
            return "error";
        }
        return "PRODUCER".equals(kind) ? "sent" : "CONSUMER".equals(kind) ? "received" : null;
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asString("?");
    }

    private static String remote(JsonNode span) {
        return span.path("remoteEndpoint").path("serviceName").asString("remote");
    }
}
