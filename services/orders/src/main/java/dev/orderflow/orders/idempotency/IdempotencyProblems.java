package dev.orderflow.orders.idempotency;

import dev.orderflow.defaults.Problems;
import dev.orderflow.orders.idempotency.IdempotentRequests.IdempotencyKeyMissing;
import dev.orderflow.orders.idempotency.IdempotentRequests.IdempotencyKeyReused;
import dev.orderflow.orders.idempotency.IdempotentRequests.RequestInFlight;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The Idempotency-Key problems, for every endpoint that uses {@link IdempotentRequests}; the types
 * are the ones {@code contracts/openapi/orders.yaml} documents.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class IdempotencyProblems {

    @ExceptionHandler
    ProblemDetail missing(IdempotencyKeyMissing e) {
        return Problems.of(
                HttpStatus.BAD_REQUEST, "idempotency-key-missing", "Idempotency-Key required", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail reused(IdempotencyKeyReused e) {
        return Problems.of(
                HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused", e.getMessage());
    }

    /** The draft's §2.6: 409 while the first request runs; Retry-After says when to look again. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> inFlight(RequestInFlight e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(
                        HttpStatus.CONFLICT, "idempotency-request-in-flight", "Request in flight", e.getMessage()));
    }
}
