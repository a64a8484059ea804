package dev.orderflow.defaults.security;

import java.util.Objects;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the access token says, and the one rule of who may see which order, used by
 * every dialect (REST, rate limiting, WebSocket, SSE): a customer acts for themself (identity puts
 * {@code customer_id} into the tokens of people who signed in) and sees only their own orders; a
 * partner client (client credentials, no {@code customer_id}) acts for any customer.
 *
 * @param subject the token's {@code sub}: the person, or the client for client credentials
 * @param clientId the OAuth2 client the token was issued to (RFC 9068 {@code client_id})
 * @param customerId the customer a person's token acts for; null for partners
 */
public record Caller(String subject, String clientId, String customerId) {

    public static Caller of(Jwt jwt) {
        String clientId = jwt.getClaimAsString("client_id");
        return new Caller(
                jwt.getSubject(), clientId != null ? clientId : jwt.getSubject(), jwt.getClaimAsString("customer_id"));
    }

    public boolean isCustomer() {
        return customerId != null;
    }

    /** May this caller see and act on an order of this customer? */
    public boolean mayAccess(String orderCustomerId) {
        return !isCustomer() || customerId.equals(orderCustomerId);
    }

    /** The namespace of this caller's idempotency keys and cursors: per client, and per person. */
    public String scope() {
        return isCustomer() ? clientId + "/customer:" + customerId : clientId;
    }

    /**
     * Whose budget a request spends: partners by client, customers by person (they share the
     * storefront client, so a per-client budget would let one customer starve the others).
     */
    public String budgetKey() {
        return isCustomer() ? "customer:" + customerId : "client:" + clientId;
    }

    /** Does a fresh token speak for the same subject and customer (a re-authentication, not a switch)? */
    public boolean sameAs(Caller other) {
        return Objects.equals(subject, other.subject) && Objects.equals(customerId, other.customerId);
    }
}
