package dev.orderflow.webhooks.signing;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Ed25519 keys of {@code v1a} signatures. One key is CURRENT (it signs), one is NEXT: published in
 * the JWKS a whole rotation period before it signs anything, so a receiver that cached the JWKS
 * already knows the key that will sign after the rotation, and nobody coordinates anything. A
 * rotation retires CURRENT (still published for {@code retiredPublished}), promotes NEXT and makes
 * a new NEXT.
 */
@Component
public class SigningKeys implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410): the raw key follows. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SigningProperties properties;
    private volatile Key current;
    private volatile Instant loadedAt = Instant.MIN;

    SigningKeys(JdbcClient jdbc, Clock clock, SigningProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** A published key: {@code x} is the raw 32-byte public key, base64url (RFC 8037). */
    public record PublishedKey(String kid, String state, String x) {}

    record Key(String kid, PrivateKey privateKey) {}

    /** The signing key, read again every minute so that a rotation by another instance is seen. */
    Key current() {
        Key key = current;
        Instant now = clock.instant();
        if (key == null || loadedAt.isBefore(now.minusSeconds(60))) {
            key = load();
            current = key;
            loadedAt = now;
        }
        return key;
    }

    /** CURRENT, NEXT and the RETIRED keys still published, newest state first. */
    public List<PublishedKey> published() {
        current(); // makes the keys on first use
        return jdbc.sql(
                        """
                SELECT kid, state, public_key FROM signing_keys
                WHERE state <> 'RETIRED' OR retired_at > ?
                ORDER BY CASE state WHEN 'CURRENT' THEN 0 WHEN 'NEXT' THEN 1 ELSE 2 END, created_at DESC""")
                .param(utc(clock.instant().minus(properties.retiredPublished())))
                .query((rs, row) -> new PublishedKey(
                        rs.getString("kid"), rs.getString("state").toLowerCase(), rs.getString("public_key")))
                .list();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::rotateWhenDue, properties.checkInterval());
    }

    void rotateWhenDue() {
        Instant activated = jdbc.sql("SELECT activated_at FROM signing_keys WHERE state = 'CURRENT'")
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant)
                .orElse(null);
        if (activated != null && activated.plus(properties.rotationPeriod()).isBefore(clock.instant())) {
            rotate();
        }
    }

    /** Retires CURRENT, promotes NEXT, makes a new NEXT. */
    @Transactional
    public synchronized void rotate() {
        current();
        Instant now = clock.instant();
        jdbc.sql("UPDATE signing_keys SET state = 'RETIRED', retired_at = ? WHERE state = 'CURRENT'")
                .param(utc(now))
                .update();
        jdbc.sql("UPDATE signing_keys SET state = 'CURRENT', activated_at = ? WHERE state = 'NEXT'")
                .param(utc(now))
                .update();
        insert("NEXT", now);
        current = null;
        log.info("Rotated the v1a signing key; now signing with {}", current().kid());
    }

    private synchronized Key load() {
        if (count("CURRENT") == 0) {
            insert("CURRENT", clock.instant());
        }
        if (count("NEXT") == 0) {
            insert("NEXT", clock.instant());
        }
        return jdbc.sql("SELECT kid, private_key FROM signing_keys WHERE state = 'CURRENT' ORDER BY activated_at DESC")
                .query((rs, row) -> new Key(rs.getString("kid"), privateKey(rs.getString("private_key"))))
                .list()
                .getFirst();
    }

    private int count(String state) {
        return jdbc.sql("SELECT COUNT(*) FROM signing_keys WHERE state = ?")
                .param(state)
                .query(Integer.class)
                .single();
    }

    private void insert(String state, Instant now) {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
        }
        byte[] spki = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, X509_PREFIX.length, spki.length);
        String kid = "whk_" + Long.toString(now.getEpochSecond(), 36) + "_"
                + HexFormat.of()
                        .formatHex(longBytes(ThreadLocalRandom.current().nextLong()))
                        .substring(0, 8);
        jdbc.sql(
                        """
                INSERT INTO signing_keys (kid, state, private_key, public_key, created_at, activated_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(
                        kid,
                        state,
                        Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
                        utc(now),
                        state.equals("CURRENT") ? utc(now) : null)
                .update();
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    private static PrivateKey privateKey(String pkcs8) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored signing key is unreadable", e);
        }
    }
}
