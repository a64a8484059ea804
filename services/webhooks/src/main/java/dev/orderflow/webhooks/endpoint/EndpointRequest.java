package dev.orderflow.webhooks.endpoint;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The body of {@code POST /api/webhook-endpoints} (webhooks.yaml EndpointRequest). */
public record EndpointRequest(
        @NotBlank @Size(max = 2048) String url,
        @Size(max = 500) String description,
        @Size(min = 1, max = 20) List<String> eventTypes,
        @Pattern(regexp = "v1|v1a", message = "must be v1 or v1a") String signatureScheme) {

    String scheme() {
        return signatureScheme == null ? "v1" : signatureScheme;
    }
}
