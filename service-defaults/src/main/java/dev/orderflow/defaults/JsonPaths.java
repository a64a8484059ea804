package dev.orderflow.defaults;

import java.util.List;
import tools.jackson.core.JacksonException;

/** Names fields the way the client wrote them: {@code items[0].quantity}, in snake_case JSON. */
final class JsonPaths {

    private JsonPaths() {}

    static String of(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** Bean Validation reports Java property paths; the API speaks snake_case. */
    static String snakeCase(String propertyPath) {
        StringBuilder out = new StringBuilder(propertyPath.length() + 8);
        for (char c : propertyPath.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
