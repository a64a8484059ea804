package dev.orderflow.defaults;

import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error page, as problem+json. Some requests are refused by Tomcat before any servlet,
 * filter or Spring MVC sees them — a request line or headers over the size limit, a path with an
 * encoded slash or other characters Tomcat rejects — and Tomcat's {@link ErrorReportValve} then
 * answers with an HTML page. This valve answers those the way every other error is answered. A
 * header section over the limit is {@code 431 Request Header Fields Too Large} (RFC 6585 §5), not
 * Tomcat's generic 400. Installed on the host by {@link ServiceDefaultsAutoConfiguration}; Tomcat
 * instantiates it, hence the no-argument constructor and its own plain JSON writer.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Throwable cause =
                throwable != null ? throwable : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Map<String, Object> problem = new LinkedHashMap<>();
        if (status == 400 && headersTooLarge(cause)) {
            status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
            response.setStatus(status);
            problem.put("type", Problems.TYPE_BASE + "request-header-too-large");
            problem.put("title", "Request header fields too large");
            problem.put("status", status);
            problem.put("detail", "The request's header fields exceed the server's limit; send shorter ones.");
        } else {
            HttpStatus known = HttpStatus.resolve(status);
            problem.put("type", Problems.TYPE_BASE + Problems.defaultKind(HttpStatus.valueOf(status)));
            problem.put("title", known != null ? known.getReasonPhrase() : "Error " + status);
            problem.put("status", status);
            problem.put(
                    "detail",
                    status == 400
                            ? "The request was refused before it reached the application (malformed request"
                                    + " line, path or headers; an encoded '/' or '\\\\' in the path is not accepted)."
                            : "The request could not be processed.");
        }
        String correlationId = CorrelationIdFilter.of(request);
        problem.put("correlation_id", correlationId);
        try {
            response.setHeader(CorrelationIdFilter.HEADER, correlationId);
            if (status == 400 || status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value()) {
                // Tomcat closes a connection whose request it could not parse: say so, so that a
                // client does not send its next request down a connection that is going away.
                response.setHeader(HttpHeaders.CONNECTION, "close");
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response cannot be written: nothing more to say
        }
    }

    /** Tomcat's parser refuses an oversized request line or header section with this message. */
    private static boolean headersTooLarge(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains("too large")) {
                return true;
            }
        }
        return false;
    }
}
