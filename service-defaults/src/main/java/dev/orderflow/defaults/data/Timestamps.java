package dev.orderflow.defaults.data;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants as the databases keep them. Columns are {@code TIMESTAMP WITH TIME ZONE}, written as UTC
 * {@link OffsetDateTime}s (the JDBC type both H2 and PostgreSQL map without a zone surprise), and
 * both keep microseconds: an instant with nanoseconds would read back different from what was
 * written, so anything stored and also shown (an ETag's body) is {@link #stored} first.
 */
public final class Timestamps {

    private Timestamps() {}

    /** For a JDBC parameter; null stays null. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The instant as the database will return it: truncated to microseconds. */
    public static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
