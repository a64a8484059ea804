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

    /** One page, ordered by SKU, of the products whose name or description contains {@code search} (any case; null: all). */
    public List<Product> page(String search, int page, int size) {
        return jdbc.sql("SELECT * FROM products" + MATCHING + " ORDER BY sku LIMIT :size OFFSET :offset")
                .param("pattern", pattern(search))
                .param("size", size)
                .param("offset", (long) page * size)
                .query(Catalog::product)
                .list();
    }

    public long count(String search) {
        return jdbc.sql("SELECT COUNT(*) FROM products" + MATCHING)
                .param("pattern", pattern(search))
                .query(Long.class)
                .single();
    }

    private static final String MATCHING =
            " WHERE (LOWER(name) LIKE :pattern ESCAPE '\\' OR LOWER(description) LIKE :pattern ESCAPE '\\')";

    /** A LIKE pattern that matches {@code search} literally: its own % and _ are escaped. */
    private static String pattern(String search) {
        if (search == null) {
            return "%";
        }
        String literal = search.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + literal + "%";
    }

    private static Product product(ResultSet rs, int row) throws SQLException {
        return new Product(
                rs.getString("sku"),
                rs.getString("name"),
                rs.getString("description"),
                new Money(rs.getLong("price_minor"), rs.getString("currency")));
    }
}
