package dev.orderflow.inventory.stock;

import com.google.protobuf.Timestamp;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The WatchStock streams. Each watcher keeps only the latest level per SKU until its client is
 * ready for more (gRPC flow control via {@code isReady}/{@code onReady}), so a slow client costs at
 * most one pending message per SKU it watches, never an unbounded queue, and never slows others.
 * Changes are published after their transaction commits; levels carry {@code updated_at}, and a
 * level older than one already queued is dropped, so a client never sees stock go back in time.
 */
@Component
public class StockWatchers {

    private final Map<String, Set<Watcher>> bySku = new ConcurrentHashMap<>();

    public void watch(
            Collection<String> skus,
            ServerCallStreamObserver<dev.orderflow.contracts.inventory.v1.StockLevel> out,
            Collection<StockLevel> current) {
        var watcher = new Watcher(out);
        out.setOnCancelHandler(() -> skus.forEach(sku -> bySku.computeIfPresent(sku, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        })));
        out.setOnReadyHandler(watcher::drain);
        for (String sku : skus) {
            bySku.computeIfAbsent(sku, k -> ConcurrentHashMap.newKeySet()).add(watcher);
        }
        current.forEach(watcher::offer);
    }

    public void publish(Collection<StockLevel> levels) {
        for (StockLevel level : levels) {
            Set<Watcher> watchers = bySku.get(level.sku());
            if (watchers != null) {
                watchers.forEach(w -> w.offer(level));
            }
        }
    }

    public int watcherCount() {
        return (int) bySku.values().stream().flatMap(Set::stream).distinct().count();
    }

    public static dev.orderflow.contracts.inventory.v1.StockLevel toMessage(StockLevel level) {
        return dev.orderflow.contracts.inventory.v1.StockLevel.newBuilder()
                .setSku(level.sku())
                .setAvailable(level.available())
                .setReserved(level.reserved())
                .setUpdatedAt(Timestamp.newBuilder()
                        .setSeconds(level.updatedAt().getEpochSecond())
                        .setNanos(level.updatedAt().getNano()))
                .build();
    }

    private static final class Watcher {
        private final ServerCallStreamObserver<dev.orderflow.contracts.inventory.v1.StockLevel> out;
        private final Map<String, StockLevel> pending = new LinkedHashMap<>();
        private final Map<String, StockLevel> sent = new ConcurrentHashMap<>();

        Watcher(ServerCallStreamObserver<dev.orderflow.contracts.inventory.v1.StockLevel> out) {
            this.out = out;
        }

        void offer(StockLevel level) {
            synchronized (this) {
                StockLevel newest = newer(pending.get(level.sku()), newer(sent.get(level.sku()), null));
                if (newest != null && newest.updatedAt().isAfter(level.updatedAt())) {
                    return;
                }
                pending.put(level.sku(), level);
            }
            drain();
        }

        synchronized void drain() {
            if (out.isCancelled()) {
                pending.clear();
                return;
            }
            var it = pending.values().iterator();
            while (out.isReady() && it.hasNext()) {
                StockLevel level = it.next();
                it.remove();
                sent.put(level.sku(), level);
                out.onNext(toMessage(level));
            }
        }

        private static StockLevel newer(StockLevel a, StockLevel b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return a.updatedAt().isAfter(b.updatedAt()) ? a : b;
        }
    }
}
