package dev.orderflow.sdk.graphql;

import dev.orderflow.sdk.OrderflowException;
import dev.orderflow.sdk.auth.TokenSource;
import dev.orderflow.sdk.http.ApiRequest;
import dev.orderflow.sdk.http.ApiResponse;
import dev.orderflow.sdk.http.HttpTransport;
import dev.orderflow.sdk.http.RequestLog;
import dev.orderflow.sdk.paging.Page;
import dev.orderflow.sdk.paging.Paged;
import dev.orderflow.sdk.stream.Listener;
import dev.orderflow.sdk.stream.Reconnecting;
import dev.orderflow.sdk.stream.Subscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import tools.jackson.databind.JsonNode;

/**
 * Analytics over GraphQL ({@code /graphql}): queries with variables over HTTP (POST; a query is
 * read-only, so it is retried like a GET), Relay connections followed page by page, and
 * subscriptions over {@code graphql-transport-ws} (the token in {@code connection_init}) that
 * subscribe again after a drop.
 */
public final class Analytics {

    private final HttpTransport transport;
    private final URI graphql;
    private final TokenSource tokens;
    private final ScheduledExecutorService scheduler;
    private final RequestLog log;
    private final HttpClient http;
    private final QueryBudget budget;

    public Analytics(
            HttpTransport transport,
            URI analytics,
            TokenSource tokens,
            ScheduledExecutorService scheduler,
            RequestLog log,
            java.time.Clock clock) {
        this.transport = transport;
        this.graphql = analytics.resolve("/graphql");
        this.tokens = tokens;
        this.scheduler = scheduler;
        this.log = log;
        this.budget = new QueryBudget(clock);
        this.http = HttpClient.newBuilder()
                .connectTimeout(transport.settings().connectTimeout())
                .build();
    }

    /** Runs a query; returns {@code data}, or throws {@link GraphQlException} if there were errors. */
    public JsonNode query(String document, Map<String, Object> variables) {
        return execute(document, variables).path("data");
    }

    /** The whole answer: {@code data} and {@code extensions} (freshness, cost); errors thrown. */
    public JsonNode execute(String document, Map<String, Object> variables) {
        var body = new LinkedHashMap<String, Object>();
        body.put("query", document);
        body.put("variables", variables == null ? Map.of() : variables);
        // A query changes nothing: retried like a GET (a mutation would not be).
        boolean readOnly = !document.stripLeading().startsWith("mutation");
        var request =
                new ApiRequest("POST", graphql, Map.of(), transport.write(body), "application/json", readOnly, true);
        for (int attempt = 1; ; attempt++) {
            pause(budget.waitBeforeNext());
            ApiResponse response = transport.exchange(request);
            JsonNode answer = transport.json().readTree(response.body());
            budget.observe(answer.path("extensions").path("cost"));
            JsonNode errors = answer.path("errors");
            if (!errors.isArray() || errors.isEmpty()) {
                return answer;
            }
            var failure = new GraphQlException(errors, answer.path("data"));
            // Refused before it ran for want of budget: wait for it to be restored, then ask again.
            if (!readOnly || attempt >= 3 || !failure.codes().equals(java.util.List.of("THROTTLED"))) {
                throw failure;
            }
            log.line("   THROTTLED: waiting for the query budget ("
                    + budget.waitBeforeNext().toMillis() + " ms)");
        }
    }

