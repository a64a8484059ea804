package dev.orderflow.orders.catalog;

import dev.orderflow.defaults.Problems;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The catalog, page by page (offset pagination is fine for a small, slowly changing list). */
@RestController
@RequestMapping("/api/products")
class ProductController {

    private final Catalog catalog;

    ProductController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    ResponseEntity<ProductPage> list(
            @RequestParam(required = false) @Size(min = 1, max = 100) String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        long total = catalog.count(q);
        int totalPages = (int) ((total + size - 1) / size);
        var body = new ProductPage(catalog.page(q, page, size), page, size, total, totalPages);
        List<String> links = new ArrayList<>();
        if (page + 1 < totalPages) {
            links.add(link(page + 1, size, "next"));
        }
        if (page > 0 && totalPages > 0) {
            links.add(link(Math.min(page - 1, totalPages - 1), size, "prev"));
        }
        var response = ResponseEntity.ok();
        if (!links.isEmpty()) {
            response.header(HttpHeaders.LINK, String.join(", ", links));
        }
        return response.body(body);
    }

    @GetMapping("/{sku}")
    Product get(@PathVariable String sku) {
        return catalog.find(sku).orElseThrow(() -> new ProductNotFound(sku));
    }

    @ExceptionHandler
    ProblemDetail notFound(ProductNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    static class ProductNotFound extends RuntimeException {
        ProductNotFound(String sku) {
            super("No product " + sku + ".");
        }
    }

    // RFC 8288 §3: <target>; rel="relation"
    private static String link(int page, int size, String rel) {
        String uri = ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page", page)
                .replaceQueryParam("size", size)
                .build()
                .toUriString();
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }

    record ProductPage(List<Product> items, int page, int size, long totalItems, int totalPages) {}
}
