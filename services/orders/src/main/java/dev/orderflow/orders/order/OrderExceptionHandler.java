package dev.orderflow.orders.order;

import dev.orderflow.defaults.ProblemResponses;
import dev.orderflow.orders.fulfilment.DependencyUnavailable;
import dev.orderflow.orders.fulfilment.OutOfStock;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Domain exceptions of the orders feature as the problems the contract documents. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OrderExceptionHandler {

    @ExceptionHandler(OrderCursor.InvalidCursorException.class)
    ResponseEntity<ProblemDetail> invalidCursor(OrderCursor.InvalidCursorException e) {
        return respond(OrderProblems.problem(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor", e.getMessage())
                .getBody());
    }

    @ExceptionHandler(dev.orderflow.orders.order.Order.IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> illegalTransition(RuntimeException e) {
        return respond(OrderProblems.problem(
                        HttpStatus.CONFLICT, "order-state-conflict", "Order state conflict", e.getMessage())
                .getBody());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException e) {
        return respond(OrderProblems.problem(
                        HttpStatus.CONFLICT,
                        "order-state-conflict",
                        "Order state conflict",
                        "The order changed while this request was processed; read it again and retry.")
                .getBody());
    }

    @ExceptionHandler(dev.orderflow.orders.Money.MixedCurrenciesException.class)
    ResponseEntity<ProblemDetail> mixedCurrencies(RuntimeException e) {
        return respond(OrderProblems.problem(
                        HttpStatus.UNPROCESSABLE_CONTENT, "mixed-currencies", "Mixed currencies", e.getMessage())
                .getBody());
    }

    @ExceptionHandler(OutOfStock.class)
    ResponseEntity<ProblemDetail> outOfStock(OutOfStock e) {
        var problem = OrderProblems.problem(
                        HttpStatus.CONFLICT,
                        "out-of-stock",
                        "Out of stock",
                        "Not enough stock for " + String.join(", ", e.skus()) + "; nothing was reserved.")
                .getBody();
        problem.setProperty("skus", e.skus());
        return respond(problem);
    }

    /** RFC 9110 §15.6.4: 503 with Retry-After, answered at once when the breaker is open. */
    @ExceptionHandler(DependencyUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(DependencyUnavailable e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        var problem = OrderProblems.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "dependency-unavailable",
                        "Service unavailable",
                        "The order could not be placed because " + e.dependency() + " is unavailable; nothing was"
                                + " stored. Retry in " + seconds + " s.")
                .getBody();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", String.valueOf(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.complete(problem));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.complete(problem));
    }
}
