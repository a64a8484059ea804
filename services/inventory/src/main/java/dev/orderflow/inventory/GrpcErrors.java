package dev.orderflow.inventory;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import dev.orderflow.defaults.grpc.GrpcStatuses;
import io.grpc.StatusRuntimeException;

/** Errors as gRPC status with google.rpc details (AIP-193), so clients can act on them without parsing text. */
public final class GrpcErrors {

    static final String DOMAIN = "inventory.orderflow.dev";

    private GrpcErrors() {}

    public static StatusRuntimeException of(InventoryException e) {
        return switch (e) {
            case InventoryException.InsufficientStock s -> {
                var details = PreconditionFailure.newBuilder();
                s.skus.forEach(sku -> details.addViolations(PreconditionFailure.Violation.newBuilder()
                        .setType("STOCK")
                        .setSubject(sku)
                        .setDescription("not enough available stock")));
                yield status(Code.FAILED_PRECONDITION, e.getMessage(), Any.pack(details.build()));
            }
            case InventoryException.NotFound n -> GrpcStatuses.notFound(
                    n.resourceType, String.join(",", n.names), e.getMessage());
            case InventoryException.ReservationConflict c -> status(
                    Code.ALREADY_EXISTS,
                    e.getMessage(),
                    Any.pack(ErrorInfo.newBuilder()
                            .setReason("RESERVATION_ID_REUSED")
                            .setDomain(DOMAIN)
                            .putMetadata("reservation_id", c.reservationId)
                            .build()));
            case InventoryException.InvalidState i -> status(
                    Code.FAILED_PRECONDITION,
                    e.getMessage(),
                    Any.pack(PreconditionFailure.newBuilder()
                            .addViolations(PreconditionFailure.Violation.newBuilder()
                                    .setType("RESERVATION_STATE")
                                    .setSubject(i.reservationId)
                                    .setDescription(e.getMessage()))
                            .build()));
            default -> status(Code.INTERNAL, "internal error", null);
        };
    }

    private static StatusRuntimeException status(Code code, String message, Any detail) {
        return GrpcStatuses.status(code, message, detail);
    }
}
