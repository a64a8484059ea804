package dev.orderflow.defaults;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel {@code /error} (which answers plain JSON) so that errors raised
 * outside Spring MVC — by the servlet container, Spring Security's firewall or a filter — are
 * problem+json too, with the same fields as any other: the request's own path as {@code instance}
 * (not {@code /error}), its correlation id, and for a 405 an {@code Allow} that lists what the
 * resource supports (RFC 9110 §15.5.6), not what the servlet does.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final AllowedMethods allowedMethods;

    public ProblemErrorController(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status =
                code instanceof Integer value ? HttpStatusCode.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail = status.is5xxServerError()
                ? "The server failed to process the request."
                : "The request could not be processed.";
        ProblemDetail problem = ProblemResponses.complete(ProblemDetail.forStatusAndDetail(status, detail));
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        problem.setInstance(path == null ? null : uri(path));
        String correlationId = CorrelationIdFilter.of(request);
        problem.setProperty("correlation_id", correlationId);
        response.setHeader(CorrelationIdFilter.HEADER, correlationId);
        if (status.value() == HttpStatus.METHOD_NOT_ALLOWED.value() && path != null) {
            // The container already set Allow to the servlet's methods: replace it, not add to it.
            response.setHeader(HttpHeaders.ALLOW, String.join(", ", allowedMethods.at(path)));
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static URI uri(String path) {
        try {
            return new URI(null, null, path, null);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
