package dev.orderflow.edge;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the edge signs people in and where it relays to.
 *
 * @param identity the authorization server: its issuer (the address browsers are sent to, and the
 *     {@code iss} of its tokens) and, when the edge reaches it by another address, {@code internal}
 * @param clientId the edge's client at identity (a confidential client)
 * @param clientSecret its secret (from the environment; never in a page)
 * @param orders the orders REST API
 * @param notifications live order events (Server-Sent Events)
 * @param analytics the analytics GraphQL API
 * @param psp the payment provider's API, for the one call browsers make there: confirming a
 *     payment intent with the publishable key (a public key by design) and the intent's client_secret
 * @param pspPublishableKey the publishable key the edge adds to that call
 * @param zipkin where the protocol X-ray reads traces ({@code api}, from the edge) and where a
 *     person's browser opens them ({@code ui})
 */
@ConfigurationProperties("orderflow.edge")
public record EdgeProperties(
        Identity identity,
        String clientId,
        String clientSecret,
        URI orders,
        URI notifications,
        URI analytics,
        URI psp,
        String pspPublishableKey,
        Zipkin zipkin) {

    /**
     * @param api Zipkin's API as the edge reaches it
     * @param ui Zipkin as browsers reach it (its UI is under /zipkin/)
     */
    public record Zipkin(URI api, URI ui) {}

    /**
     * @param issuer the issuer, as browsers reach it
     * @param internal the same server as the edge reaches it (defaults to the issuer)
     */
    public record Identity(URI issuer, URI internal) {

        public URI internalOrIssuer() {
            return internal != null && !internal.toString().isEmpty() ? internal : issuer;
        }
    }
}
