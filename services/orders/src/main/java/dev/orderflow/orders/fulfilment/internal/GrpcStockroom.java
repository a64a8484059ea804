package dev.orderflow.orders.fulfilment.internal;

import com.google.rpc.PreconditionFailure;
import com.google.rpc.ResourceInfo;
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
import org.springframework.stereotype.Component;

/** The inventory service over gRPC, behind the Stockroom the orders domain sees. */
@Component
class GrpcStockroom extends GrpcDependency<InventoryServiceGrpc.InventoryServiceBlockingStub> implements Stockroom {

    static final String SERVICE = "orderflow.inventory.v1.InventoryService";
    // Safe to retry: ReserveStock is idempotent by reservation id, the others by nature.
    static final List<String> IDEMPOTENT =
            List.of("GetStock", "ReserveStock", "CommitReservation", "ReleaseReservation");

    GrpcStockroom(FulfilmentProperties properties, ServiceTokens tokens, CircuitBreakerRegistry breakers) {
        super(
                "inventory",
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
                } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                    // a detail we cannot read names no SKU
                }
            }
        }
        return skus;
    }

    /**
     * One harmless authenticated call with a generous deadline, so inventory has fetched identity's
     * keys and compiled its hot paths before the first order arrives with its 500 ms deadline.
     */
    void warmUp() {
        try {
            warmUpCall(stub -> stub.getStock(dev.orderflow.contracts.inventory.v1.GetStockRequest.newBuilder()
                    .addSkus("ZZZ-000")
                    .build()));
        } catch (StatusRuntimeException expected) {
            // NOT_FOUND: the answer does not matter, the round trip does
        }
    }
}
