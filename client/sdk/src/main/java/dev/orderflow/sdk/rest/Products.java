package dev.orderflow.sdk.rest;

import dev.orderflow.sdk.http.HttpTransport;
import dev.orderflow.sdk.paging.Page;
import dev.orderflow.sdk.paging.Paged;
import dev.orderflow.sdk.rest.Models.Product;
import dev.orderflow.sdk.rest.Models.ProductPage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The catalog ({@code /api/products}): page-numbered, public. */
public final class Products extends RestClient {

    public Products(HttpTransport transport, URI orders) {
        super(transport, orders);
    }

    /** One page (zero-based) of {@code size} products. */
    public ProductPage page(int page, int size) {
        return get("/api/products?page=" + page + "&size=" + size, ProductPage.class);
    }

    public Product get(String sku) {
        return get("/api/products/" + Links.q(sku), Product.class);
    }

    /** Every product, {@code size} per request, fetched as the listing is consumed. */
    public Paged<Product> list(int size) {
        return list(size, 0);
    }

    /** From page {@code startPage} on (resuming a listing). */
    public Paged<Product> list(int size, int startPage) {
        Optional<String> start = startPage == 0 ? Optional.empty() : Optional.of(String.valueOf(startPage));
        return new Paged<>(start, position -> {
            int number = position.map(Integer::parseInt).orElse(0);
            var response = transport.exchange(
                    dev.orderflow.sdk.http.ApiRequest.get(uri("/api/products?page=" + number + "&size=" + size)));
            JsonNode body = transport.json().readTree(response.body());
            List<Product> items = new ArrayList<>();
            List<JsonNode> raw = new ArrayList<>();
            body.path("items").forEach(item -> {
                raw.add(item);
                items.add(transport.json().treeToValue(item, Product.class));
            });
            boolean more = number + 1 < body.path("total_pages").asInt(0);
            return new Page<>(items, raw, position, more ? Optional.of(String.valueOf(number + 1)) : Optional.empty());
        });
    }
}
