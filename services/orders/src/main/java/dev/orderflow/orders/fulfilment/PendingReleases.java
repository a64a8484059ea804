package dev.orderflow.orders.fulfilment;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Releases that could not reach inventory, kept in the database and tried again until they succeed,
 * so a reservation never stays held because inventory was down when its order failed or was
 * cancelled (inventory's TTL is the last resort, not the plan).
 */
@Component
public class PendingReleases implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(PendingReleases.class);

    private final JdbcClient jdbc;
    private final Stockroom stockroom;
    private final Clock clock;
    private final FulfilmentProperties properties;

    PendingReleases(JdbcClient jdbc, Stockroom stockroom, Clock clock, FulfilmentProperties properties) {
        this.jdbc = jdbc;
        this.stockroom = stockroom;
        this.clock = clock;
        this.properties = properties;
    }

    /** Releases now, or remembers to. */
    public void release(String reservationId) {
        try {
            stockroom.release(reservationId);
        } catch (RuntimeException e) {
            log.warn("Release of reservation {} failed ({}); will retry", reservationId, e.getMessage());
            releaseLater(reservationId);
        }
    }

    /** Remembers to release, without trying now (inventory just failed: do not wait for it twice). */
    public void releaseLater(String reservationId) {
        try {
            jdbc.sql("INSERT INTO pending_releases (reservation_id, created_at) VALUES (?, ?)")
                    .params(reservationId, utc(clock.instant()))
                    .update();
        } catch (DuplicateKeyException alreadyPending) {
            // remembered once is enough
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::retry, properties.releaseRetryInterval());
    }

    public void retry() {
        List<String> pending = jdbc.sql("SELECT reservation_id FROM pending_releases ORDER BY created_at LIMIT 100")
                .query(String.class)
                .list();
        for (String id : pending) {
            try {
                stockroom.release(id);
                jdbc.sql("DELETE FROM pending_releases WHERE reservation_id = ?")
                        .param(id)
                        .update();
            } catch (RuntimeException e) {
                return; // still down: try again later
            }
        }
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM pending_releases")
                .query(Long.class)
                .single();
    }
}
