package dev.orderflow.analytics.query;

import dev.orderflow.analytics.query.Views.DailySales;
import dev.orderflow.analytics.query.Views.FulfilmentTiming;
import dev.orderflow.analytics.query.Views.Money;
import dev.orderflow.analytics.query.Views.ProductSales;
import dev.orderflow.analytics.query.Views.ProductView;
import dev.orderflow.analytics.query.Views.StatusCount;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Products, sales and timings, from the read model's aggregates. */
@Repository
class SalesViews {

    private final JdbcClient jdbc;

    SalesViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Products, best sellers first. */
    List<ProductView> products(int limit) {
        return jdbc.sql(
                        """
                SELECT p.sku, p.name, p.price_minor, p.currency FROM products p
                LEFT JOIN (SELECT sku, SUM(units) AS units FROM product_sales GROUP BY sku) s ON s.sku = p.sku
                ORDER BY COALESCE(s.units, 0) DESC, p.sku LIMIT ?""")
                .param(limit)
                .query((rs, row) -> new ProductView(
                        rs.getString("sku"),
                        rs.getString("name"),
                        new Money(rs.getLong("price_minor"), rs.getString("currency"))))
                .list();
    }

    Map<String, ProductView> productsBySku(Collection<String> skus) {
        Map<String, ProductView> found = new LinkedHashMap<>();
        if (!skus.isEmpty()) {
            jdbc.sql("SELECT sku, name, price_minor, currency FROM products WHERE sku IN (:skus)")
                    .param("skus", skus)
                    .query((rs, row) -> new ProductView(
                            rs.getString("sku"),
                            rs.getString("name"),
                            new Money(rs.getLong("price_minor"), rs.getString("currency"))))
                    .list()
                    .forEach(p -> found.put(p.sku(), p));
        }
        return found;
    }

    /** Units sold and revenue per currency of each product, over all days, in one statement. */
    record Sold(int units, List<Money> revenue) {}

    Map<String, Sold> sold(Collection<String> skus) {
        Map<String, Sold> sold = new LinkedHashMap<>();
        skus.forEach(sku -> sold.put(sku, new Sold(0, new ArrayList<>())));
        if (!skus.isEmpty()) {
            jdbc.sql("SELECT sku, currency, SUM(units) AS units, SUM(revenue_minor) AS revenue FROM product_sales"
                            + " WHERE sku IN (:skus) GROUP BY sku, currency ORDER BY sku, currency")
                    .param("skus", skus)
                    .query(rs -> {
                        Sold before = sold.get(rs.getString("sku"));
                        before.revenue().add(new Money(rs.getLong("revenue"), rs.getString("currency")));
                        sold.put(rs.getString("sku"), new Sold(before.units() + rs.getInt("units"), before.revenue()));
                    });
        }
        return sold;
    }

    List<DailySales> daily(LocalDate from, LocalDate to) {
        return jdbc.sql(
                        "SELECT * FROM daily_sales WHERE sales_day >= ? AND sales_day <= ? ORDER BY sales_day, currency")
                .params(from, to)
                .query(SalesViews::dailySales)
                .list();
    }

    List<DailySales> day(LocalDate day, String currency) {
        return jdbc.sql("SELECT * FROM daily_sales WHERE sales_day = ? AND currency = ?")
                .params(day, currency)
                .query(SalesViews::dailySales)
                .list();
    }

    private static DailySales dailySales(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new DailySales(
                rs.getObject("sales_day", LocalDate.class),
                rs.getString("currency"),
                rs.getInt("orders"),
                rs.getInt("units"),
                rs.getLong("revenue_minor"),
                rs.getLong("refunds_minor"));
    }

    /** The best sellers by units in [from, to], with their revenue per currency. */
    List<ProductSales> top(LocalDate from, LocalDate to, int limit) {
        record Row(String sku, String currency, int units, long revenue) {}
        List<Row> rows = jdbc.sql("SELECT sku, currency, SUM(units) AS units, SUM(revenue_minor) AS revenue"
                        + " FROM product_sales WHERE sales_day >= ? AND sales_day <= ? GROUP BY sku, currency")
                .params(from, to)
                .query((rs, row) -> new Row(
                        rs.getString("sku"), rs.getString("currency"), rs.getInt("units"), rs.getLong("revenue")))
                .list();
        Map<String, List<Row>> bySku = new LinkedHashMap<>();
        rows.forEach(row ->
                bySku.computeIfAbsent(row.sku(), sku -> new ArrayList<>()).add(row));
        Map<String, ProductView> products = productsBySku(bySku.keySet());
        return bySku.entrySet().stream()
                .map(e -> new ProductSales(
                        products.getOrDefault(e.getKey(), new ProductView(e.getKey(), null, null)),
                        e.getValue().stream().mapToInt(Row::units).sum(),
                        e.getValue().stream()
                                .sorted(Comparator.comparing(Row::currency))
                                .map(r -> new Money(r.revenue(), r.currency()))
                                .toList()))
                .sorted(Comparator.comparingInt(ProductSales::units).reversed().thenComparing(p -> p.product()
                        .sku()))
                .limit(limit)
                .toList();
    }

    List<StatusCount> statusCounts() {
        return jdbc.sql("SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY status")
                .query((rs, row) -> new StatusCount(rs.getString("status"), rs.getInt("n")))
                .list();
    }

    /** Percentiles of payment-to-delivery times (PERCENTILE_CONT, on H2 and PostgreSQL alike). */
    FulfilmentTiming fulfilment(LocalDate from, LocalDate to) {
        StringBuilder sql = new StringBuilder(
                """
                SELECT COUNT(*) AS n,
                    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY fulfilment_seconds) AS p50,
                    PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY fulfilment_seconds) AS p90,
                    PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY fulfilment_seconds) AS p99
                FROM orders WHERE fulfilment_seconds IS NOT NULL""");
        Map<String, Object> params = new LinkedHashMap<>();
        if (from != null) {
            sql.append(" AND delivered_at >= :from");
            params.put("from", from.atStartOfDay(java.time.ZoneOffset.UTC).toOffsetDateTime());
        }
        if (to != null) {
            sql.append(" AND delivered_at < :to");
            params.put(
                    "to", to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toOffsetDateTime());
        }
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> new FulfilmentTiming(
                        rs.getInt("n"),
                        (Double) nullable(rs.getObject("p50")),
                        (Double) nullable(rs.getObject("p90")),
                        (Double) nullable(rs.getObject("p99"))))
                .single();
    }

    private static Object nullable(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
