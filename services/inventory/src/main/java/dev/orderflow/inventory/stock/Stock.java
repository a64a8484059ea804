package dev.orderflow.inventory.stock;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stock levels. Every change is one conditional UPDATE, atomic on H2 and PostgreSQL alike, so
 * concurrent reservations can never take {@code available} below zero.
 */
@Repository
public class Stock {

    private final JdbcClient jdbc;

    Stock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<StockLevel> levels(Collection<String> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM stock WHERE sku IN (:skus) ORDER BY sku")
                .param("skus", skus)
                .query((rs, row) -> new StockLevel(
                        rs.getString("sku"),
                        rs.getLong("available"),
                        rs.getLong("reserved"),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Moves units from available to reserved; false (and no change) if fewer are available. */
    public boolean hold(String sku, int quantity, Instant now) {
        return jdbc.sql(
                                """
                UPDATE stock SET available = available - :q, reserved = reserved + :q, updated_at = :now
                WHERE sku = :sku AND available >= :q""")
                        .param("q", quantity)
                        .param("now", utc(now))
                        .param("sku", sku)
                        .update()
                == 1;
    }

    /** Returns held units to available (release, expiry). */
    public void unhold(String sku, int quantity, Instant now) {
        jdbc.sql(
                        """
                UPDATE stock SET available = available + :q, reserved = reserved - :q, updated_at = :now
                WHERE sku = :sku""")
                .param("q", quantity)
                .param("now", utc(now))
                .param("sku", sku)
                .update();
    }

    /** Held units leave the warehouse (commit). */
    public void consume(String sku, int quantity, Instant now) {
        jdbc.sql("UPDATE stock SET reserved = reserved - :q, updated_at = :now WHERE sku = :sku")
                .param("q", quantity)
                .param("now", utc(now))
                .param("sku", sku)
                .update();
    }

    /** Adds or removes available units; false if the SKU is unknown or the result would be negative. */
    public boolean adjust(String sku, long delta, Instant now) {
        return jdbc.sql(
                                """
                UPDATE stock SET available = available + :delta, updated_at = :now
                WHERE sku = :sku AND available + :delta >= 0""")
                        .param("delta", delta)
                        .param("now", utc(now))
                        .param("sku", sku)
                        .update()
                == 1;
    }

    public boolean exists(String sku) {
        return jdbc.sql("SELECT COUNT(*) FROM stock WHERE sku = ?")
                        .param(sku)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
