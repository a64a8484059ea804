package dev.orderflow.partners.psp;

import dev.orderflow.defaults.Problems;
import dev.orderflow.partners.psp.IntentDesk.ClientSecretMismatch;
import dev.orderflow.partners.psp.IntentDesk.IdempotencyKeyReused;
import dev.orderflow.partners.psp.IntentDesk.IntentNotFound;
import dev.orderflow.partners.psp.PaymentIntent.UnexpectedState;
import org.springframework.core.Ordered;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The provider's failures as the problems psp.yaml documents. */
@RestControllerAdvice(assignableTypes = {PaymentIntentController.class, EventController.class})
class PspExceptionHandler implements Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // ahead of service-defaults' catch-all handler
    }

    @ExceptionHandler
    ProblemDetail notFound(IntentNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unexpectedState(UnexpectedState e) {
        return Problems.of(
                HttpStatus.CONFLICT, "intent-unexpected-state", "Unexpected payment intent state", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail concurrentChange(OptimisticLockingFailureException e) {
        return Problems.of(
                HttpStatus.CONFLICT,
                "intent-unexpected-state",
                "Unexpected payment intent state",
                "The payment intent changed while this request was processed; retrieve it and retry.");
    }

    @ExceptionHandler
    ProblemDetail clientSecretMismatch(ClientSecretMismatch e) {
        return Problems.of(HttpStatus.FORBIDDEN, "client-secret-mismatch", "Client secret mismatch", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail idempotencyKeyReused(IdempotencyKeyReused e) {
        return Problems.of(
                HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused", e.getMessage());
    }
}
