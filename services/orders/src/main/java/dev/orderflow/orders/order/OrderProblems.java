package dev.orderflow.orders.order;

import dev.orderflow.defaults.Problems;
import dev.orderflow.defaults.Problems.FieldViolation;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The orders API's problems, each with the stable type its contract documents. */
final class OrderProblems {

    private OrderProblems() {}

    static ErrorResponseException notFound(UUID id) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No order " + id + ".");
    }

    static ErrorResponseException idempotencyKeyMissing() {
        return problem(
                HttpStatus.BAD_REQUEST,
                "idempotency-key-missing",
                "Idempotency-Key required",
                "POST /api/orders requires an Idempotency-Key header (1-255 printable ASCII characters).");
    }

    static ErrorResponseException idempotencyKeyReused() {
        return problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "idempotency-key-reused",
                "Idempotency key reused",
                "This Idempotency-Key was already used with a different request body.");
    }

    static ErrorResponseException requestInFlight() {
        var problem = problem(
                HttpStatus.CONFLICT,
                "idempotency-request-in-flight",
                "Request in flight",
                "A request with this Idempotency-Key is still being processed; retry later.");
        problem.getHeaders().set("Retry-After", "1");
        return problem;
    }

    static ErrorResponseException unknownProducts(List<FieldViolation> errors) {
        var problem = problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "unknown-product",
                "Unknown product",
                errors.size() == 1
                        ? "1 item names a product that does not exist."
                        : errors.size() + " items name products that do not exist.");
        Problems.withErrors(problem.getBody(), errors);
        return problem;
    }

    static ErrorResponseException preconditionFailed(String current, String given) {
        return problem(
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                "Precondition failed",
                "The order's current ETag is " + current + ", not " + given + ".");
    }

    static ErrorResponseException foreignCustomer() {
        return problem(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Forbidden",
                "A customer can place orders only for themself; leave customer_id out or set it to your own id.");
    }

    static ErrorResponseException problem(HttpStatus status, String kind, String title, String detail) {
        return new ErrorResponseException(status, Problems.of(status, kind, title, detail), null);
    }
}
