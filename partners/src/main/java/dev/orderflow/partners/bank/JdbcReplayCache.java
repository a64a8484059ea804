package dev.orderflow.partners.bank;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Clock;
import java.time.Instant;
import org.apache.wss4j.common.cache.ReplayCache;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The WS-Security nonces the bank has seen, in its database rather than WSS4J's in-memory cache, so
 * a message replayed after a restart, or to another instance, is still refused. Entries outlive the
 * freshness window (after which WSS4J refuses the message for its age anyway) and are then purged.
 * (WSS4J asks {@link #contains} and then {@link #add}; two copies of a message arriving at the very
 * same moment could both pass the check: the window is the time between the two statements.)
 */
@Component
class JdbcReplayCache implements ReplayCache {

    private final JdbcClient jdbc;
    private final BankProperties properties;
    private final Clock clock = Clock.systemUTC();

    JdbcReplayCache(JdbcClient jdbc, BankProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void add(String identifier) {
        add(identifier, clock.instant().plus(properties.clockSkew().multipliedBy(2)));
    }

    @Override
    public void add(String identifier, Instant expiry) {
        Instant keepUntil = expiry != null
                ? expiry
                : clock.instant().plus(properties.clockSkew().multipliedBy(2));
        try {
            jdbc.sql("INSERT INTO bank_nonces (nonce, expires_at) VALUES (?, ?)")
                    .params(identifier, utc(keepUntil))
                    .update();
        } catch (DuplicateKeyException seen) {
            // the racing copy was recorded first; the check of this one has already passed
        }
        jdbc.sql("DELETE FROM bank_nonces WHERE expires_at < ?")
                .param(utc(clock.instant()))
                .update();
    }

    @Override
    public boolean contains(String identifier) {
        return jdbc.sql("SELECT COUNT(*) FROM bank_nonces WHERE nonce = ? AND expires_at >= ?")
                        .params(identifier, utc(clock.instant()))
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Override
    public void close() {}
}
