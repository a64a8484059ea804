package dev.orderflow.inventory;

import static dev.orderflow.inventory.InventoryTestSupport.bearer;
import static dev.orderflow.inventory.InventoryTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.ReserveStockRequest;
import dev.orderflow.contracts.inventory.v1.StockLevel;
import dev.orderflow.contracts.inventory.v1.WatchStockRequest;
import dev.orderflow.testing.ContainerErrors;
import dev.orderflow.testing.IdentityOutage;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Inventory on a real port: authentication, health, reflection, size limits and many watchers. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:inventory-server;DB_CLOSE_DELAY=-1",
            "spring.flyway.locations=classpath:db/migration,classpath:db/demo"
        })
class InventoryServerTest {

    static final int PORT = freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        InventoryTestSupport.properties(registry);
        registry.add("spring.grpc.server.port", () -> PORT);
    }

    ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel =
                NettyChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Identity down: inventory keeps accepting tokens it can verify and refuses the rest (UNAUTHENTICATED). */
    @Test
    void whileIdentityIsDownAcceptsIssuedTokensAndRefusesOnesItCannotVerify() throws Exception {
        var request = GetStockRequest.newBuilder().addSkus("ACC-001").build();
        var tokens = InventoryTestSupport.tokens;
        IdentityOutage.assertIssuedTokensWorkAndUnverifiableOnesAreRefused(
                tokens,
                () -> tokens.claims(
                        "orders", "orders", null, "orderflow-inventory", Duration.ofMinutes(5), "inventory:read"),
                token -> code(() -> InventoryServiceGrpc.newBlockingStub(channel)
                                .withInterceptors(bearer(token))
                                .getStock(request))
                        .value(),
                Status.Code.OK.value(),
                Status.Code.UNAUTHENTICATED.value());
    }

    @Test
    void refusesCallsWithoutAValidTokenOrScope() {
        var request = GetStockRequest.newBuilder().addSkus("ACC-001").build();
        var stub = InventoryServiceGrpc.newBlockingStub(channel);
        String wrongAudience = InventoryTestSupport.tokens.sign(InventoryTestSupport.tokens.claims(
                "orders", "orders", null, "orderflow-orders", Duration.ofMinutes(5), "inventory:write"));

        assertThat(code(() -> stub.getStock(request))).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> stub.withInterceptors(bearer("garbage")).getStock(request)))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> stub.withInterceptors(bearer(wrongAudience)).getStock(request)))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() ->
                        stub.withInterceptors(bearer(token("orders:read"))).getStock(request)))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(stub.withInterceptors(bearer(token("inventory:write")))
                        .getStock(request)
                        .getLevelsCount())
                .isEqualTo(1);
    }

    @Test
    void aReadOnlyTokenReadsAndWatchesStockButCannotReserve() {
        var reader = InventoryServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(token("inventory:read")));
        long before = reader.getStock(
                        GetStockRequest.newBuilder().addSkus("ACC-001").build())
                .getLevels(0)
                .getAvailable();

        var reserve = ReserveStockRequest.newBuilder()
                .setReservationId(UUID.randomUUID().toString())
                .addLines(dev.orderflow.contracts.inventory.v1.ReservationLine.newBuilder()
                        .setSku("ACC-001")
                        .setQuantity(1))
                .build();
        assertThat(code(() -> reader.reserveStock(reserve))).isEqualTo(Status.Code.PERMISSION_DENIED);

        var watched = reader.watchStock(
                WatchStockRequest.newBuilder().addSkus("ACC-001").build());
        assertThat(watched.next().getAvailable()).isEqualTo(before); // nothing was reserved
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int httpPort;

    @Test
    void servesReadinessAndMetricsOverHttpWithoutAToken() throws Exception {
        var http = HttpClient.newHttpClient();
        for (String path : List.of("/actuator/health/readiness", "/actuator/prometheus")) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void answersHealthChecksWithoutAToken() {
        var health = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());

        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void answersHealthChecksPerServiceNameAsKubernetesProbesAsk() {
        var health = HealthGrpc.newBlockingStub(channel);

        var inventory = health.check(HealthCheckRequest.newBuilder()
                .setService("orderflow.inventory.v1.InventoryService")
                .build());

        assertThat(inventory.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(code(() -> health.check(HealthCheckRequest.newBuilder()
                        .setService("orderflow.nothing.v1.Nothing")
                        .build())))
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    /** What Python's grpcio reflection client and older grpcurl builds send. */
    @Test
    void listsItsServicesThroughReflectionV1Alpha() throws Exception {
        var services = new CompletableFuture<List<String>>();
        var requests = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(s -> s.getName())
                                .toList());
                    }

                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    public void onCompleted() {}
                });
        requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
                .setListServices("")
                .build());
        requests.onCompleted();

        assertThat(services.get(10, TimeUnit.SECONDS))
                .contains("orderflow.inventory.v1.InventoryService", "grpc.health.v1.Health");
    }

    @Test
    void listsItsServicesThroughReflection() throws Exception {
        var services = new CompletableFuture<List<String>>();
        var requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
            public void onNext(ServerReflectionResponse response) {
                services.complete(response.getListServicesResponse().getServiceList().stream()
                        .map(s -> s.getName())
                        .toList());
            }

            public void onError(Throwable t) {
                services.completeExceptionally(t);
            }

            public void onCompleted() {}
        });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        assertThat(services.get(10, TimeUnit.SECONDS))
                .contains("orderflow.inventory.v1.InventoryService", "grpc.health.v1.Health");
    }

    @Test
    void refusesMessagesOverTheMaximumSize() {
        var huge = GetStockRequest.newBuilder()
                .addSkus("X".repeat(2 * 1024 * 1024))
                .build();
        var stub = InventoryServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(token("inventory:write")));

        assertThat(code(() -> stub.getStock(huge))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void holdsAThousandConcurrentWatchersAndUpdatesEveryOne() {
        var stub = InventoryServiceGrpc.newStub(channel).withInterceptors(bearer(token("inventory:write")));
        int watchers = 1000;
        var latest = new ConcurrentHashMap<Integer, Long>();
        var errors = new CopyOnWriteArrayList<Throwable>();
        var context = Context.current().withCancellation();
        context.run(() -> {
            for (int i = 0; i < watchers; i++) {
                int watcher = i;
                stub.watchStock(
                        WatchStockRequest.newBuilder().addSkus("HOM-001").build(), new StreamObserver<>() {
                            public void onNext(StockLevel level) {
                                latest.put(watcher, level.getAvailable());
                            }

                            public void onError(Throwable t) {
                                errors.add(t);
                            }

                            public void onCompleted() {}
                        });
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> latest.size() == watchers);
        long before = latest.get(0);

        InventoryServiceGrpc.newBlockingStub(channel)
                .withInterceptors(bearer(token("inventory:write")))
                .reserveStock(ReserveStockRequest.newBuilder()
                        .setReservationId(UUID.randomUUID().toString())
                        .addLines(InventoryRpcTest.line("HOM-001", 1))
                        .build());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> latest.values().stream().allMatch(v -> v == before - 1));
        assertThat(errors).isEmpty();
        context.cancel(null);
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void answersRequestsTomcatRefusesOnTheProbePortAsProblems() {
        ContainerErrors.assertAnsweredAsProblems(URI.create("http://127.0.0.1:" + httpPort), "/actuator/health");
    }
}
