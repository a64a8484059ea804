package dev.orderflow.notifications.push;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a subscription follows: {@code orders} (every order the viewer may see) or
 * {@code orders/{id}} (one order).
 *
 * @param orderId null for all of the viewer's orders
 */
public record Topic(String name, UUID orderId) {

    private static final Pattern ONE_ORDER =
            Pattern.compile("orders/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public static final Topic ALL = new Topic("orders", null);

    public static Topic order(UUID orderId) {
        return new Topic("orders/" + orderId, orderId);
    }

    /** Parses a topic name; anything else is an {@link IllegalArgumentException}. */
    public static Topic parse(String name) {
        if ("orders".equals(name)) {
            return ALL;
        }
        if (name != null && ONE_ORDER.matcher(name).matches()) {
            return order(UUID.fromString(name.substring("orders/".length())));
        }
        throw new IllegalArgumentException("topic must be 'orders' or 'orders/{order id}'");
    }
}
