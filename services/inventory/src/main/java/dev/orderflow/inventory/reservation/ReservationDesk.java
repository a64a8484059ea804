package dev.orderflow.inventory.reservation;

import dev.orderflow.defaults.Fingerprints;
import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.inventory.InventoryException;
import dev.orderflow.inventory.InventoryProperties;
import dev.orderflow.inventory.reservation.Reservation.Line;
import dev.orderflow.inventory.reservation.Reservation.State;
import dev.orderflow.inventory.stock.Stock;
import dev.orderflow.inventory.stock.StockWatchers;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reserve, commit, release and expire, each in one transaction; watchers hear of the change after
 * it commits. Reservations are idempotent by their caller-chosen id.
 */
@Service
public class ReservationDesk implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ReservationDesk.class);

    private final Reservations reservations;
    private final Stock stock;
    private final StockWatchers watchers;
    private final TransactionTemplate tx;
    private final InventoryProperties properties;
    private final Clock clock;

    ReservationDesk(
            Reservations reservations,
            Stock stock,
            StockWatchers watchers,
            TransactionTemplate tx,
            InventoryProperties properties,
            Clock clock) {
        this.reservations = reservations;
        this.stock = stock;
        this.watchers = watchers;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    public Reservation reserve(String id, List<Line> requested) {
        // One order for every transaction that locks stock rows, so concurrent reservations cannot deadlock.
        List<Line> lines =
                requested.stream().sorted(Comparator.comparing(Line::sku)).toList();
        List<String> skus = lines.stream().map(Line::sku).toList();
        String fingerprint = fingerprint(lines);
        Instant now = now();
        var reservation = new Reservation(id, State.HELD, lines, fingerprint, now.plus(properties.reservationTtl()));
        try {
            tx.executeWithoutResult(status -> {
                reservations.insert(reservation, now);
                List<String> unknown = new ArrayList<>();
                List<String> short_ = new ArrayList<>();
                for (Line line : lines) {
                    if (!stock.hold(line.sku(), line.quantity(), now)) {
                        (stock.exists(line.sku()) ? short_ : unknown).add(line.sku());
                    }
                }
                if (!unknown.isEmpty()) {
                    throw new InventoryException.NotFound("sku", unknown);
                }
                if (!short_.isEmpty()) {
                    throw new InventoryException.InsufficientStock(short_);
                }
            });
        } catch (DuplicateKeyException repeated) {
            Reservation existing = reservations.find(id).orElseThrow(() -> repeated);
            if (existing.fingerprint() != null && !existing.fingerprint().equals(fingerprint)) {
                throw new InventoryException.ReservationConflict(id);
            }
            return existing; // the same request again, or a release that came first (tombstone)
        }
        watchers.publish(stock.levels(skus));
        return reservation;
    }

    public Reservation commit(String id) {
        Reservation result = tx.execute(status -> {
            Reservation reservation = reservations
                    .find(id)
                    .orElseThrow(() -> new InventoryException.NotFound("reservation", List.of(id)));
            if (reservation.state() == State.COMMITTED) {
                return reservation;
            }
            if (reservation.state() != State.HELD || !reservations.transition(id, State.HELD, State.COMMITTED, now())) {
                throw new InventoryException.InvalidState(
                        id, reservations.find(id).orElseThrow().state().name(), "committed");
            }
            reservation.lines().forEach(line -> stock.consume(line.sku(), line.quantity(), now()));
            return withState(reservation, State.COMMITTED);
        });
        watchers.publish(stock.levels(skus(result)));
        return result;
    }

    public Reservation release(String id) {
        Reservation result = tx.execute(status -> {
            var found = reservations.find(id);
            if (found.isEmpty()) {
                var tombstone = new Reservation(id, State.RELEASED, List.of(), null, now());
                try {
                    reservations.insert(tombstone, now());
                    return tombstone;
                } catch (DuplicateKeyException raced) {
                    status.setRollbackOnly();
                    return null; // the reservation arrived meanwhile: release it below
                }
            }
            return returnStock(found.get(), State.RELEASED, "released");
        });
        if (result == null) {
            return release(id);
        }
        watchers.publish(stock.levels(skus(result)));
        return result;
    }

    /** Returns the stock of reservations held past their TTL. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::expireOverdue, properties.expiryCheckInterval());
    }

    public int expireOverdue() {
        int expired = 0;
        for (String id : reservations.heldAndExpired(now(), 500)) {
            Reservation result = tx.execute(status -> reservations
                    .find(id)
                    .filter(r -> r.state() == State.HELD)
                    .map(r -> returnStock(r, State.EXPIRED, "expired"))
                    .orElse(null));
            if (result != null && result.state() == State.EXPIRED) {
                expired++;
                watchers.publish(stock.levels(skus(result)));
            }
        }
        if (expired > 0) {
            log.info("Expired {} reservations", expired);
        }
        return expired;
    }

    private Reservation returnStock(Reservation reservation, State to, String action) {
        if (reservation.state() == State.RELEASED || reservation.state() == State.EXPIRED) {
            return reservation; // idempotent: the stock is already back
        }
        if (reservation.state() == State.COMMITTED) {
            throw new InventoryException.InvalidState(reservation.id(), "COMMITTED", action);
        }
        if (!reservations.transition(reservation.id(), State.HELD, to, now())) {
            return reservations.find(reservation.id()).orElseThrow(); // moved concurrently
        }
        reservation.lines().forEach(line -> stock.unhold(line.sku(), line.quantity(), now()));
        return withState(reservation, to);
    }

    private static Reservation withState(Reservation r, State state) {
        return new Reservation(r.id(), state, r.lines(), r.fingerprint(), r.expiresAt());
    }

    private static List<String> skus(Reservation reservation) {
        return reservation.lines().stream().map(Line::sku).toList();
    }

    private Instant now() {
        return Timestamps.stored(clock.instant());
    }

    private static String fingerprint(List<Line> sortedLines) {
        StringBuilder text = new StringBuilder();
        sortedLines.forEach(line ->
                text.append(line.sku()).append('=').append(line.quantity()).append(';'));
        return Fingerprints.sha256(text.toString());
    }
}
