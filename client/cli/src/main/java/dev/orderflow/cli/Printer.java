package dev.orderflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Human tables, or JSON for scripts ({@code --output json}). */
final class Printer {

    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Printer() {}

    /** A value as JSON: one line, or pretty. */
    static String json(Object value, boolean pretty) {
        return pretty
                ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value)
                : JSON.writeValueAsString(value);
    }

    /** Left-aligned columns, widths from the content. */
    static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
            }
        }
        out.println(line(headers, widths));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        out.flush();
    }

    /** {@code key  value} lines. */
    static void fields(PrintWriter out, Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v == null ? "" : v));
        out.flush();
    }

    private static String line(List<String> cells, int[] widths) {
        var parts = new ArrayList<String>();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i) == null ? "" : cells.get(i);
            parts.add(i == cells.size() - 1 ? cell : String.format("%-" + widths[i] + "s", cell));
        }
        return String.join("  ", parts).stripTrailing();
    }
}
