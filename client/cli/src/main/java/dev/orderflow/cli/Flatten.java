package dev.orderflow.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The CSV flattening rule (also in the README and {@code ./orderflow export --help}): a nested
 * object's members become {@code parent.child} columns, an array's elements {@code name[0]},
 * {@code name[1].member}, …; {@code null} and an empty object or array are an empty cell; numbers
 * and booleans are written as JSON writes them, strings as they are. The columns of the file are
 * the union over all rows, in the order they first appear; a row without a column has it empty.
 */
final class Flatten {

    private Flatten() {}

    static Map<String, String> row(JsonNode value) {
        var row = new LinkedHashMap<String, String>();
        walk("", value, row);
        return row;
    }

    private static void walk(String prefix, JsonNode node, Map<String, String> row) {
        if (node.isObject()) {
            if (node.isEmpty() && !prefix.isEmpty()) {
                row.put(prefix, "");
            }
            for (var entry : node.properties()) {
                walk(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), row);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                row.put(prefix, "");
            }
            for (int i = 0; i < node.size(); i++) {
                walk(prefix + "[" + i + "]", node.get(i), row);
            }
        } else if (node.isNull() || node.isMissingNode()) {
            row.put(prefix, "");
        } else if (node.isString()) {
            row.put(prefix, node.asString());
        } else {
            row.put(prefix, node.toString());
        }
    }
}
