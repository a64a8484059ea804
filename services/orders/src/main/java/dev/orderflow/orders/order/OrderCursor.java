package dev.orderflow.orders.order;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque keyset cursors: {@code base64url(createdAt|id).base64url(HMAC-SHA256)}. The MAC covers the
 * position, the caller and the filters, so a client can neither forge a position nor reuse a cursor
 * issued to someone else or for other filters; any such cursor is rejected as invalid (400).
 */
class OrderCursor {

    record Position(Instant createdAt, UUID id) {}

    private final SecretKeySpec key;

    OrderCursor(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalStateException("orderflow.orders.cursor-secret (ORDERFLOW_ORDERS_CURSOR_SECRET)"
                    + " must be set to at least 32 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String encode(Position position, String callerScope, OrderQuery query) {
        String payload = position.createdAt() + "|" + position.id();
        return base64(payload.getBytes(StandardCharsets.UTF_8)) + "." + base64(mac(payload, callerScope, query));
    }

    Position decode(String cursor, String callerScope, OrderQuery query) {
        int dot = cursor.indexOf('.');
        if (dot < 0) {
            throw new InvalidCursorException();
        }
        try {
            String payload =
                    new String(Base64.getUrlDecoder().decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] given = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
            // Only the one canonical encoding is valid (the decoder would accept variants in unused bits).
            if (!MessageDigest.isEqual(given, mac(payload, callerScope, query))
                    || !encode(position(payload), callerScope, query).equals(cursor)) {
                throw new InvalidCursorException();
            }
            return position(payload);
        } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            throw new InvalidCursorException();
        }
    }

    private static Position position(String payload) {
        String[] parts = payload.split("\\|");
        return new Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
    }

    private byte[] mac(String payload, String callerScope, OrderQuery query) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(
                    (payload + "\n" + callerScope + "\n" + query.fingerprint()).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static class InvalidCursorException extends RuntimeException {
        InvalidCursorException() {
            super("The cursor is not one this server issued for this caller and these filters.");
        }
    }
}
