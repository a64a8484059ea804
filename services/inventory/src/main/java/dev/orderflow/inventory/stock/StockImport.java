package dev.orderflow.inventory.stock;

import dev.orderflow.defaults.data.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies bulk adjustments a batch at a time as they stream in: memory is bounded by one batch,
 * whatever the length of the stream, and each line stands alone (a rejected line does not undo
 * the others).
 */
@Component
public class StockImport {

    public static final int BATCH_SIZE = 500;

    private final Stock stock;
    private final StockWatchers watchers;
    private final TransactionTemplate tx;
    private final Clock clock;

    StockImport(Stock stock, StockWatchers watchers, TransactionTemplate tx, Clock clock) {
        this.stock = stock;
        this.watchers = watchers;
        this.tx = tx;
        this.clock = clock;
    }

    public record Adjustment(long line, String sku, long delta) {}

    public record Rejection(long line, String sku, String reason) {}

    /** Applies one batch in one transaction; returns the lines it rejected. */
    public List<Rejection> apply(List<Adjustment> batch) {
        Set<String> changed = new LinkedHashSet<>();
        List<Rejection> rejected = tx.execute(status -> {
            Instant now = Timestamps.stored(clock.instant());
            List<Rejection> rejections = new ArrayList<>();
            for (Adjustment adjustment : batch) {
                if (stock.adjust(adjustment.sku(), adjustment.delta(), now)) {
                    changed.add(adjustment.sku());
                } else {
                    rejections.add(new Rejection(
                            adjustment.line(),
                            adjustment.sku(),
                            stock.exists(adjustment.sku()) ? "would take available stock below zero" : "unknown SKU"));
                }
            }
            return rejections;
        });
        watchers.publish(stock.levels(changed));
        return rejected;
    }
}
