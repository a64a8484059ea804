package dev.orderflow.notifications.push;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound side of one connection: a bounded backlog of pushes and one virtual thread that
 * writes them, so that a client slow to read blocks only its own writer, never the dispatch of
 * events to everyone else.
 *
 * <p>Why hand-written: Spring's {@code ConcurrentWebSocketSessionDecorator} bounds the buffer but
 * sends on the calling thread (here: the one thread that dispatches every event), and SSE has no
 * equivalent at all. Live pushes beyond {@code limit} waiting mean the client cannot keep up: the
 * backlog is dropped and the connection closed, telling the client to resume. Events replayed to a
 * resuming client come from the shared buffer and are exempt from the limit (they are bounded by
 * the buffer's size), so catching up after a long gap is not mistaken for being slow.
 *
 * @param <T> what the transport writes (a WebSocket text, an SSE event)
 */
public final class Outbound<T> {

    /** Writes to the client; called only from the connection's writer thread. */
    public interface Transport<T> {
        void send(T message) throws Exception;

        /** A WebSocket ping or an SSE comment. */
        void keepalive() throws Exception;

        /** Ends the connection with a reason (a close code for WebSocket). */
        void close(Closing closing);
    }

    /** Why a connection ends. */
    public enum Closing {
        SLOW_CONSUMER(1013, "too slow to keep up; reconnect and resume from your last id"),
        TOKEN_EXPIRED(1008, "access token expired"),
        DEAD_PEER(1001, "no answer to keepalive pings"),
        TOO_BIG(1009, "message larger than 64 KiB"),
        BINARY(1003, "binary messages are not accepted; send JSON text"),
        SHUTDOWN(1001, "server shutting down");

        public final int code;
        public final String reason;

        Closing(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Outbound.class);

    private sealed interface Item<T> {}

    private record Push<T>(T message, boolean replayed) implements Item<T> {}

    private record Keepalive<T>() implements Item<T> {}

    private record Close<T>(Closing closing) implements Item<T> {}

    private final LinkedBlockingQueue<Item<T>> backlog = new LinkedBlockingQueue<>();
    private final AtomicInteger replaying = new AtomicInteger();
    private final int limit;
    private final Transport<T> transport;
    private final Thread writer;
    private volatile boolean closing;
    private volatile Closing pendingClose;

    public Outbound(String name, int limit, Transport<T> transport) {
        this.limit = limit;
        this.transport = transport;
        this.writer = Thread.ofVirtual().name("push-" + name).start(this::write);
    }

    /** Queues a live push; closes the connection instead when the client is too far behind. */
    public void push(T message) {
        if (closing) {
            return;
        }
        if (backlog.size() - replaying.get() >= limit) {
            close(Closing.SLOW_CONSUMER);
            return;
        }
        backlog.add(new Push<>(message, false));
    }

    /** Queues a push that replays a buffered event to a resuming client. */
    public void replay(T message) {
        if (!closing) {
            replaying.incrementAndGet();
            backlog.add(new Push<>(message, true));
        }
    }

    public void keepalive() {
        if (!closing) {
            backlog.add(new Keepalive<>());
        }
    }

    /** Drops what is still queued and ends the connection once the writer is free. */
    public void close(Closing closing) {
        if (this.closing) {
            return;
        }
        this.closing = true;
        this.pendingClose = closing;
        backlog.clear();
        backlog.add(new Close<>(closing));
    }

    /**
     * Ends the connection now, without waiting for the writer (which may be stuck on a dead peer).
     * A close already pending keeps its reason (a slow consumer is told to resume, not that it died).
     */
    public void abort(Closing closing) {
        Closing reason = pendingClose != null ? pendingClose : closing;
        this.closing = true;
        backlog.clear();
        writer.interrupt();
        Thread.ofVirtual().start(() -> transport.close(reason));
    }

    /** The connection is gone (closed by either side): stop the writer. */
    public void stopped() {
        closing = true;
        backlog.clear();
        writer.interrupt();
    }

    public boolean isClosing() {
        return closing;
    }

    private void write() {
        try {
            while (true) {
                Item<T> item = backlog.take();
                switch (item) {
                    case Push<T> push -> {
                        if (push.replayed()) {
                            replaying.decrementAndGet();
                        }
                        transport.send(push.message());
                    }
                    case Keepalive<T> ignored -> transport.keepalive();
                    case Close<T> close -> {
                        transport.close(close.closing());
                        return;
                    }
                }
            }
        } catch (InterruptedException stopped) {
            // the connection ended
        } catch (Exception failed) {
            log.debug("Push failed; closing the connection", failed);
            closing = true;
            backlog.clear();
            transport.close(Closing.DEAD_PEER);
        }
    }
}
