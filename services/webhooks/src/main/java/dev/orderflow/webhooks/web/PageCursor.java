package dev.orderflow.webhooks.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of every list: the position of the last item of the previous page,
 * base64url-encoded so clients treat it as a token, not a number to compute with.
 */
public final class PageCursor {

    private PageCursor() {}

    public static String of(long position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("p" + position).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position a cursor names; null for no cursor; {@link InvalidCursor} for anything else. */
    public static Long position(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.matches("p[0-9]{1,18}")) {
                throw new InvalidCursor();
            }
            return Long.parseLong(text.substring(1));
        } catch (IllegalArgumentException e) {
            throw new InvalidCursor();
        }
    }

    /** 1–100, 20 when absent. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return 20;
        }
        if (limit < 1 || limit > 100) {
            throw new dev.orderflow.defaults.InvalidInput("limit", "must be between 1 and 100");
        }
        return limit;
    }

    public static class InvalidCursor extends RuntimeException {
        InvalidCursor() {
            super("The cursor is not one this API issued; start again without it.");
        }
    }
}
