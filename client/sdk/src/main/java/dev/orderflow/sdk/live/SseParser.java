package dev.orderflow.sdk.live;

/**
 * The event-stream format (HTML Living Standard §9.2.6), line by line: {@code event:}, {@code id:},
 * {@code data:} (lines joined with a newline), a blank line dispatches, {@code :} lines are comments.
 */
final class SseParser {

    @FunctionalInterface
    interface Handler {
        void event(String event, String id, String data);
    }

    private final Handler handler;
    private final StringBuilder data = new StringBuilder();
    private String event;
    private String id;
    private boolean hasData;

    SseParser(Handler handler) {
        this.handler = handler;
    }

    void line(String line) {
        if (line.isEmpty()) {
            if (hasData) {
                handler.event(event == null ? "message" : event, id, data.toString());
            }
            data.setLength(0);
            hasData = false;
            event = null;
            id = null;
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "id" -> {
                if (!value.contains("\0")) {
                    id = value;
                }
            }
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // retry: this client backs off on its own schedule
            }
        }
    }
}
