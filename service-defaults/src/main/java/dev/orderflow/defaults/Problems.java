package dev.orderflow.defaults;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details with a stable {@code type} URI per error kind, so clients can branch on
 * the kind rather than parse titles. The kinds are listed in each service's contract.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://orderflow.dev/problems/";

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + kind));
        problem.setTitle(title);
        return problem;
    }

    public static ProblemDetail withErrors(ProblemDetail problem, List<FieldViolation> errors) {
        problem.setProperty("errors", errors);
        return problem;
    }

    /** The kind a problem gets when the code that raised it did not choose one. */
    static String defaultKind(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "malformed-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 412 -> "precondition-failed";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "rate-limited";
            case 503 -> "service-unavailable";
            default -> status.is5xxServerError() ? "internal-error" : "client-error";
        };
    }

    static String defaultTitle(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "Error " + status.value();
    }

    /** RFC 9110 §15.5.14: the body is larger than this service accepts. */
    public static ProblemDetail payloadTooLarge(long maxBytes) {
        return of(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
                "The request body exceeds " + maxBytes + " bytes.");
    }

    /** Client input quoted in a detail: at most 40 characters, so a problem never echoes a huge value. */
    public static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** One invalid field, named by its JSON path as the client sent it ({@code items[0].quantity}). */
    public record FieldViolation(String field, String message) {}
}
