package dev.orderflow.sdk.paging;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One page as the server sent it.
 *
 * @param items the items, typed
 * @param raw the same items as the JSON the server sent (for export: nothing the types leave out is lost)
 * @param position what fetched this page: a cursor, a page number, a Relay {@code after}; empty for
 *     the first page. Starting a listing again from it gives this page again (resume).
 * @param next what fetches the next page; empty on the last one
 */
public record Page<T>(List<T> items, List<JsonNode> raw, Optional<String> position, Optional<String> next) {

    public Page {
        items = List.copyOf(items);
        raw = List.copyOf(raw);
    }
}
