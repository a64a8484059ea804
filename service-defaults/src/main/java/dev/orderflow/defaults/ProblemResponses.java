package dev.orderflow.defaults;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completes problems the same way wherever they are raised, and writes them from servlet filters
 * and security handlers, which run before Spring MVC's message converters.
 */
public class ProblemResponses {

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** Fills in a type, title and the request's correlation id where the raiser left them out. */
    public static ProblemDetail complete(ProblemDetail problem) {
        var status = HttpStatusCode.valueOf(problem.getStatus());
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(URI.create(Problems.TYPE_BASE + Problems.defaultKind(status)));
        }
        if (problem.getTitle() == null) {
            problem.setTitle(Problems.defaultTitle(status));
        }
        String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
        if (correlationId != null) {
            problem.setProperty("correlation_id", correlationId);
        }
        return problem;
    }

    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        complete(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
