package dev.orderflow.notifications.push;

import dev.orderflow.notifications.feed.OrderChange;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is watching, as the access token says, with the REST API's rule: a customer (the token
 * carries {@code customer_id}) sees only their own orders, a partner (client credentials) sees all.
 */
public record Viewer(String subject, String customerId) {

    public static Viewer of(Jwt jwt) {
        return new Viewer(jwt.getSubject(), jwt.getClaimAsString("customer_id"));
    }

    public boolean maySee(OrderChange change) {
        return customerId == null || customerId.equals(change.customerId());
    }
}
