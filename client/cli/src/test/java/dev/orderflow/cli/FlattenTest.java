package dev.orderflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CSV flattening rule, as documented in {@code ./orderflow export --help}. */
class FlattenTest {

    @Test
    void flattensObjectsToDottedColumnsAndArraysToIndexedOnes() {
        var row = Flatten.row(
                Printer.JSON.readTree(
                        """
                {"id":"o-1","total":{"amount_minor":4290,"currency":"EUR"},
                 "items":[{"sku":"ACC-001","quantity":2},{"sku":"KIT-003","quantity":1}],
                 "tags":["gift","fragile"],"shipment":null,"refunds":[],"meta":{},"refund_due":false,
                 "note":"a, \\"quoted\\" note"}"""));

        assertThat(row)
                .containsExactly(
                        java.util.Map.entry("id", "o-1"),
                        java.util.Map.entry("total.amount_minor", "4290"),
                        java.util.Map.entry("total.currency", "EUR"),
                        java.util.Map.entry("items[0].sku", "ACC-001"),
                        java.util.Map.entry("items[0].quantity", "2"),
                        java.util.Map.entry("items[1].sku", "KIT-003"),
                        java.util.Map.entry("items[1].quantity", "1"),
                        java.util.Map.entry("tags[0]", "gift"),
                        java.util.Map.entry("tags[1]", "fragile"),
                        java.util.Map.entry("shipment", ""),
                        java.util.Map.entry("refunds", ""),
                        java.util.Map.entry("meta", ""),
                        java.util.Map.entry("refund_due", "false"),
                        java.util.Map.entry("note", "a, \"quoted\" note"));
    }
}
