package dev.orderflow.inventory;

import java.util.List;

/** What inventory refuses, each mapped to one gRPC status with google.rpc details. */
public sealed class InventoryException extends RuntimeException {

    InventoryException(String message) {
        super(message);
    }

    /** FAILED_PRECONDITION + PreconditionFailure naming every SKU that is short. */
    public static final class InsufficientStock extends InventoryException {
        public final List<String> skus;

        public InsufficientStock(List<String> skus) {
            super("Insufficient stock for " + String.join(", ", skus));
            this.skus = List.copyOf(skus);
        }
    }

    /** NOT_FOUND + ResourceInfo. */
    public static final class NotFound extends InventoryException {
        public final String resourceType;
        public final List<String> names;

        public NotFound(String resourceType, List<String> names) {
            super("Unknown " + resourceType + ": " + String.join(", ", names));
            this.resourceType = resourceType;
            this.names = List.copyOf(names);
        }
    }

    /** ALREADY_EXISTS + ErrorInfo: a reservation id reused with other lines. */
    public static final class ReservationConflict extends InventoryException {
        public final String reservationId;

        public ReservationConflict(String reservationId) {
            super("Reservation " + reservationId + " already exists with different lines");
            this.reservationId = reservationId;
        }
    }

    /** FAILED_PRECONDITION + PreconditionFailure: a reservation in a state that does not allow the move. */
    public static final class InvalidState extends InventoryException {
        public final String reservationId;

        public InvalidState(String reservationId, String state, String action) {
            super("Reservation " + reservationId + " is " + state + " and cannot be " + action);
            this.reservationId = reservationId;
        }
    }
}
