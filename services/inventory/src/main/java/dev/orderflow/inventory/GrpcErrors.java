package dev.orderflow.inventory;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.ResourceInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;

/** Errors as gRPC status with google.rpc details (AIP-193), so clients can act on them without parsing text. */
public final class GrpcErrors {

    static final String DOMAIN = "inventory.orderflow.dev";

    private GrpcErrors() {}

    public record Violation(String field, String description) {}

    public static StatusRuntimeException invalidArgument(List<Violation> violations) {
        var details = BadRequest.newBuilder();
        violations.forEach(v -> details.addFieldViolations(
                BadRequest.FieldViolation.newBuilder().setField(v.field()).setDescription(v.description())));
        String message = violations.size() == 1
                ? violations.getFirst().field() + " " + violations.getFirst().description()
                : violations.size() + " fields are invalid";
        return status(Code.INVALID_ARGUMENT, message, Any.pack(details.build()));
    }

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
            case InventoryException.NotFound n -> status(
                    Code.NOT_FOUND,
                    e.getMessage(),
                    Any.pack(ResourceInfo.newBuilder()
                            .setResourceType(n.resourceType)
                            .setResourceName(String.join(",", n.names))
                            .setDescription(e.getMessage())
                            .build()));
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
        var status =
                com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message);
        if (detail != null) {
            status.addDetails(detail);
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
