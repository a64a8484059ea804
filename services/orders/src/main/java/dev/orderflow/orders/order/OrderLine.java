package dev.orderflow.orders.order;

import dev.orderflow.orders.Money;

/** A line as sold: name and unit price are copied from the catalog at the moment of the order. */
public record OrderLine(String sku, String name, int quantity, Money unitPrice) {

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
