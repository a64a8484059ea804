package dev.orderflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A browser at the edge, without JavaScript: one cookie jar, redirects not followed (so each step
 * can be checked), the CSRF token sent back from its cookie on request, and a record of every
 * response it saw (to check that no token ever reached it).
 */
public final class BrowserSession {

    public static final String SIGN_IN = "/oauth2/authorization/orderflow-edge";

    private final URI edge;
    private final CookieManager jar = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final StringBuilder seen = new StringBuilder();

    public BrowserSession(URI edge) {
        this.edge = edge;
    }

    public URI uri(String path) {
        return edge.resolve(path);
    }

    /** Signs in at identity as a person would, and lands back at the edge with the code; returns the edge's answer. */
    public HttpResponse<String> signIn(URI issuer, String username, String password)
            throws IOException, InterruptedException {
        var start = get(SIGN_IN, "text/html");
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        URI callback = new PkceLogin(issuer, "orderflow-edge", "unused").signIn(authorize, username, password);
        if (!callback.toString().startsWith(uri("/login/oauth2/code/").toString())) {
            throw new IllegalStateException("identity did not send the browser back to the edge: " + callback);
        }
        return get(callback.getRawPath() + "?" + callback.getRawQuery(), "text/html");
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, "application/json");
    }

    public HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return record(http.send(
                HttpRequest.newBuilder(uri(path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** A write, as the pages' scripts make it: JSON, and the CSRF token when {@code csrf}; extra headers in pairs. */
    public HttpResponse<String> send(String method, String path, String body, boolean csrf, String... headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri(path))
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (!List.of(headers).contains("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (csrf) {
            String token = cookie("XSRF-TOKEN");
            if (token == null) {
                throw new IllegalStateException("no XSRF-TOKEN cookie yet: open a page first");
            }
            request.header("X-XSRF-TOKEN", token);
        }
        return record(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** An event stream, open until the returned body is closed. */
    public HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** An event stream, read as EventSource reads it. */
    public SseClient events(String path) throws IOException, InterruptedException {
        return SseClient.of(stream(path));
    }

    public String cookie(String name) {
        return cookies().stream()
                .filter(cookie -> cookie.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    public List<HttpCookie> cookies() {
        return jar.getCookieStore().getCookies();
    }

    /** Every status, header and body this browser received. */
    public String everything() {
        return seen.toString();
    }

    private HttpResponse<String> record(HttpResponse<String> response) {
        seen.append(response.statusCode()).append('\n');
        response.headers()
                .map()
                .forEach((name, values) ->
                        seen.append(name).append(": ").append(values).append('\n'));
        seen.append(response.body()).append('\n');
        return response;
    }
}
