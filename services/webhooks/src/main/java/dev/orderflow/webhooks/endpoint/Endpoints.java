package dev.orderflow.webhooks.endpoint;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The endpoints and their secrets, in the service's database. */
@Component
public class Endpoints {

    private static final String COLUMNS =
            "id, position, owner, url, description, event_types, signature_scheme, enabled, disabled_reason,"
                    + " disabled_at, failing_since, created_at, updated_at";

    private final JdbcClient jdbc;

    Endpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Endpoint> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM endpoints WHERE id = ?")
                .param(id)
                .query(Endpoints::endpoint)
                .optional();
    }

    /** The owner's endpoint; empty for another owner's, so ids cannot be probed. */
    public Optional<Endpoint> find(String owner, String id) {
        return find(id).filter(endpoint -> endpoint.owner().equals(owner));
    }

    /** Every endpoint that receives messages of this type (order events go to every partner's). */
    public List<Endpoint> receiving(String type) {
        return jdbc
                .sql("SELECT " + COLUMNS + " FROM endpoints ORDER BY position")
                .query(Endpoints::endpoint)
                .list()
                .stream()
                .filter(endpoint -> endpoint.accepts(type))
                .toList();
    }

    public List<Endpoint> ofOwner(String owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM endpoints WHERE owner = ? ORDER BY position")
                .param(owner)
                .query(Endpoints::endpoint)
                .list();
    }

    /** One page of the owner's endpoints after a position, oldest first; one more than asked if there is more. */
    List<Endpoint> page(String owner, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM endpoints WHERE owner = ? AND position > ? ORDER BY position FETCH FIRST ? ROWS ONLY")
                .params(owner, after, limit + 1)
                .query(Endpoints::endpoint)
                .list();
    }

    /** The secrets that sign now: the current one first, then one still in its rotation overlap. */
    public List<String> secrets(String endpointId, Instant now) {
        return jdbc.sql(
                        """
                SELECT secret FROM endpoint_secrets WHERE endpoint_id = ? AND (expires_at IS NULL OR expires_at > ?)
                ORDER BY created_at DESC""")
                .params(endpointId, utc(now))
                .query(String.class)
                .list();
    }

    /**
     * Disables an enabled endpoint; false if it was disabled already (so one disable is reported once).
     */
    public boolean disable(String id, String reason, Instant at) {
        return jdbc.sql(
                                """
                UPDATE endpoints SET enabled = FALSE, disabled_reason = ?, disabled_at = ?, updated_at = ?
                WHERE id = ? AND enabled = TRUE""")
                        .params(reason, utc(at), utc(at), id)
                        .update()
                == 1;
    }

    /** Records a failed attempt: the endpoint is failing since the first failure after a success. */
    public Instant failed(String id, Instant at) {
        jdbc.sql("UPDATE endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL")
                .params(utc(at), id)
                .update();
        return jdbc.sql("SELECT failing_since FROM endpoints WHERE id = ?")
                .param(id)
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant)
                .orElse(at);
    }

    public void succeeded(String id) {
        jdbc.sql("UPDATE endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL")
                .param(id)
                .update();
    }

    static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        String types = rs.getString("event_types");
        return new Endpoint(
                rs.getString("id"),
                rs.getLong("position"),
                rs.getString("owner"),
                rs.getString("url"),
                rs.getString("description"),
                types == null ? null : Arrays.asList(types.split(",")),
                rs.getString("signature_scheme"),
                rs.getBoolean("enabled"),
                rs.getString("disabled_reason"),
                instant(rs, "disabled_at"),
                instant(rs, "failing_since"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
