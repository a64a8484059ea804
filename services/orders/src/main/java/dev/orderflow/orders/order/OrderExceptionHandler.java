package dev.orderflow.orders.order;

import dev.orderflow.defaults.Problems;
import dev.orderflow.orders.Money.MixedCurrenciesException;
import dev.orderflow.orders.fulfilment.ClientDeadlineExceeded;
import dev.orderflow.orders.fulfilment.DependencyUnavailable;
import dev.orderflow.orders.fulfilment.OutOfStock;
import dev.orderflow.orders.order.Order.IllegalTransitionException;
import dev.orderflow.orders.order.OrderCursor.InvalidCursorException;
import org.springframework.core.Ordered;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The orders resource's domain exceptions as the problems {@code contracts/openapi/orders.yaml}
 * documents, each with its stable type. (Type, title and correlation id are completed by
 * service-defaults' {@code ProblemCompletion}.)
 */
@RestControllerAdvice(assignableTypes = {OrderController.class, RefundController.class})
class OrderExceptionHandler implements Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // ahead of service-defaults' catch-all handler
    }

    @ExceptionHandler
    ProblemDetail notFound(OrderNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail refundNotFound(RefundNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail refundExceedsRefundable(Order.RefundExceedsRefundable e) {
        var problem = Problems.of(
                HttpStatus.CONFLICT, "refund-exceeds-refundable", "Refund exceeds refundable amount", e.getMessage());
        problem.setProperty("refundable", e.refundable());
        return problem;
    }

    /** A caller whose token has the scope but who may still not do this (a customer refunding). */
    @ExceptionHandler
    ProblemDetail denied(AccessDeniedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidCursor(InvalidCursorException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        return Problems.of(HttpStatus.CONFLICT, "order-state-conflict", "Order state conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail concurrentChange(OptimisticLockingFailureException e) {
        return Problems.of(
                HttpStatus.CONFLICT,
                "order-state-conflict",
                "Order state conflict",
                "The order changed while this request was processed; read it again and retry.");
    }

    @ExceptionHandler
    ProblemDetail changedSinceRead(OrderChangedSinceRead e) {
        return Problems.of(
                HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail foreignCustomer(ForeignCustomer e) {
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknownProducts(UnknownProducts e) {
        return Problems.withErrors(
                Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-product", "Unknown product", e.getMessage()),
                e.errors());
    }

    @ExceptionHandler
    ProblemDetail mixedCurrencies(MixedCurrenciesException e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "mixed-currencies", "Mixed currencies", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail outOfStock(OutOfStock e) {
        var problem = Problems.of(
                HttpStatus.CONFLICT,
                "out-of-stock",
                "Out of stock",
                "Not enough stock for " + String.join(", ", e.skus()) + "; nothing was reserved.");
        problem.setProperty("skus", e.skus());
        return problem;
    }

    /** The caller's Grpc-Timeout ran out before inventory or shipping answered: RFC 9110 §15.6.5, 504. */
    @ExceptionHandler
    ProblemDetail deadlineExceeded(ClientDeadlineExceeded e) {
        return Problems.of(
                HttpStatus.GATEWAY_TIMEOUT,
                "deadline-exceeded",
                "Deadline exceeded",
                "The order could not be placed within the request's Grpc-Timeout (" + e.getMessage()
                        + "); nothing was stored.");
    }

    /** RFC 9110 §15.6.4: 503 with Retry-After, answered at once when the breaker is open. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(DependencyUnavailable e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        var problem = Problems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "dependency-unavailable",
                "Service unavailable",
                "The order could not be placed because " + e.dependency() + " is unavailable; nothing was"
                        + " stored. Retry in " + seconds + " s.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .body(problem);
    }
}
