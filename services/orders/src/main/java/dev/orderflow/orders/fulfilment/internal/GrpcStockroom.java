package dev.orderflow.orders.fulfilment.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.ResourceInfo;
import dev.orderflow.contracts.inventory.v1.CommitReservationRequest;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.ReleaseReservationRequest;
import dev.orderflow.contracts.inventory.v1.ReservationLine;
import dev.orderflow.contracts.inventory.v1.ReservationState;
import dev.orderflow.contracts.inventory.v1.ReserveStockRequest;
import dev.orderflow.orders.fulfilment.FulfilmentProperties;
import dev.orderflow.orders.fulfilment.OutOfStock;
import dev.orderflow.orders.fulfilment.Stockroom;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** The inventory service over gRPC, behind the Stockroom the orders domain sees. */
@Component
class GrpcStockroom extends GrpcDependency<InventoryServiceGrpc.InventoryServiceBlockingStub> implements Stockroom {

    static final String SERVICE = "orderflow.inventory.v1.InventoryService";
    // Safe to retry: ReserveStock is idempotent by reservation id, the others by nature.
    /** A well-formed SKU the catalog lacks: inventory answers NOT_FOUND (were it stocked, see warmUp). */
    static final String WARM_UP_SKU = "ZZZ-999";

    static final List<String> IDEMPOTENT =
            List.of("GetStock", "ReserveStock", "CommitReservation", "ReleaseReservation");

    GrpcStockroom(
            GrpcChannelFactory channels,
            FulfilmentProperties properties,
            ServiceTokens tokens,
            CircuitBreakerRegistry breakers) {
        super(
                "inventory",
                channels,
                properties.inventory(),
                SERVICE,
                IDEMPOTENT,
                InventoryServiceGrpc::newBlockingStub,
                tokens,
                breakers);
    }

    @Override
    public void reserve(String reservationId, List<Line> lines) {
        var request = ReserveStockRequest.newBuilder().setReservationId(reservationId);
        lines.forEach(line ->
                request.addLines(ReservationLine.newBuilder().setSku(line.sku()).setQuantity(line.quantity())));
        try {
            var reservation = call(stub -> stub.reserveStock(request.build()));
            if (reservation.getState() != ReservationState.HELD) {
                // Released (or expired) under this id already: the caller gave up on it earlier.
                throw new OutOfStock(lines.stream().map(Line::sku).toList());
            }
        } catch (StatusRuntimeException e) {
            if (Breakers.is(e, Status.Code.FAILED_PRECONDITION) || Breakers.is(e, Status.Code.NOT_FOUND)) {
                throw new OutOfStock(skusIn(e));
            }
            throw e;
        }
    }

    @Override
    public boolean commit(String reservationId) {
        try {
            var reservation = call(stub -> stub.commitReservation(CommitReservationRequest.newBuilder()
                    .setReservationId(reservationId)
                    .build()));
            return reservation.getState() == ReservationState.COMMITTED;
        } catch (StatusRuntimeException e) {
            if (Breakers.is(e, Status.Code.FAILED_PRECONDITION) || Breakers.is(e, Status.Code.NOT_FOUND)) {
                return false; // released or expired: nothing left to sell
            }
            throw e;
        }
    }

    @Override
    public void release(String reservationId) {
        call(stub -> stub.releaseReservation(ReleaseReservationRequest.newBuilder()
                .setReservationId(reservationId)
                .build()));
    }

    /** The SKUs inventory named in the error's details (PreconditionFailure or ResourceInfo). */
    private static List<String> skusIn(StatusRuntimeException e) {
        List<String> skus = new ArrayList<>();
        var status = StatusProto.fromThrowable(e);
        if (status != null) {
            for (var detail : status.getDetailsList()) {
                try {
                    if (detail.is(PreconditionFailure.class)) {
                        detail.unpack(PreconditionFailure.class)
                                .getViolationsList()
                                .forEach(v -> skus.add(v.getSubject()));
                    } else if (detail.is(ResourceInfo.class)) {
                        skus.addAll(List.of(detail.unpack(ResourceInfo.class)
                                .getResourceName()
                                .split(",")));
                    }
                } catch (InvalidProtocolBufferException ignored) {
                    // a detail we cannot read names no SKU
                }
            }
        }
        return skus;
    }

    /**
     * The path of a reservation, without its effect, with a generous deadline: inventory checks the
     * token (fetching identity's keys), opens a transaction, inserts the reservation, finds no such
     * SKU and rolls back with NOT_FOUND. Both sides have then run their hot paths once before the
     * first order arrives with its 500 ms deadline. Were the SKU ever stocked, the reservation is
     * released at once; any other failure means not warm yet (the caller retries).
     */
    void warmUp() {
        String id = "warm-up-" + UUID.randomUUID();
        try {
            warmUpCall(stub -> stub.reserveStock(ReserveStockRequest.newBuilder()
                    .setReservationId(id)
                    .addLines(ReservationLine.newBuilder().setSku(WARM_UP_SKU).setQuantity(1))
                    .build()));
            warmUpCall(stub -> stub.releaseReservation(
                    ReleaseReservationRequest.newBuilder().setReservationId(id).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }
}
