package dev.orderflow.webhooks.web;

import dev.orderflow.defaults.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problems any resource of this service can raise (webhooks.yaml lists the types). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebProblems {

    @ExceptionHandler
    ProblemDetail invalidCursor(PageCursor.InvalidCursor e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor", e.getMessage());
    }
}
