package dev.orderflow.analytics.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Relay cursors: an order's keyset position, base64url-encoded so that clients treat it as opaque.
 * (Not signed: it reveals nothing a client cannot read from the node itself.)
 */
final class Cursors {

    private Cursors() {}

    static String of(OrderViews.Position position) {
        long micros =
                ChronoUnit.MICROS.between(Instant.EPOCH, position.listedAt().toInstant());
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + ":" + position.id()).getBytes(StandardCharsets.UTF_8));
    }

    static OrderViews.Position parse(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            Instant at = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS);
            return new OrderViews.Position(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new QueryErrors.BadInput("The cursor '" + abbreviate(cursor) + "' is not one this API issued.");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
