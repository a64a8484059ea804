package dev.orderflow.inventory;

import static dev.orderflow.inventory.InventoryTestSupport.async;
import static dev.orderflow.inventory.InventoryTestSupport.blocking;
import static dev.orderflow.inventory.InventoryTestSupport.details;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.ResourceInfo;
import dev.orderflow.contracts.inventory.v1.CommitReservationRequest;
import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.ImportSummary;
import dev.orderflow.contracts.inventory.v1.ReleaseReservationRequest;
import dev.orderflow.contracts.inventory.v1.ReservationLine;
import dev.orderflow.contracts.inventory.v1.ReservationState;
import dev.orderflow.contracts.inventory.v1.ReserveStockRequest;
import dev.orderflow.contracts.inventory.v1.StockAdjustment;
import dev.orderflow.contracts.inventory.v1.StockLevel;
import dev.orderflow.contracts.inventory.v1.WatchStockRequest;
import dev.orderflow.inventory.reservation.ReservationDesk;
import dev.orderflow.testing.Observers;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every RPC, all four call patterns, over an in-process server with the real services and security. */
@SpringBootTest(
        properties = {
            "spring.grpc.server.inprocess.name=inventory-rpc-test",
            "spring.grpc.server.inprocess.exclusive=true",
            "spring.datasource.url=jdbc:h2:mem:inventory-rpc;DB_CLOSE_DELAY=-1",
            "spring.flyway.locations=classpath:db/migration,classpath:db/demo",
            "server.port=0"
        })
class InventoryRpcTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        InventoryTestSupport.properties(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReservationDesk desk;

    ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = InProcessChannelBuilder.forName("inventory-rpc-test")
                .directExecutor()
                .build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void getsStockAndNamesUnknownOrMalformedSkus() {
        var levels = blocking(channel)
                .getStock(GetStockRequest.newBuilder().addSkus("ACC-001").build());
        assertThat(levels.getLevels(0).getAvailable()).isPositive();

        var unknown = call(() -> blocking(channel)
                .getStock(GetStockRequest.newBuilder().addSkus("ZZZ-999").build()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(details(unknown).getDetails(0).is(ResourceInfo.class)).isTrue();

        var malformed = call(() -> blocking(channel)
                .getStock(GetStockRequest.newBuilder().addSkus("acc 1").build()));
        assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(unpack(malformed, BadRequest.class).getFieldViolations(0).getField())
                .isEqualTo("skus[0]");
    }

    @Test
    void reservesIdempotentlyByReservationId() {
        long before = available("BAG-001");
        var request = reserve(UUID.randomUUID().toString(), "BAG-001", 3);

        var first = blocking(channel).reserveStock(request);
        var repeat = blocking(channel).reserveStock(request);

        assertThat(first.getState()).isEqualTo(ReservationState.HELD);
        assertThat(repeat).isEqualTo(first);
        assertThat(available("BAG-001")).isEqualTo(before - 3);

        var reused = call(() -> blocking(channel).reserveStock(reserve(request.getReservationId(), "BAG-001", 4)));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(unpack(reused, ErrorInfo.class).getReason()).isEqualTo("RESERVATION_ID_REUSED");
        assertThat(available("BAG-001")).isEqualTo(before - 3);
    }

    @Test
    void refusesAReservationShortOfStockNamingEverySkuAndHoldsNothing() {
        long bag = available("BAG-002");
        var request = ReserveStockRequest.newBuilder()
                .setReservationId(UUID.randomUUID().toString())
                .addLines(line("BAG-002", 1))
                .addLines(line("OUT-010", 1))
                .build();

        var refused = call(() -> blocking(channel).reserveStock(request));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(unpack(refused, PreconditionFailure.class).getViolationsList())
                .extracting(PreconditionFailure.Violation::getSubject)
                .containsExactly("OUT-010");
        assertThat(available("BAG-002")).isEqualTo(bag);
    }

    @Test
    void rejectsInvalidReservationsListingEveryField() {
        var request = ReserveStockRequest.newBuilder()
                .setReservationId("not valid!")
                .addLines(line("ACC-001", 0))
                .addLines(line("ACC-001", 1))
                .build();

        var refused = call(() -> blocking(channel).reserveStock(request));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(unpack(refused, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField)
                .containsExactlyInAnyOrder("reservation_id", "lines[0].quantity", "lines[1].sku");
    }

    @Test
    void commitsAndReleasesIdempotently() {
        long before = available("BAG-003");
        String committed = UUID.randomUUID().toString();
        String released = UUID.randomUUID().toString();
        blocking(channel).reserveStock(reserve(committed, "BAG-003", 2));
        blocking(channel).reserveStock(reserve(released, "BAG-003", 5));

        var commit = CommitReservationRequest.newBuilder()
                .setReservationId(committed)
                .build();
        var release = ReleaseReservationRequest.newBuilder()
                .setReservationId(released)
                .build();
        assertThat(blocking(channel).commitReservation(commit).getState()).isEqualTo(ReservationState.COMMITTED);
        assertThat(blocking(channel).commitReservation(commit).getState()).isEqualTo(ReservationState.COMMITTED);
        assertThat(blocking(channel).releaseReservation(release).getState()).isEqualTo(ReservationState.RELEASED);
        assertThat(blocking(channel).releaseReservation(release).getState()).isEqualTo(ReservationState.RELEASED);

        assertThat(available("BAG-003")).isEqualTo(before - 2);
        assertThat(reserved("BAG-003")).isZero();
        var recommit = call(() -> blocking(channel)
                .commitReservation(CommitReservationRequest.newBuilder()
                        .setReservationId(released)
                        .build()));
        assertThat(recommit.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void aReleaseThatArrivesFirstKeepsALateReservationFromHoldingStock() {
        long before = available("BAG-004");
        String id = UUID.randomUUID().toString();

        var tombstone = blocking(channel)
                .releaseReservation(ReleaseReservationRequest.newBuilder()
                        .setReservationId(id)
                        .build());
        var late = blocking(channel).reserveStock(reserve(id, "BAG-004", 1));

        assertThat(tombstone.getState()).isEqualTo(ReservationState.RELEASED);
        assertThat(late.getState()).isEqualTo(ReservationState.RELEASED);
        assertThat(available("BAG-004")).isEqualTo(before);
    }

    @Test
    void returnsTheStockOfExpiredReservations() {
        long before = available("BAG-005");
        String id = UUID.randomUUID().toString();
        blocking(channel).reserveStock(reserve(id, "BAG-005", 4));
        jdbc.sql("UPDATE reservations SET expires_at = created_at WHERE id = ?")
                .param(id)
                .update();

        desk.expireOverdue();

        assertThat(available("BAG-005")).isEqualTo(before);
        var commit = call(() -> blocking(channel)
                .commitReservation(CommitReservationRequest.newBuilder()
                        .setReservationId(id)
                        .build()));
        assertThat(commit.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void watchesStockFromTheCurrentLevelThroughEveryChange() {
        List<StockLevel> seen = new CopyOnWriteArrayList<>();
        var done = new CompletableFuture<Void>();
        var call = Context.current().withCancellation();
        call.run(() -> async(channel)
                .watchStock(
                        WatchStockRequest.newBuilder().addSkus("BAG-006").build(), Observers.collecting(seen, done)));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        long start = seen.getFirst().getAvailable();

        blocking(channel).reserveStock(reserve(UUID.randomUUID().toString(), "BAG-006", 2));
        blocking(channel).reserveStock(reserve(UUID.randomUUID().toString(), "BAG-006", 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.getLast().getAvailable() == start - 3);
        call.cancel(null);
        assertThat(seen).extracting(StockLevel::getAvailable).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void importsAHundredThousandLinesInOneStreamWithReasonsForRejections() throws Exception {
        long before = available("STA-001");
        var result = new CompletableFuture<ImportSummary>();
        StreamObserver<StockAdjustment> upload = async(channel).importStock(Observers.single(result));
        for (int i = 0; i < 100_000; i++) {
            upload.onNext(StockAdjustment.newBuilder()
                    .setSku("STA-001")
                    .setDelta(i % 2 == 0 ? 1 : -1)
                    .build());
        }
        upload.onNext(StockAdjustment.newBuilder().setSku("ZZZ-001").setDelta(5).build());
        upload.onNext(StockAdjustment.newBuilder()
                .setSku("STA-002")
                .setDelta(-1_000_000)
                .build());
        upload.onNext(StockAdjustment.newBuilder().setSku("bad").setDelta(1).build());
        upload.onCompleted();

        ImportSummary summary = result.get(120, TimeUnit.SECONDS);

        assertThat(summary.getApplied()).isEqualTo(100_000);
        assertThat(summary.getRejected()).isEqualTo(3);
        assertThat(summary.getRejectionsList())
                .extracting(r -> r.getLine() + " " + r.getReason())
                .containsExactlyInAnyOrder(
                        "100001 unknown SKU",
                        "100002 would take available stock below zero",
                        "100003 not a SKU like ACC-001");
        assertThat(available("STA-001")).isEqualTo(before);
    }

    private long available(String sku) {
        return jdbc.sql("SELECT available FROM stock WHERE sku = ?")
                .param(sku)
                .query(Long.class)
                .single();
    }

    private long reserved(String sku) {
        return jdbc.sql("SELECT reserved FROM stock WHERE sku = ?")
                .param(sku)
                .query(Long.class)
                .single();
    }

    static ReserveStockRequest reserve(String id, String sku, int quantity) {
        return ReserveStockRequest.newBuilder()
                .setReservationId(id)
                .addLines(line(sku, quantity))
                .build();
    }

    static ReservationLine line(String sku, int quantity) {
        return ReservationLine.newBuilder().setSku(sku).setQuantity(quantity).build();
    }

    static StatusRuntimeException call(Runnable rpc) {
        try {
            rpc.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    static <T extends Message> T unpack(StatusRuntimeException e, Class<T> type) {
        try {
            for (var detail : details(e).getDetailsList()) {
                if (detail.is(type)) {
                    return detail.unpack(type);
                }
            }
        } catch (InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + details(e));
    }
}
