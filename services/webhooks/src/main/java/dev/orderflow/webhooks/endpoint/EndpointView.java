package dev.orderflow.webhooks.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;

/** An endpoint as the API shows it (webhooks.yaml Endpoint): every member, null or not, never a secret. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record EndpointView(
        String id,
        String url,
        String description,
        List<String> eventTypes,
        String signatureScheme,
        boolean enabled,
        String disabledReason,
        Instant disabledAt,
        Instant createdAt,
        Instant updatedAt) {

    static EndpointView of(Endpoint endpoint) {
        return new EndpointView(
                endpoint.id(),
                endpoint.url(),
                endpoint.description(),
                endpoint.eventTypes(),
                endpoint.scheme(),
                endpoint.enabled(),
                endpoint.disabledReason(),
                endpoint.disabledAt(),
                endpoint.createdAt(),
                endpoint.updatedAt());
    }

    /** The creation response: the endpoint and, this once, its secret (null for v1a). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Created(@JsonUnwrapped EndpointView endpoint, String secret) {}
}
