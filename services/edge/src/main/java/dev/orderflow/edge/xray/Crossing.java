package dev.orderflow.edge.xray;

/**
 * One boundary crossing seen in a trace: a request, a call, or a message, from one party to
 * another, in one dialect.
 *
 * @param traceId the trace it belongs to (Zipkin's UI shows it at /zipkin/traces/{traceId})
 * @param spanId the span that recorded it
 * @param startMicros when it started, in microseconds since the epoch
 * @param durationMicros how long it took, when known
 * @param dialect REST, gRPC, Kafka, SOAP, Webhook, GraphQL or SSE
 * @param from who sent it (a service, or "browser" for what came from outside)
 * @param to who received it
 * @param name what it was (the route, RPC method or topic)
 * @param status the outcome as the dialect names it (an HTTP status, a gRPC code, "sent"), when known
 * @param bytes the size of what was sent, when the span recorded it (null: not recorded)
 */
public record Crossing(
        String traceId,
        String spanId,
        long startMicros,
        Long durationMicros,
        String dialect,
        String from,
        String to,
        String name,
        String status,
        Long bytes) {}
