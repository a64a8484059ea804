package dev.orderflow.sdk.paging;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A listing that fetches its pages lazily, one when the previous one is used up: {@link #stream()}
 * and {@link #iterator()} over items, {@link #pages()} over whole pages. Stop consuming (e.g.
 * {@code stream().limit(50)}) and no further page is fetched. Works the same for cursor pages
 * ({@code next_cursor} / {@code Link: rel="next"}), page numbers and Relay connections: each
 * listing supplies how to fetch a page from a position.
 */
public final class Paged<T> implements Iterable<T> {

    private final Optional<String> start;
    private final Function<Optional<String>, Page<T>> fetch;

    public Paged(Optional<String> start, Function<Optional<String>, Page<T>> fetch) {
        this.start = start;
        this.fetch = fetch;
    }

    /** Every page from the start, lazily. */
    public Iterator<Page<T>> pages() {
        return new Iterator<>() {
            private Optional<String> position = start;
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public Page<T> next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                Page<T> page = fetch.apply(position);
                position = page.next();
                done = page.next().isEmpty();
                return page;
            }
        };
    }

    @Override
    public Iterator<T> iterator() {
        Iterator<Page<T>> pages = pages();
        return new Iterator<>() {
            private Iterator<T> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && pages.hasNext()) {
                    current = pages.next().items().iterator();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }
}
