package dev.orderflow.notifications.feed;

import static dev.orderflow.defaults.Problems.abbreviate;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A position in the topic: for each partition, the offset of the next event not yet seen. It is the
 * {@code id} of every push and what a client resumes from. Offsets are the same for every consumer
 * of the topic, so a position taken on one instance of the service is valid on any other; one
 * number per partition (rather than the id of the last event) is what makes resuming exact when
 * events of several partitions interleave differently on different instances.
 *
 * <p>Text form: {@code partition:offset} pairs in partition order, comma separated ({@code 0:17,1:4}).
 */
public final class Position {

    private static final Pattern FORMAT = Pattern.compile("[0-9]{1,4}:[0-9]{1,19}(,[0-9]{1,4}:[0-9]{1,19}){0,1023}");

    private final TreeMap<Integer, Long> next;

    private Position(TreeMap<Integer, Long> next) {
        this.next = next;
    }

    public static Position empty() {
        return new Position(new TreeMap<>());
    }

    /** Parses the text form; a malformed one is an {@link IllegalArgumentException}. */
    public static Position parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException("not a stream position: " + abbreviate(text));
        }
        TreeMap<Integer, Long> next = new TreeMap<>();
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            try {
                if (next.put(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)))
                        != null) {
                    throw new IllegalArgumentException("partition repeated in " + abbreviate(text));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a stream position: " + abbreviate(text));
            }
        }
        return new Position(next);
    }

    public Position copy() {
        return new Position(new TreeMap<>(next));
    }

    /** The next offset not yet seen in a partition (0 when the partition is unknown here). */
    public long next(int partition) {
        return next.getOrDefault(partition, 0L);
    }

    public boolean knows(int partition) {
        return next.containsKey(partition);
    }

    /** Has this position already passed the event at that partition and offset? */
    public boolean isPast(int partition, long offset) {
        return offset < next(partition);
    }

    /** Moves past an event (never backwards). */
    public void advance(int partition, long offset) {
        next.merge(partition, offset + 1, Math::max);
    }

    /** Sets where a partition starts (used when a partition is assigned). */
    public void set(int partition, long nextOffset) {
        next.put(partition, nextOffset);
    }

    public Map<Integer, Long> asMap() {
        return Map.copyOf(next);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        next.forEach((partition, offset) -> {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(partition).append(':').append(offset);
        });
        return text.toString();
    }
}
