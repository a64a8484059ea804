package dev.orderflow.orders.order;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param cursorSecret signs list cursors (HMAC-SHA256): at least 32 characters, the same on every
 *     instance ({@code ORDERFLOW_ORDERS_CURSOR_SECRET}; no default outside the embedded profile)
 */
@ConfigurationProperties("orderflow.orders")
record CursorProperties(String cursorSecret) {}
