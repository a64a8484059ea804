package dev.orderflow.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem answer ({@code application/problem+json}), or any other 4xx/5xx, as a typed
 * exception. The subclasses name the cases a caller usually tells apart; {@link #type()} is the
 * stable identifier (e.g. {@code https://orderflow.dev/problems/out-of-stock}) for the rest.
 */
public class ProblemException extends OrderflowException {

    /** One invalid field, as the server named it. */
    public record FieldError(String field, String message) {}

    private final String type;
    private final int status;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;
    private final String correlationId;
    private final Duration retryAfter;
    private final Map<String, Object> extensions;

    public ProblemException(Parts p) {
        super(p.status + " " + (p.title == null ? "" : p.title) + (p.detail == null ? "" : ": " + p.detail)
                + (p.correlationId == null ? "" : " (correlation id " + p.correlationId + ")"));
        this.type = p.type;
        this.status = p.status;
        this.title = p.title;
        this.detail = p.detail;
        this.errors = List.copyOf(p.errors);
        this.correlationId = p.correlationId;
        this.retryAfter = p.retryAfter;
        this.extensions = Map.copyOf(p.extensions);
    }

    /** The problem type URI ({@code about:blank} when the server sent no problem document). */
    public String type() {
        return type;
    }

    /** The last segment of {@link #type()}, e.g. {@code out-of-stock}. */
    public String code() {
        return type.substring(type.lastIndexOf('/') + 1);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The server's correlation id (body member or {@code X-Correlation-Id}), for its logs. */
    public String correlationId() {
        return correlationId;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Members beyond the standard ones (e.g. {@code skus}, {@code refundable}), as parsed JSON. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** 400 and 422: the request was wrong; {@link #errors()} names the fields. */
    public static final class InvalidRequest extends ProblemException {
        public InvalidRequest(Parts p) {
            super(p);
        }
    }

    /** 401: no token, or a bad or expired one. */
    public static final class Unauthenticated extends ProblemException {
        public Unauthenticated(Parts p) {
            super(p);
        }
    }

    /** 403: the token lacks a scope, or the resource is someone else's. */
    public static final class PermissionDenied extends ProblemException {
        public PermissionDenied(Parts p) {
            super(p);
        }
    }

    /** 404. */
    public static final class NotFound extends ProblemException {
        public NotFound(Parts p) {
            super(p);
        }
    }

    /** 409 and 412: the state of the resource does not allow it (out of stock, already shipped, ...). */
    public static final class Conflict extends ProblemException {
        public Conflict(Parts p) {
            super(p);
        }
    }

    /** 429, still after the retries allowed. */
    public static final class RateLimited extends ProblemException {
        public RateLimited(Parts p) {
            super(p);
        }
    }

    /** 5xx, still after the retries allowed. */
    public static final class Unavailable extends ProblemException {
        public Unavailable(Parts p) {
            super(p);
        }
    }

    /** The parts of a problem, before it is typed by status. */
    public record Parts(
            String type,
            int status,
            String title,
            String detail,
            List<FieldError> errors,
            String correlationId,
            Duration retryAfter,
            Map<String, Object> extensions) {}

    /** The typed exception for a status. */
    public static ProblemException of(Parts p) {
        return switch (p.status) {
            case 400, 422 -> new InvalidRequest(p);
            case 401 -> new Unauthenticated(p);
            case 403 -> new PermissionDenied(p);
            case 404 -> new NotFound(p);
            case 409, 412 -> new Conflict(p);
            case 429 -> new RateLimited(p);
            default -> p.status >= 500 ? new Unavailable(p) : new ProblemException(p);
        };
    }
}
