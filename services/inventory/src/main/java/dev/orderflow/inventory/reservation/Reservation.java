package dev.orderflow.inventory.reservation;

import java.time.Instant;
import java.util.List;

/**
 * @param fingerprint of the requested lines; null for a release tombstone (a release that arrived
 *     before, or instead of, its reservation: it keeps a late ReserveStock from holding stock)
 */
public record Reservation(String id, State state, List<Line> lines, String fingerprint, Instant expiresAt) {

    public enum State {
        HELD,
        COMMITTED,
        RELEASED,
        EXPIRED
    }

    public record Line(String sku, int quantity) {}
}
