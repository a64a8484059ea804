package dev.orderflow.partners.psp;

import static dev.orderflow.defaults.data.Timestamps.stored;
import static dev.orderflow.defaults.data.Timestamps.utc;

import dev.orderflow.defaults.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the provider does with intents, each change one transaction with its event. Creation honours
 * an Idempotency-Key: the key's record and the intent are inserted together, so a concurrent or
 * later repeat finds the key (the database's primary key makes it wait for the first) and gets the
 * same intent, never a second one.
 */
@Service
class IntentDesk implements SchedulingConfigurer {

    private final PaymentIntents intents;
    private final Ids ids;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final PspProperties properties;
    private final Clock clock = Clock.systemUTC();

    IntentDesk(
            PaymentIntents intents,
            Ids ids,
            JdbcClient jdbc,
            TransactionTemplate tx,
            JsonMapper json,
            PspProperties properties) {
        this.intents = intents;
        this.ids = ids;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.properties = properties;
    }

    record NewIntent(long amount, String currency, Map<String, String> metadata, String description) {}

    /** The created intent, and whether it is the replay of an earlier request with the key. */
    record Created(PaymentIntent intent, boolean replayed) {}

    Created create(String accountId, NewIntent request, String idempotencyKey) {
        Instant now = now();
        String id = ids.intent();
        var intent = PaymentIntent.create(
                id,
                accountId,
                request.amount(),
                request.currency(),
                ids.clientSecret(id),
                request.metadata() == null ? Map.of() : request.metadata(),
                request.description(),
                now);
        if (idempotencyKey == null) {
            tx.executeWithoutResult(status -> intents.insert(intent, now));
            return new Created(intent, false);
        }
        String fingerprint = fingerprint(request);
        try {
            tx.executeWithoutResult(status -> {
                jdbc.sql(
                                """
                        INSERT INTO psp_idempotency (account_id, idempotency_key, fingerprint, intent_id, created_at)
                        VALUES (?, ?, ?, ?, ?)""")
                        .params(accountId, idempotencyKey, fingerprint, id, utc(now))
                        .update();
                intents.insert(intent, now);
            });
            return new Created(intent, false);
        } catch (DuplicateKeyException repeated) {
            var earlier = jdbc.sql(
                            "SELECT fingerprint, intent_id FROM psp_idempotency WHERE account_id = ? AND idempotency_key = ?")
                    .params(accountId, idempotencyKey)
                    .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)})
                    .single();
            if (!earlier[0].equals(fingerprint)) {
                throw new IdempotencyKeyReused();
            }
            return new Created(find(accountId, earlier[1]), true);
        }
    }

    PaymentIntent find(String accountId, String id) {
        return intents.find(accountId, id).orElseThrow(() -> new IntentNotFound(id));
    }

    /**
     * Confirms with a test payment method. A publishable key must present the intent's
     * client_secret; a secret key may, and then it must match too.
     */
    PaymentIntent confirm(String accountId, String id, String method, String clientSecret, boolean secretKey) {
        return tx.execute(status -> {
            PaymentIntent intent = find(accountId, id);
            if ((clientSecret == null && !secretKey)
                    || (clientSecret != null
                            && !MessageDigest.isEqual(
                                    clientSecret.getBytes(StandardCharsets.UTF_8),
                                    intent.clientSecret().getBytes(StandardCharsets.UTF_8)))) {
                throw new ClientSecretMismatch(id);
            }
            Instant now = now();
            intent.confirm(method, now, properties.processingDelay());
            intents.update(intent, now);
            return intent;
        });
    }

    PaymentIntent cancel(String accountId, String id) {
        return tx.execute(status -> {
            PaymentIntent intent = find(accountId, id);
            intent.cancel();
            Instant now = now();
            intents.update(intent, now);
            return intent;
        });
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::settleDue, properties.processingCheckInterval());
        tasks.addFixedDelayTask(
                this::forgetExpiredKeys, properties.processingCheckInterval().multipliedBy(600));
    }

    /** Processing payments whose delay is over succeed, each in its own transaction. */
    void settleDue() {
        for (PaymentIntent due : intents.dueToSettle(now(), 100)) {
            tx.executeWithoutResult(status -> intents.find(due.accountId(), due.id())
                    .filter(intent -> intent.status() == PaymentIntent.Status.PROCESSING)
                    .ifPresent(intent -> {
                        intent.settle();
                        intents.update(intent, now());
                    }));
        }
    }

    void forgetExpiredKeys() {
        jdbc.sql("DELETE FROM psp_idempotency WHERE created_at < ?")
                .param(utc(now().minus(properties.idempotencyRetention())))
                .update();
    }

    private Instant now() {
        return stored(clock.instant());
    }

    private String fingerprint(NewIntent request) {
        return Fingerprints.sha256(json.writeValueAsString(request));
    }

    static final class IntentNotFound extends RuntimeException {
        IntentNotFound(String id) {
            super("No payment intent " + id + ".");
        }
    }

    static final class ClientSecretMismatch extends RuntimeException {
        ClientSecretMismatch(String id) {
            super("The client_secret of payment intent " + id + " is required with a publishable key and must match.");
        }
    }

    static final class IdempotencyKeyReused extends RuntimeException {
        IdempotencyKeyReused() {
            super("This Idempotency-Key was already used with a different request body.");
        }
    }
}
