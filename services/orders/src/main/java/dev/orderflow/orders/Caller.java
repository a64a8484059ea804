package dev.orderflow.orders;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the access token says: a customer acting for themself (the token carries
 * {@code customer_id}, set by identity for people who signed in) or a partner client acting for
 * any customer (client credentials).
 */
public record Caller(String clientId, String customerId) {

    public static Caller of(Jwt jwt) {
        String clientId = jwt.getClaimAsString("client_id");
        return new Caller(clientId != null ? clientId : jwt.getSubject(), jwt.getClaimAsString("customer_id"));
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
}
