package dev.orderflow.orders.fulfilment.internal;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;

/**
 * Orders' own access token (client credentials from identity), attached to every gRPC call. Spring
 * Security's authorized-client manager caches it and fetches a new one shortly before it expires.
 */
@Component
class ServiceTokens extends CallCredentials {

    static final String REGISTRATION = "orderflow-orders";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final OAuth2AuthorizedClientManager clients;

    ServiceTokens(OAuth2AuthorizedClientManager clients) {
        this.clients = clients;
    }

    @Override
    public void applyRequestMetadata(RequestInfo request, Executor executor, MetadataApplier applier) {
        executor.execute(() -> {
            try {
                var client = clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
                        .principal("orders")
                        .build());
                if (client == null) {
                    throw new IllegalStateException("no client registration " + REGISTRATION);
                }
                var headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + client.getAccessToken().getTokenValue());
                applier.apply(headers);
            } catch (RuntimeException e) {
                applier.fail(Status.UNAVAILABLE
                        .withDescription("no access token from identity")
                        .withCause(e));
            }
        });
    }
}
