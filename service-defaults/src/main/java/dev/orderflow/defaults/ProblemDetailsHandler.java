package dev.orderflow.defaults;

import dev.orderflow.defaults.Problems.FieldViolation;
import dev.orderflow.defaults.RequestBodyLimitFilter.PayloadTooLargeException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every exception Spring MVC knows into an RFC 9457 problem with a stable type, and anything
 * unexpected into a 500 that is logged but does not leak internals. Services add their own domain
 * exceptions in an advice of higher precedence.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return handleExceptionInternal(
                        tooLarge,
                        Problems.payloadTooLarge(tooLarge.maxBytes()),
                        headers,
                        HttpStatus.CONTENT_TOO_LARGE,
                        request);
            }
        }
        ProblemDetail problem;
        if (ex.getCause() instanceof JacksonException bad
                && fieldProblem(bad) != null
                && !bad.getPath().isEmpty()) {
            // Well-formed JSON that breaks a field's rule (a string where a number belongs, a
            // member named twice, a NUL character): named by the field's path.
            String field = JsonPaths.of(bad.getPath());
            String message = fieldProblem(bad);
            if (bad instanceof StreamReadException duplicate && duplicate.processor() instanceof JsonParser parser) {
                // The path ends at the object; the member named twice is the parser's current name.
                field = field.isEmpty() ? parser.currentName() : field + "." + parser.currentName();
            }
            problem = Problems.withErrors(
                    Problems.of(
                            HttpStatus.BAD_REQUEST,
                            "validation-failed",
                            "Validation failed",
                            "The field " + field + " " + message + "."),
                    List.of(new FieldViolation(field, message)));
        } else {
            String reason = ex.getCause() instanceof JacksonException json
                    ? json.getOriginalMessage()
                    : "the body is missing or unreadable";
            problem = Problems.of(
                    HttpStatus.BAD_REQUEST,
                    "malformed-request",
                    "Malformed request",
                    "The request body is not valid JSON: " + reason + ".");
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** What is wrong with a field, or null when the body is not well-formed JSON at all. */
    private static String fieldProblem(JacksonException bad) {
        if (bad instanceof StrictJson.NulCharacter) {
            return "must not contain the NUL character (U+0000)";
        }
        if (bad instanceof StreamReadException && bad.getOriginalMessage().startsWith("Duplicate Object property")) {
            return "appears more than once";
        }
        String message = bad.getOriginalMessage();
        if (bad instanceof DatabindException
                && (message.contains("creator property") || message.startsWith("Cannot map `null` into type"))) {
            return "is required"; // a record component with no value (a primitive cannot be null)
        }
        return bad instanceof DatabindException ? "has the wrong type" : null;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldViolation(JsonPaths.snakeCase(error.getField()), error.getDefaultMessage()));
        }
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> errors.add(new FieldViolation("", error.getDefaultMessage())));
        return handleExceptionInternal(ex, validationFailed(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors body) {
                // A @Valid body validated with the method's other constraints: name its fields.
                body.getFieldErrors()
                        .forEach(error -> errors.add(
                                new FieldViolation(JsonPaths.snakeCase(error.getField()), error.getDefaultMessage())));
                body.getGlobalErrors().forEach(error -> errors.add(new FieldViolation("", error.getDefaultMessage())));
                return;
            }
            String name = result.getMethodParameter().getParameterName();
            var requestParam = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
            var requestHeader = result.getMethodParameter().getParameterAnnotation(RequestHeader.class);
            if (requestParam != null && !requestParam.name().isEmpty()) {
                name = requestParam.name();
            } else if (requestHeader != null && !requestHeader.name().isEmpty()) {
                name = requestHeader.name();
            }
            for (var error : result.getResolvableErrors()) {
                errors.add(new FieldViolation(name, error.getDefaultMessage()));
            }
        });
        return handleExceptionInternal(ex, validationFailed(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        var errors = List.of(new FieldViolation(name, "has the wrong type: '" + ex.getValue() + "'"));
        return handleExceptionInternal(ex, validationFailed(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Read by something other than a message converter (a form, a raw stream). */
    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> handlePayloadTooLarge(PayloadTooLargeException ex, WebRequest request) {
        return handleExceptionInternal(
                ex, Problems.payloadTooLarge(ex.maxBytes()), new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, request);
    }

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Object> handleInvalidInput(InvalidInput ex, WebRequest request) {
        return handleExceptionInternal(
                ex, validationFailed(ex.errors()), new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /** Errors no handler expected: logged with their stack, answered without internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("Unhandled exception", ex);
        ProblemDetail problem = Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The server failed to process the request; the correlation id identifies it in our logs.");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Spring fills in the body of its own exceptions inside super, so complete it afterwards.
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            ProblemResponses.complete(problem);
        }
        return response;
    }

    static ProblemDetail validationFailed(List<FieldViolation> errors) {
        String detail = errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.";
        return Problems.withErrors(
                Problems.of(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed", detail), errors);
    }
}
