package dev.orderflow.defaults.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;

/**
 * gRPC errors with google.rpc details (AIP-193), the same way in every service, so clients can act
 * on them without parsing messages.
 */
public final class GrpcStatuses {

    private GrpcStatuses() {}

    public record Violation(String field, String description) {}

    /** INVALID_ARGUMENT + BadRequest with one field violation per bad field. */
    public static StatusRuntimeException invalidArgument(List<Violation> violations) {
        var details = BadRequest.newBuilder();
        violations.forEach(v -> details.addFieldViolations(
                BadRequest.FieldViolation.newBuilder().setField(v.field()).setDescription(v.description())));
        String message = violations.size() == 1
                ? violations.getFirst().field() + " " + violations.getFirst().description()
                : violations.size() + " fields are invalid";
        return status(Code.INVALID_ARGUMENT, message, Any.pack(details.build()));
    }

    /** NOT_FOUND + ResourceInfo. */
    public static StatusRuntimeException notFound(String resourceType, String name, String message) {
        return status(
                Code.NOT_FOUND,
                message,
                Any.pack(ResourceInfo.newBuilder()
                        .setResourceType(resourceType)
                        .setResourceName(name)
                        .setDescription(message)
                        .build()));
    }

    public static StatusRuntimeException status(Code code, String message, Any detail) {
        var status = Status.newBuilder().setCode(code.getNumber()).setMessage(message);
        if (detail != null) {
            status.addDetails(detail);
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
