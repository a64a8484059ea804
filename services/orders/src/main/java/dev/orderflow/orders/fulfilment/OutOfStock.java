package dev.orderflow.orders.fulfilment;

import java.util.List;

/** Some SKUs cannot be reserved: a 409 naming them, and nothing is held. */
public class OutOfStock extends RuntimeException {

    private final List<String> skus;

    public OutOfStock(List<String> skus) {
        super("Out of stock: " + String.join(", ", skus));
        this.skus = List.copyOf(skus);
    }

    public List<String> skus() {
        return skus;
    }
}
