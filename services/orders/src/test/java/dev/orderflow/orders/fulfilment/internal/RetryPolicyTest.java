package dev.orderflow.orders.fulfilment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.contracts.inventory.v1.ImportSummary;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.ReserveStockRequest;
import dev.orderflow.contracts.inventory.v1.StockAdjustment;
import dev.orderflow.orders.fulfilment.FakeDependencies;
import dev.orderflow.orders.fulfilment.FulfilmentProperties;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;

/** gRPC's own retries (the service config orders installs), counted at the server. */
class RetryPolicyTest {

    @Test
    void retriesAnIdempotentCallUpToFourAttemptsAndNeverANonIdempotentOne() throws Exception {
        try (var server = new FakeDependencies()) {
            server.failInventoryCalls(1.0, 1);
            var config = new FulfilmentProperties.Dependency(Duration.ofSeconds(5), 4);
            var channel = GrpcChannels.channel(
                    plaintextTo("127.0.0.1:" + server.port()),
                    "inventory",
                    config,
                    GrpcStockroom.SERVICE,
                    GrpcStockroom.IDEMPOTENT);
            try {
                var stub = InventoryServiceGrpc.newBlockingStub(channel);
                assertThatThrownBy(() -> stub.reserveStock(ReserveStockRequest.newBuilder()
                                .setReservationId("r")
                                .build()))
                        .isInstanceOf(StatusRuntimeException.class);

                var done = new CompletableFuture<ImportSummary>();
                StreamObserver<StockAdjustment> upload = InventoryServiceGrpc.newStub(channel)
                        .importStock(new StreamObserver<>() {
                            public void onNext(ImportSummary value) {
                                done.complete(value);
                            }

                            public void onError(Throwable t) {
                                done.completeExceptionally(t);
                            }

                            public void onCompleted() {}
                        });
                upload.onNext(StockAdjustment.newBuilder()
                        .setSku("ACC-001")
                        .setDelta(1)
                        .build());
                upload.onCompleted();
                assertThat(done).failsWithin(10, TimeUnit.SECONDS);

                assertThat(server.attempts("ReserveStock")).isEqualTo(4);
                assertThat(server.attempts("ImportStock")).isEqualTo(1);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /**
     * gRFC A6 retry throttling (20 tokens, one per failed attempt, one back per success, no retries at
     * or below half): while every call fails, retries stop after the first few calls, so a dependency
     * that is down gets one attempt per call instead of four; after enough successes, a failure is
     * retried again.
     */
    @Test
    void retryThrottlingStopsRetriesWhileMostCallsFailAndResumesThemAfterSuccesses() throws Exception {
        try (var server = new FakeDependencies()) {
            server.failInventoryCalls(1.0, 1);
            var channel = GrpcChannels.channel(
                    plaintextTo("127.0.0.1:" + server.port()),
                    "inventory",
                    new FulfilmentProperties.Dependency(Duration.ofSeconds(5), 4),
                    GrpcStockroom.SERVICE,
                    GrpcStockroom.IDEMPOTENT);
            try {
                var stub = InventoryServiceGrpc.newBlockingStub(channel);
                var request =
                        ReserveStockRequest.newBuilder().setReservationId("r").build();
                List<Integer> attemptsPerCall = new ArrayList<>();
                for (int call = 0; call < 30; call++) {
                    int before = server.attempts("ReserveStock");
                    assertThatThrownBy(() -> stub.reserveStock(request)).isInstanceOf(StatusRuntimeException.class);
                    attemptsPerCall.add(server.attempts("ReserveStock") - before);
                }

                assertThat(attemptsPerCall.getFirst())
                        .as("the first failing call is retried")
                        .isEqualTo(4);
                assertThat(attemptsPerCall.subList(10, 30))
                        .as("then retries stop: one attempt per call")
                        .containsOnly(1);
                assertThat(server.attempts("ReserveStock"))
                        .as("attempts for 30 failing calls (120 without throttling)")
                        .isLessThan(45);

                server.failInventoryCalls(0.0, 1);
                for (int call = 0; call < 20; call++) {
                    stub.reserveStock(ReserveStockRequest.newBuilder()
                            .setReservationId("ok-" + call)
                            .build());
                }
                server.failInventoryCalls(1.0, 1);
                int before = server.attempts("ReserveStock");
                assertThatThrownBy(() -> stub.reserveStock(request)).isInstanceOf(StatusRuntimeException.class);
                assertThat(server.attempts("ReserveStock") - before)
                        .as("after 20 successes the tokens are back: retried again")
                        .isEqualTo(4);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /** Spring gRPC's factory, reduced to what matters here: a plaintext channel, then our customizer. */
    private static GrpcChannelFactory plaintextTo(String address) {
        return new GrpcChannelFactory() {
            @Override
            public boolean supports(String target) {
                return true;
            }

            @Override
            public ManagedChannel createChannel(String target, ChannelBuilderOptions options) {
                NettyChannelBuilder builder =
                        NettyChannelBuilder.forTarget(address).usePlaintext();
                options.<NettyChannelBuilder>customizer().customize(target, builder);
                return builder.build();
            }
        };
    }
}
