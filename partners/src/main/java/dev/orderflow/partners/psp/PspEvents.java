package dev.orderflow.partners.psp;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events of an account, in the order they happened: each stored once as the JSON document the
 * API and (later) webhooks send, with the intent as it was right after the change.
 */
@Repository
class PspEvents {

    static final String CHAOTIC = "pm_card_visa_chaoticWebhooks";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Ids ids;
    private final WebhookDeliveries deliveries;
    private final PspProperties properties;
    private final Faults faults;
    private final Random chance = new SecureRandom();

    PspEvents(
            JdbcClient jdbc,
            JsonMapper json,
            Ids ids,
            WebhookDeliveries deliveries,
            PspProperties properties,
            Faults faults) {
        this.faults = faults;
        this.jdbc = jdbc;
        this.json = json;
        this.ids = ids;
        this.deliveries = deliveries;
        this.properties = properties;
    }

    /** An event as psp.yaml shows it. */
    record EventView(String id, String object, String type, long created, Data data) {
        record Data(IntentView object) {}
    }

    /** One page, and whether more follow. */
    record Page(List<JsonNode> events, boolean hasMore) {}

    /** Call inside the transaction of the change. */
    void record(PaymentIntent intent, String type, Instant now) {
        String id = ids.event();
        var event = new EventView(
                id, "event", type, now.getEpochSecond(), new EventView.Data(IntentView.of(intent, false)));
        jdbc.sql(
                        """
                INSERT INTO psp_events (id, account_id, type, intent_id, payload, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(id, intent.accountId(), type, intent.id(), json.writeValueAsString(event), utc(now))
                .update();
        scheduleWebhooks(intent, id, type, now);
    }

    /** The event's body, exactly as listed and as delivered. */
    String payload(String eventId) {
        return jdbc.sql("SELECT payload FROM psp_events WHERE id = ?")
                .param(eventId)
                .query(String.class)
                .single();
    }

    /**
     * One delivery per event, in the same transaction. For {@code pm_card_visa_chaoticWebhooks} the
     * success is delivered twice and the intent's creation once more after it: a receiver sees a
     * duplicate and an event older than one it already processed.
     */
    private void scheduleWebhooks(PaymentIntent intent, String eventId, String type, Instant now) {
        String url = properties.accounts().stream()
                .filter(account -> account.id().equals(intent.accountId()))
                .findFirst()
                .map(PspProperties.Account::webhookUrl)
                .orElse(null);
        if (url == null || url.isBlank()) {
            return;
        }
        Duration gap = properties.webhooks().chaosDelay();
        Faults.Settings faults = this.faults.settings();
        // the delay fault holds this one back until later events have gone; the duplicate fault sends it again
        Instant first = chance.nextDouble() < faults.webhookDelayRate() ? now.plus(gap.multipliedBy(2)) : now;
        deliveries.schedule(eventId, intent.accountId(), url, first, now);
        if (chance.nextDouble() < faults.webhookDuplicateRate()) {
            deliveries.schedule(eventId, intent.accountId(), url, first.plus(gap), now);
        }
        if (CHAOTIC.equals(intent.paymentMethod()) && type.equals("payment_intent.succeeded")) {
            deliveries.schedule(eventId, intent.accountId(), url, now.plus(gap), now);
            jdbc.sql("SELECT id FROM psp_events WHERE intent_id = ? AND type = 'payment_intent.created'")
                    .param(intent.id())
                    .query(String.class)
                    .optional()
                    .ifPresent(created ->
                            deliveries.schedule(created, intent.accountId(), url, now.plus(gap.multipliedBy(2)), now));
        }
    }

    /**
     * Events after {@code startingAfter} (or from the first), oldest first; empty when that event
     * is not one of this account's.
     */
    Optional<Page> page(String accountId, String startingAfter, int limit) {
        long after = 0;
        if (startingAfter != null) {
            Optional<Long> seq = jdbc.sql("SELECT seq FROM psp_events WHERE id = ? AND account_id = ?")
                    .params(startingAfter, accountId)
                    .query(Long.class)
                    .optional();
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            after = seq.get();
        }
        List<JsonNode> rows = jdbc.sql(
                        "SELECT payload FROM psp_events WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT ?")
                .params(accountId, after, limit + 1)
                .query((rs, row) -> json.readTree(rs.getString("payload")))
                .list();
        boolean more = rows.size() > limit;
        return Optional.of(new Page(more ? rows.subList(0, limit) : rows, more));
    }
}
