package dev.orderflow.sdk.grpc;

import dev.orderflow.contracts.shipping.v1.QuoteShippingRequest;
import dev.orderflow.contracts.shipping.v1.ShippingQuote;
import dev.orderflow.contracts.shipping.v1.ShippingServiceGrpc;
import dev.orderflow.contracts.shipping.v1.TrackShipmentRequest;
import dev.orderflow.contracts.shipping.v1.TrackingEvent;
import dev.orderflow.sdk.auth.TokenSource;
import dev.orderflow.sdk.stream.Listener;
import dev.orderflow.sdk.stream.Reconnecting;
import dev.orderflow.sdk.stream.Subscription;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Shipping over gRPC: quotes and tracking (token scope {@code shipping:read}). */
public final class Shipping {

    static final List<String> RETRIED = List.of("orderflow.shipping.v1.ShippingService/QuoteShipping");

    private final ShippingServiceGrpc.ShippingServiceBlockingStub blocking;
    private final ShippingServiceGrpc.ShippingServiceStub async;
    private final Duration deadline;
    private final ScheduledExecutorService scheduler;

    public Shipping(ManagedChannel channel, TokenSource tokens, Duration deadline, ScheduledExecutorService scheduler) {
        var credentials = new BearerCredentials(tokens);
        this.blocking = ShippingServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        this.async = ShippingServiceGrpc.newStub(channel).withCallCredentials(credentials);
        this.deadline = deadline;
        this.scheduler = scheduler;
    }

    public ShippingQuote quote(QuoteShippingRequest request) {
        return blocking.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .quoteShipping(request);
    }

    /**
     * Every tracking event of a shipment, then new ones, until it is delivered (the stream then
     * completes). After a disconnect it reconnects with {@code after_sequence} = the last sequence
     * delivered, so each event arrives exactly once, in order.
     */
    public Subscription track(String shipmentId, Listener<TrackingEvent> listener) {
        var last = new AtomicLong();
        Listener<TrackingEvent> counting = new Listener<>() {
            @Override
            public void onItem(TrackingEvent event) {
                if (event.getSequence() <= last.get()) {
                    return; // already delivered before a reconnect
                }
                last.set(event.getSequence());
                listener.onItem(event);
            }

            @Override
            public void onReconnecting(Throwable cause, Duration wait) {
                listener.onReconnecting(cause, wait);
            }

            @Override
            public void onCompleted() {
                listener.onCompleted();
            }

            @Override
            public void onError(Throwable error) {
                listener.onError(error);
            }
        };
        return new Reconnecting<TrackingEvent>(
                        connection -> GrpcStreams.open(
                                connection,
                                observer -> async.trackShipment(
                                        TrackShipmentRequest.newBuilder()
                                                .setShipmentId(shipmentId)
                                                .setAfterSequence(last.get())
                                                .build(),
                                        observer)),
                        counting,
                        scheduler,
                        GrpcStreams::retryable,
                        10)
                .start();
    }
}
