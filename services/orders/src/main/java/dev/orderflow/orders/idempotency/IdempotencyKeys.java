package dev.orderflow.orders.idempotency;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Idempotency keys after draft-ietf-httpapi-idempotency-key-header, stored in the service's own
 * database so that every instance sees the same keys.
 *
 * <p>A request first {@link #claim claims} its key (a committed row, so a concurrent duplicate sees
 * it as in flight); the work then {@link #complete completes} the record in the same transaction as
 * the order it creates, so a response is recorded if and only if its effect happened. A request that
 * fails before any effect {@link #release releases} its key. A claim whose process died is taken
 * over after the in-flight lease expires.
 */
@Component
public class IdempotencyKeys implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final JdbcClient jdbc;
    private final IdempotencyProperties properties;
    private final Clock clock;

    IdempotencyKeys(JdbcClient jdbc, IdempotencyProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    public sealed interface Claim {
        /** The key is ours: do the work, then complete or release. */
        record Granted() implements Claim {}

        /** The key was used before with this body: answer with the recorded response. */
        record Replay(StoredResponse response) implements Claim {}

        /** The first request with this key is still being processed. */
        record InFlight() implements Claim {}

        /** The key was used before with a different body. */
        record Mismatch() implements Claim {}
    }

    /** The response recorded for a key: replayed verbatim (status, body, Location, ETag). */
    public record StoredResponse(int status, String body, String location, String etag) {}

    public Claim claim(String caller, String key, String fingerprint) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Instant now = clock.instant();
            try {
                jdbc.sql(
                                """
                        INSERT INTO idempotency_records (caller, idempotency_key, fingerprint, state, created_at, expires_at)
                        VALUES (?, ?, ?, 'IN_FLIGHT', ?, ?)""")
                        .params(caller, key, fingerprint, utc(now), utc(now.plus(properties.retention())))
                        .update();
                return new Claim.Granted();
            } catch (DuplicateKeyException taken) {
                Optional<Existing> existing = find(caller, key);
                if (existing.isEmpty()) {
                    continue; // released or purged meanwhile: try again
                }
                Existing record = existing.get();
                boolean expired = record.expiresAt.isBefore(now);
                boolean abandoned = record.state.equals("IN_FLIGHT")
                        && record.createdAt.plus(properties.inFlightLease()).isBefore(now);
                if (expired || abandoned) {
                    // Only the one that deletes this exact row takes the key over.
                    jdbc.sql(
                                    "DELETE FROM idempotency_records WHERE caller = ? AND idempotency_key = ? AND created_at = ?")
                            .params(caller, key, utc(record.createdAt))
                            .update();
                    continue;
                }
                if (!record.fingerprint.equals(fingerprint)) {
                    return new Claim.Mismatch();
                }
                if (record.state.equals("IN_FLIGHT")) {
                    return new Claim.InFlight();
                }
                return new Claim.Replay(record.response);
            }
        }
        return new Claim.InFlight();
    }

    /** Records the response; call it in the transaction that performs the request's effect. */
    public void complete(String caller, String key, StoredResponse response) {
        int updated = jdbc.sql(
                        """
                UPDATE idempotency_records
                SET state = 'COMPLETED', response_status = ?, response_body = ?, location = ?, etag = ?
                WHERE caller = ? AND idempotency_key = ? AND state = 'IN_FLIGHT'""")
                .params(response.status(), response.body(), response.location(), response.etag(), caller, key)
                .update();
        if (updated != 1) {
            // The lease ran out and another request took the key over: roll this one back.
            throw new IllegalStateException("Idempotency key " + key + " is no longer held by this request");
        }
    }

    public void release(String caller, String key) {
        jdbc.sql("DELETE FROM idempotency_records WHERE caller = ? AND idempotency_key = ? AND state = 'IN_FLIGHT'")
                .params(caller, key)
                .update();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::purgeExpired, properties.purgeInterval());
    }

    void purgeExpired() {
        int purged = jdbc.sql("DELETE FROM idempotency_records WHERE expires_at < ?")
                .param(utc(clock.instant()))
                .update();
        if (purged > 0) {
            log.info("Purged {} expired idempotency records", purged);
        }
    }

    private Optional<Existing> find(String caller, String key) {
        return jdbc.sql("SELECT * FROM idempotency_records WHERE caller = ? AND idempotency_key = ?")
                .params(caller, key)
                .query((rs, row) -> new Existing(
                        rs.getString("fingerprint"),
                        rs.getString("state"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        new StoredResponse(
                                rs.getInt("response_status"),
                                rs.getString("response_body"),
                                rs.getString("location"),
                                rs.getString("etag"))))
                .optional();
    }

    private record Existing(
            String fingerprint, String state, Instant createdAt, Instant expiresAt, StoredResponse response) {}
}