    /** Waits on the SDK's scheduler (tests pass one that records the wait instead of sleeping). */
    private void pause(java.time.Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            scheduler
                    .schedule(() -> {}, wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrderflowException("interrupted while waiting for the query budget", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new OrderflowException("waiting for the query budget failed", e.getCause());
        }
    }

    /**
     * Every node of a Relay connection, fetched page by page as consumed. The document must declare
     * {@code $first: Int} and {@code $after: String} and select {@code edges { node { … } }} and
     * {@code pageInfo { hasNextPage endCursor }} at {@code path} (e.g. {@code "orders"}).
     */
    public Paged<JsonNode> connection(String document, Map<String, Object> variables, String path, int pageSize) {
        return connection(document, variables, path, pageSize, Optional.empty());
    }

    /** The same, starting after the cursor {@code after} (resuming an iteration). */
    public Paged<JsonNode> connection(
            String document, Map<String, Object> variables, String path, int pageSize, Optional<String> after) {
        return new Paged<>(after, position -> {
            var vars = new LinkedHashMap<String, Object>(variables == null ? Map.of() : variables);
            vars.put("first", pageSize);
            position.ifPresent(cursor -> vars.put("after", cursor));
            JsonNode connection = query(document, vars);
            for (String part : path.split("\\.")) {
                connection = connection.path(part);
            }
            List<JsonNode> nodes = new ArrayList<>();
            connection.path("edges").forEach(edge -> nodes.add(edge.path("node")));
            JsonNode info = connection.path("pageInfo");
            Optional<String> next = info.path("hasNextPage").asBoolean(false)
                    ? Optional.ofNullable(info.path("endCursor").asString(null))
                    : Optional.empty();
            return new Page<>(nodes, nodes, position, next);
        });
    }

    /**
     * A subscription over graphql-transport-ws; each {@code next} payload's {@code data} goes to
     * the listener. After a drop it subscribes again (a subscription has no position: what
     * happened while disconnected is not replayed; query for it).
     */
    public Subscription subscribe(String document, Map<String, Object> variables, Listener<JsonNode> listener) {
        return new Reconnecting<JsonNode>(
                        connection -> open(document, variables, connection),
                        listener,
                        scheduler,
                        failure -> !(failure instanceof OrderflowException),
                        10)
                .start();
    }

    private AutoCloseable open(
            String document, Map<String, Object> variables, Reconnecting.Connection<JsonNode> connection) {
        URI uri = URI.create(graphql.toString().replaceFirst("^http", "ws"));
        var json = transport.json();
        String token = tokens.token();
        log.line("→ WebSocket " + uri + " (graphql-transport-ws) subscribe");
        var listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void onOpen(WebSocket socket) {
                socket.sendText(
                        json.writeValueAsString(Map.of(
                                "type", "connection_init", "payload", Map.of("Authorization", "Bearer " + token))),
                        true);
                socket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    JsonNode message = json.readTree(text.toString());
                    text.setLength(0);
                    switch (message.path("type").asString("")) {
                        case "connection_ack" -> {
                            connection.connected();
                            var payload = new LinkedHashMap<String, Object>();
                            payload.put("query", document);
                            payload.put("variables", variables == null ? Map.of() : variables);
                            socket.sendText(
                                    json.writeValueAsString(Map.of("id", "1", "type", "subscribe", "payload", payload)),
                                    true);
                        }
                        case "next" -> {
                            JsonNode errors = message.path("payload").path("errors");
                            if (errors.isArray() && !errors.isEmpty()) {
                                connection.failed(new GraphQlException(
                                        errors, message.path("payload").path("data")));
                            } else {
                                connection.item(message.path("payload").path("data"));
                            }
                        }
                        case "error" -> connection.failed(new GraphQlException(message.path("payload"), null));
                        case "complete" -> connection.completed();
                        case "ping" -> socket.sendText("{\"type\":\"pong\"}", true);
                        default -> {
                            // pong
                        }
                    }
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                log.line("← WebSocket closed " + code + " " + reason);
                if (code == 4401 || code == 4403) {
                    tokens.invalidate(token);
                }
                connection.failed(
                        code == 4400 || code == 4403
                                ? new OrderflowException("refused: " + code + " " + reason)
                                : new IOException("closed " + code + " " + reason));
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                connection.failed(error);
            }
        };
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .connectTimeout(transport.settings().connectTimeout())
                .buildAsync(uri, listener);
        opening.whenComplete((socket, failure) -> {
            if (failure != null) {
                connection.failed(failure.getCause() == null ? failure : failure.getCause());
            }
        });
        return () -> opening.thenAccept(socket -> {
            socket.sendText("{\"id\":\"1\",\"type\":\"complete\"}", true);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        });
    }
}
