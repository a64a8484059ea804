package dev.orderflow.notifications.sse;

import dev.orderflow.defaults.security.Caller;
import dev.orderflow.notifications.NotificationsProperties;
import dev.orderflow.notifications.feed.Hub;
import dev.orderflow.notifications.feed.OrderChange;
import dev.orderflow.notifications.feed.Position;
import dev.orderflow.notifications.push.Messages;
import dev.orderflow.notifications.push.Outbound;
import dev.orderflow.notifications.push.Outbound.Closing;
import dev.orderflow.notifications.push.Subscription;
import dev.orderflow.notifications.push.Topic;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/** One SSE response: a subscription whose pushes are SSE events with the stream position as {@code id}. */
final class SseStream implements Subscription.Sink, Outbound.Transport<SseEventBuilder> {

    private final SseEmitter emitter;
    private final Subscription subscription;
    private final Messages messages;
    private final Outbound<SseEventBuilder> outbound;
    private final Consumer<SseStream> onEnd;
    private Hub hub;

    SseStream(
            SseEmitter emitter,
            Topic topic,
            Caller viewer,
            Messages messages,
            NotificationsProperties properties,
            Consumer<SseStream> onEnd) {
        this.emitter = emitter;
        this.messages = messages;
        this.onEnd = onEnd;
        this.subscription = new Subscription(topic, viewer, this);
        this.outbound = new Outbound<>("sse-" + UUID.randomUUID(), properties.outboundLimit(), this);
        emitter.onCompletion(this::ended);
        emitter.onTimeout(() -> outbound.close(Closing.TOKEN_EXPIRED));
        emitter.onError(error -> ended());
        outbound.push(SseEmitter.event().reconnectTime(properties.sseRetry().toMillis()));
    }

    void start(Hub hub, Position resumeFrom) {
        this.hub = hub;
        hub.subscribe(subscription, resumeFrom);
    }

    SseEmitter emitter() {
        return emitter;
    }

    void end() {
        outbound.close(Closing.SHUTDOWN);
    }

    void heartbeat() {
        outbound.keepalive();
    }

    private void ended() {
        outbound.stopped();
        if (hub != null) {
            hub.unsubscribe(subscription);
        }
        onEnd.accept(this);
    }

    // Subscription.Sink

    @Override
    public void started(Subscription subscription, Position position) {
        // SSE has no acknowledgement: the first event (or resync) carries the position.
    }

    @Override
    public void event(Subscription subscription, OrderChange event, Position position, boolean replayed) {
        SseEventBuilder sse = SseEmitter.event()
                .id(position.toString())
                .name("order_event")
                .data(messages.event(subscription.topic(), position, event), MediaType.APPLICATION_JSON);
        if (replayed) {
            outbound.replay(sse);
        } else {
            outbound.push(sse);
        }
    }

    @Override
    public void resync(Subscription subscription, Position position) {
        outbound.push(SseEmitter.event()
                .id(position.toString())
                .name("resync")
                .data(messages.resync(subscription.topic(), position), MediaType.APPLICATION_JSON));
    }

    // Outbound.Transport

    @Override
    public void send(SseEventBuilder event) throws IOException {
        emitter.send(event);
    }

    @Override
    public void keepalive() throws IOException {
        emitter.send(SseEmitter.event().comment("keepalive"));
    }

    @Override
    public void close(Closing closing) {
        emitter.complete();
    }
}
