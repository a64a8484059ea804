package dev.orderflow.inventory;

import static dev.orderflow.inventory.InventoryTestSupport.async;
import static dev.orderflow.inventory.InventoryTestSupport.blocking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.ImportSummary;
import dev.orderflow.contracts.inventory.v1.StockAdjustment;
import dev.orderflow.testing.Observers;
import dev.orderflow.testing.TestTokens;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Shutdown: health turns NOT_SERVING, the call in flight finishes, new calls are refused. */
class GracefulShutdownTest {

    @Test
    void turnsNotServingFinishesInFlightCallsAndRefusesNewOnes() throws Exception {
        int port = InventoryServerTest.freePort();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(InventoryApplication.class)
                .run(
                        "--spring.datasource.url=jdbc:h2:mem:inventory-shutdown;DB_CLOSE_DELAY=-1",
                        "--spring.flyway.locations=classpath:db/migration,classpath:db/demo",
                        "--server.port=0",
                        "--spring.grpc.server.port=" + port,
                        "--spring.grpc.server.shutdown-grace-period=20s",
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
                                + InventoryTestSupport.tokens.jwkSetUri(),
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER);
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            var statuses = new CopyOnWriteArrayList<HealthCheckResponse.ServingStatus>();
            var serviceStatuses = new CopyOnWriteArrayList<HealthCheckResponse.ServingStatus>();
            var healthWatch = Context.current().withCancellation();
            healthWatch.run(() -> {
                HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), observer(statuses));
                HealthGrpc.newStub(channel)
                        .watch(
                                HealthCheckRequest.newBuilder()
                                        .setService("orderflow.inventory.v1.InventoryService")
                                        .build(),
                                observer(serviceStatuses));
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses.contains(HealthCheckResponse.ServingStatus.SERVING)
                            && serviceStatuses.contains(HealthCheckResponse.ServingStatus.SERVING));

            var summary = new CompletableFuture<ImportSummary>();
            StreamObserver<StockAdjustment> inFlight = async(channel).importStock(Observers.single(summary));
            inFlight.onNext(
                    StockAdjustment.newBuilder().setSku("ACC-001").setDelta(1).build());

            var closing = CompletableFuture.runAsync(context::close);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses.contains(HealthCheckResponse.ServingStatus.NOT_SERVING)
                            && serviceStatuses.contains(HealthCheckResponse.ServingStatus.NOT_SERVING));
            healthWatch.cancel(null);
            ManagedChannel newcomer = NettyChannelBuilder.forAddress("127.0.0.1", port)
                    .usePlaintext()
                    .build();
            await().atMost(Duration.ofSeconds(10)).until(() -> refused(newcomer));
            newcomer.shutdownNow();

            inFlight.onNext(
                    StockAdjustment.newBuilder().setSku("ACC-002").setDelta(1).build());
            inFlight.onCompleted();

            assertThat(summary.get(10, TimeUnit.SECONDS).getApplied()).isEqualTo(2);
            closing.get(30, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow();
            context.close();
        }
    }

    private static boolean refused(ManagedChannel channel) {
        try {
            blocking(channel)
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .getStock(GetStockRequest.newBuilder().addSkus("ACC-001").build());
            return false;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.UNAVAILABLE;
        }
    }

    private static StreamObserver<HealthCheckResponse> observer(List<HealthCheckResponse.ServingStatus> statuses) {
        return new StreamObserver<>() {
            public void onNext(HealthCheckResponse response) {
                statuses.add(response.getStatus());
            }

            public void onError(Throwable t) {
                // cancelled by the test once NOT_SERVING was seen
            }

            public void onCompleted() {}
        };
    }
}
