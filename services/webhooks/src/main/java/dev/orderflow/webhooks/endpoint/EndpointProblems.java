package dev.orderflow.webhooks.endpoint;

import dev.orderflow.defaults.Problems;
import dev.orderflow.webhooks.ssrf.UnsafeUrl;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The endpoint problems of webhooks.yaml, for every resource under an endpoint. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EndpointProblems {

    @ExceptionHandler
    ProblemDetail notFound(EndpointNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(EndpointStateConflict e) {
        return Problems.of(HttpStatus.CONFLICT, "endpoint-state-conflict", "Endpoint state conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unsafe(UnsafeUrl e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "unsafe-url", "URL refused", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail keyMissing(EndpointDesk.IdempotencyKeyMissing e) {
        return Problems.of(
                HttpStatus.BAD_REQUEST, "idempotency-key-missing", "Idempotency-Key required", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail keyReused(EndpointDesk.IdempotencyKeyReused e) {
        return Problems.of(
                HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused", e.getMessage());
    }
}
