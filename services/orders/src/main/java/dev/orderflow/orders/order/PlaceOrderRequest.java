package dev.orderflow.orders.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What a client may say when placing an order. Anything else it sends (prices, totals, status) is
 * not a field here and so is ignored: the server computes those (no mass assignment).
 */
record PlaceOrderRequest(
        @Size(min = 1, max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "must be a plain customer id")
                String customerId,
        @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Item> items,
        @NotNull @Valid Address shippingAddress) {

    record Item(
            @NotNull @Pattern(regexp = "[A-Z]{3}-[0-9]{3}", message = "must be a SKU like ACC-001") String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity) {}
}
