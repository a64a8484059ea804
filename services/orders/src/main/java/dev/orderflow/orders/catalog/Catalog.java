package dev.orderflow.orders.catalog;

import dev.orderflow.orders.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The products on sale and their current prices. */
@Repository
public class Catalog {

    private final JdbcClient jdbc;

    Catalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Product> find(String sku) {
        return jdbc.sql("SELECT * FROM products WHERE sku = ?")
                .param(sku)
                .query(Catalog::product)
                .optional();
    }

    /** The products among these SKUs that exist, by SKU. */
    public Map<String, Product> findAll(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql("SELECT * FROM products WHERE sku IN (:skus)")
                .param("skus", skus)
                .query(Catalog::product)
                .list()
                .stream()
                .collect(Collectors.toMap(Product::sku, Function.identity()));
    }

    public List<Product> page(int page, int size) {
        return jdbc.sql("SELECT * FROM products ORDER BY sku LIMIT :size OFFSET :offset")
                .param("size", size)
                .param("offset", (long) page * size)
                .query(Catalog::product)
                .list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM products").query(Long.class).single();
    }

    private static Product product(ResultSet rs, int row) throws SQLException {
        return new Product(
                rs.getString("sku"),
                rs.getString("name"),
                rs.getString("description"),
                new Money(rs.getLong("price_minor"), rs.getString("currency")));
    }
}
