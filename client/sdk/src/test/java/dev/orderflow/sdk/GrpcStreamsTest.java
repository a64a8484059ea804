package dev.orderflow.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.GetStockResponse;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.StockLevel;
import dev.orderflow.contracts.inventory.v1.WatchStockRequest;
import dev.orderflow.contracts.shipping.v1.ShipmentStatus;
import dev.orderflow.contracts.shipping.v1.ShippingServiceGrpc;
import dev.orderflow.contracts.shipping.v1.TrackShipmentRequest;
import dev.orderflow.contracts.shipping.v1.TrackingEvent;
import dev.orderflow.sdk.stream.Listener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC helpers against a server that drops streams: every call carries the token, unary calls
 * have a deadline, and streams resume where they stopped.
 */
class GrpcStreamsTest {

    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<Long> afterSequences = new CopyOnWriteArrayList<>();
    final AtomicInteger watchCalls = new AtomicInteger();
    final AtomicBoolean slow = new AtomicBoolean();
    final java.util.concurrent.CountDownLatch unanswered = new java.util.concurrent.CountDownLatch(1);
    Server server;

    @BeforeEach
    void start() throws Exception {
        ServerInterceptor recordAuthorization = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                authorizations.add(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
                return next.startCall(call, headers);
            }
        };
        var inventory = new InventoryServiceGrpc.InventoryServiceImplBase() {
            @Override
            public void getStock(GetStockRequest request, StreamObserver<GetStockResponse> response) {
                if (slow.get()) {
                    try { // no answer until the test ends: the client's 1 s deadline must fire
                        unanswered.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                response.onNext(GetStockResponse.newBuilder()
                        .addLevels(StockLevel.newBuilder()
                                .setSku(request.getSkus(0))
                                .setAvailable(7))
                        .build());
                response.onCompleted();
            }

            @Override
            public void watchStock(WatchStockRequest request, StreamObserver<StockLevel> response) {
                int call = watchCalls.incrementAndGet();
                response.onNext(StockLevel.newBuilder()
                        .setSku("ACC-001")
                        .setAvailable(10 - call)
                        .build());
                if (call == 1) {
                    response.onError(Status.UNAVAILABLE
                            .withDescription("server restarting")
                            .asRuntimeException());
                }
            }
        };
        var shipping = new ShippingServiceGrpc.ShippingServiceImplBase() {
            @Override
            public void trackShipment(TrackShipmentRequest request, StreamObserver<TrackingEvent> response) {
                afterSequences.add(request.getAfterSequence());
                long from = request.getAfterSequence() + 1;
                long to = afterSequences.size() == 1 ? 2 : 4; // the first connection drops after two events
                for (long s = from; s <= to; s++) {
                    response.onNext(TrackingEvent.newBuilder()
                            .setShipmentId(request.getShipmentId())
                            .setSequence(s)
                            .setStatus(s == 4 ? ShipmentStatus.DELIVERED : ShipmentStatus.IN_TRANSIT)
                            .build());
                }
                if (to == 2) {
                    response.onError(Status.UNAVAILABLE
                            .withDescription("connection reset")
                            .asRuntimeException());
                } else {
                    response.onCompleted();
                }
            }
        };
        server = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(inventory, recordAuthorization))
                .addService(ServerInterceptors.intercept(shipping, recordAuthorization))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        unanswered.countDown();
        server.shutdownNow();
    }

    Orderflow client() {
        String target = "127.0.0.1:" + server.getPort();
        var local = Endpoints.localhost();
        return Orderflow.builder()
                .endpoints(new Endpoints(
                        local.identity(),
                        local.orders(),
                        local.notifications(),
                        local.analytics(),
                        local.webhooks(),
                        local.partners(),
                        target,
                        target))
                .bearerToken("grpc-token")
                .grpcDeadline(Duration.ofSeconds(1))
                .build();
    }

    @Test
    void sendsTheTokenAsCallCredentialsAndGivesEveryCallADeadline() {
        try (var orderflow = client()) {
            assertThat(orderflow
                            .inventory()
                            .stock(List.of("ACC-001"))
                            .getFirst()
                            .getAvailable())
                    .isEqualTo(7);
            slow.set(true);
            assertThatThrownBy(() -> orderflow.inventory().stock(List.of("ACC-001")))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        }
        assertThat(authorizations).first().isEqualTo("Bearer grpc-token");
    }

    @Test
    void resumesTrackingAfterTheLastSequenceSeenAndEndsWhenDelivered() {
        var events = new CopyOnWriteArrayList<Long>();
        var reconnects = new AtomicInteger();
        var completed = new AtomicBoolean();
        try (var orderflow = client()) {
            orderflow.shipping().track("shp_1", new Listener<>() {
                @Override
                public void onItem(TrackingEvent event) {
                    events.add(event.getSequence());
                }

                @Override
                public void onReconnecting(Throwable cause, Duration wait) {
                    reconnects.incrementAndGet();
                }

                @Override
                public void onCompleted() {
                    completed.set(true);
                }
            });
            await().atMost(Duration.ofSeconds(10)).untilTrue(completed);
        }
        assertThat(events).containsExactly(1L, 2L, 3L, 4L);
        assertThat(afterSequences).containsExactly(0L, 2L);
        assertThat(reconnects).hasValue(1);
    }

    @Test
    void watchesStockAgainAfterTheServerDropsTheStream() {
        var levels = new CopyOnWriteArrayList<Long>();
        try (var orderflow = client()) {
            var subscription = orderflow.inventory().watch(List.of("ACC-001"), new Listener<>() {
                @Override
                public void onItem(StockLevel level) {
                    levels.add(level.getAvailable());
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> levels.size() == 2);
            subscription.close();
            assertThat(subscription.isDone()).isTrue();
        }
        assertThat(levels).containsExactly(9L, 8L);
        assertThat(watchCalls).hasValue(2);
    }
}
