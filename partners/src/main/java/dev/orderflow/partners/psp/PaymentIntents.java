package dev.orderflow.partners.psp;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payment intents in plain SQL (H2 and PostgreSQL alike). Saving an intent also records the
 * events of its changes, in the caller's transaction, so an event exists if and only if its change
 * does.
 */
@Repository
class PaymentIntents {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final PspEvents events;

    PaymentIntents(JdbcClient jdbc, JsonMapper json, PspEvents events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    void insert(PaymentIntent intent, Instant now) {
        jdbc.sql(
                        """
                INSERT INTO payment_intents (id, account_id, amount, currency, status, client_secret, payment_method,
                    error_code, error_decline_code, error_message, metadata, description, created_at, succeeds_at, version)
                VALUES (:id, :account, :amount, :currency, :status, :secret, :method, :code, :decline, :message,
                    :metadata, :description, :created, :succeeds, :version)""")
                .params(columns(intent))
                .param("account", intent.accountId())
                .param("amount", intent.amount())
                .param("currency", intent.currency())
                .param("secret", intent.clientSecret())
                .param("metadata", json.writeValueAsString(intent.metadata()))
                .param("description", intent.description())
                .param("created", utc(intent.createdAt()))
                .update();
        recordChanges(intent, now);
    }

    /** Saves a changed intent if nobody changed it since it was read (optimistic locking on version). */
    void update(PaymentIntent intent, Instant now) {
        int updated = jdbc.sql(
                        """
                UPDATE payment_intents SET status = :status, payment_method = :method, error_code = :code,
                    error_decline_code = :decline, error_message = :message, succeeds_at = :succeeds, version = :version
                WHERE id = :id AND version = :previous""")
                .params(columns(intent))
                .param("previous", intent.version() - intent.unsavedChanges().size())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("Payment intent " + intent.id() + " was changed concurrently");
        }
        recordChanges(intent, now);
    }

    Optional<PaymentIntent> find(String accountId, String id) {
        return jdbc.sql("SELECT * FROM payment_intents WHERE id = ? AND account_id = ?")
                .params(id, accountId)
                .query(this::intent)
                .optional();
    }

    /** Processing intents whose delay is over, oldest first. */
    List<PaymentIntent> dueToSettle(Instant now, int limit) {
        return jdbc.sql("SELECT * FROM payment_intents WHERE status = 'PROCESSING' AND succeeds_at <= ?"
                        + " ORDER BY succeeds_at LIMIT ?")
                .params(utc(now), limit)
                .query(this::intent)
                .list();
    }

    private void recordChanges(PaymentIntent intent, Instant now) {
        for (PaymentIntent.Change change : intent.unsavedChanges()) {
            events.record(intent, change.type(), now);
        }
        intent.changesSaved();
    }

    private static Map<String, Object> columns(PaymentIntent intent) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", intent.id());
        columns.put("status", intent.status().name());
        columns.put("method", intent.paymentMethod());
        var error = intent.lastError();
        columns.put("code", error == null ? null : error.code());
        columns.put("decline", error == null ? null : error.declineCode());
        columns.put("message", error == null ? null : error.message());
        columns.put("succeeds", utc(intent.succeedsAt()));
        columns.put("version", intent.version());
        return columns;
    }

    private PaymentIntent intent(ResultSet rs, int row) throws SQLException {
        String code = rs.getString("error_code");
        OffsetDateTime succeedsAt = rs.getObject("succeeds_at", OffsetDateTime.class);
        return new PaymentIntent(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getLong("amount"),
                rs.getString("currency"),
                rs.getString("client_secret"),
                json.readValue(rs.getString("metadata"), METADATA),
                rs.getString("description"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                PaymentIntent.Status.valueOf(rs.getString("status")),
                rs.getString("payment_method"),
                code == null
                        ? null
                        : new PaymentIntent.PaymentError(
                                code, rs.getString("error_decline_code"), rs.getString("error_message")),
                succeedsAt == null ? null : succeedsAt.toInstant(),
                rs.getInt("version"));
    }
}
