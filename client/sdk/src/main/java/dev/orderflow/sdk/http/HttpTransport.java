package dev.orderflow.sdk.http;

import dev.orderflow.sdk.OrderflowException;
import dev.orderflow.sdk.ProblemException;
import dev.orderflow.sdk.auth.TokenSource;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every HTTP call of the SDK goes through here: the bearer token, connect and read timeouts, the
 * client-side rate limit, retries and the request log.
 *
 * <p>Retries are Resilience4j's {@link Retry} (asynchronous, so its waits run on the
 * {@link ScheduledExecutorService} given, which tests replace to control time): exponential backoff
 * with jitter ({@link IntervalFunction#ofExponentialRandomBackoff}), never shorter than the
 * server's {@code Retry-After}, and only when it is safe:
 * <ul>
 *   <li>a connection that could not be made (the request never left) is retried for any call, for
 *       up to {@link Settings#reconnectFor()} whatever the number of attempts: a server that
 *       restarts (a deployment, a crash the platform heals) refuses connections for seconds, not
 *       for the few hundred milliseconds of the first backoffs;
 *   <li>429, 503 and an I/O failure after the request was sent are retried only for idempotent
 *       calls: GET, PUT, DELETE, and requests carrying an {@code Idempotency-Key} (sent unchanged on
 *       every attempt, so the server does the work once);
 *   <li>a 401 with a token that can be renewed is retried once, at once, with a fresh token.
 * </ul>
 * No retry starts if its wait would end after the call's total time budget.
 */
public final class HttpTransport implements AutoCloseable {

    /** Timeouts and retry limits. */
    public record Settings(
            Duration connectTimeout,
            Duration readTimeout,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration totalTimeout,
            Duration reconnectFor,
            boolean clientRateLimit) {

        public static Settings defaults() {
            return new Settings(
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(15),
                    5,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(30),
                    true);
        }
    }

    private final HttpClient http;
    private final Settings settings;
    private final TokenSource tokens;
    private final RequestLog log;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final String userAgent;
    private final JsonMapper json;
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, RateLimitBudget> budgets = new ConcurrentHashMap<>();
    private final IntervalFunction backoff;

    public HttpTransport(
            Settings settings,
            TokenSource tokens,
            RequestLog log,
            ScheduledExecutorService scheduler,
            Clock clock,
            JsonMapper json,
            String userAgent) {
        this.settings = settings;
        this.tokens = tokens;
        this.log = log;
        this.scheduler = scheduler;
        this.clock = clock;
        this.json = json;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(attempts)
                .build();
        // Randomization 1.0: each wait is uniform in (0, 2 × the exponential step], capped.
        this.backoff =
                IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 1.0, settings.maxBackoff());
    }

    public JsonMapper json() {
        return json;
    }

    public Settings settings() {
        return settings;
    }

    /** The rate-limit state learnt from one server ({@code scheme://host:port}). */
    public Optional<RateLimitBudget.Snapshot> rateLimit(URI server) {
        return Optional.ofNullable(budgets.get(origin(server))).flatMap(RateLimitBudget::last);
    }

    /** Sends, retrying where safe; returns the final response whatever its status. */
    public ApiResponse send(ApiRequest request) {
        try {
            return sendAsync(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrderflowException("interrupted", e);
        } catch (ExecutionException e) {
            throw failure(request, e.getCause());
        }
    }

    /** Sends and expects a 2xx (or 304): anything else is thrown as a typed {@link ProblemException}. */
    public ApiResponse exchange(ApiRequest request) {
        ApiResponse response = send(request);
        if (!response.ok()) {
            throw problem(response);
        }
        return response;
    }

    public CompletableFuture<ApiResponse> sendAsync(ApiRequest request) {
        var execution = new Execution(request, clock.instant());
        RetryConfig config = RetryConfig.<Attempt>custom()
                .maxAttempts(Integer.MAX_VALUE) // Execution decides: by attempts, or by time for connecting
                .retryOnResult(execution::retryResult)
                .retryOnException(execution::retryFailure)
                .intervalBiFunction((IntervalBiFunction<Attempt>) (n, either) -> execution.nextWaitMillis)
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of("orderflow-http", config);
        return Retry.decorateCompletionStage(retry, scheduler, () -> attempt(execution))
                .get()
                .thenApply(Attempt::response)
                .toCompletableFuture();
    }

    private CompletableFuture<Attempt> attempt(Execution execution) {
        execution.number++;
        ApiRequest request = execution.request;
        RateLimitBudget budget = budget(request.uri());
        Duration hold = settings.clientRateLimit() ? budget.reserve() : Duration.ZERO;
        if (!hold.isZero()) {
            log.line("   waiting %d ms for the rate limit of %s".formatted(hold.toMillis(), origin(request.uri())));
            var delayed = new CompletableFuture<Attempt>();
            Runnable send = () -> CompletableFuture.supplyAsync(() -> once(execution, budget), attempts)
                    .whenComplete((a, t) -> {
                        if (t != null) {
                            delayed.completeExceptionally(t);
                        } else {
                            delayed.complete(a);
                        }
                    });
            scheduler.schedule(send, hold.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return delayed;
        }
        return CompletableFuture.supplyAsync(() -> once(execution, budget), attempts);
    }

    /** One attempt, on a virtual thread. */
    private Attempt once(Execution execution, RateLimitBudget budget) {
        ApiRequest request = execution.request;
        Duration left = execution.remaining();
        Duration timeout = left.compareTo(settings.readTimeout()) < 0 ? left : settings.readTimeout();
        if (timeout.isZero() || timeout.isNegative()) {
            throw new CompletionException(new OrderflowException("the call's time budget of "
                    + settings.totalTimeout().toSeconds() + " s is spent: " + request.method() + " " + request.uri()));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(timeout)
                .header("User-Agent", userAgent)
                .header("Accept", "application/json, application/problem+json");
        String token = null;
        if (request.authenticated() && tokens != null) {
            token = tokens.token();
            builder.header("Authorization", "Bearer " + token);
        }
        request.headers().forEach(builder::setHeader);
        builder.method(
                request.method(),
                request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType());
        }
        long started = System.nanoTime();
        StringBuilder line = new StringBuilder();
        if (log.enabled()) {
            line.append("→ ").append(request.method()).append(' ').append(request.uri());
            request.headers().forEach((name, value) -> {
                if (RequestLog.shown(name)) {
                    line.append(" [").append(name).append(": ").append(value).append(']');
                }
            });
            if (execution.number > 1) {
                line.append(" (attempt ").append(execution.number).append(')');
            }
            log.line(line.toString());
        }
        try {
            HttpResponse<byte[]> raw = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            var response = new ApiResponse(raw.statusCode(), raw.headers(), raw.body());
            budget.observe(response);
            if (log.enabled()) {
                var back = new StringBuilder("← ")
                        .append(response.status())
                        .append(' ')
                        .append(request.method())
                        .append(' ')
                        .append(request.uri().getPath())
                        .append(" in ")
                        .append((System.nanoTime() - started) / 1_000_000)
                        .append(" ms");
                response.headers().map().forEach((name, values) -> {
                    if (RequestLog.shown(name) && !name.equalsIgnoreCase("ratelimit-policy")) {
                        back.append(" [")
                                .append(name)
                                .append(": ")
                                .append(String.join(", ", values))
                                .append(']');
                    }
                });
                log.line(back.toString());
            }
            return new Attempt(response, token);
        } catch (IOException e) {
            log.line("← " + request.method() + " " + request.uri().getPath() + " failed after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms: " + describe(e));
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** One attempt's answer, and the token it was sent with. */
    record Attempt(ApiResponse response, String token) {}

    /** The state of one call across its attempts; Resilience4j calls one predicate, then the interval. */
    private final class Execution {
        final ApiRequest request;
        final Instant started;
        int number;
        volatile long nextWaitMillis;
        boolean renewedToken;

        Execution(ApiRequest request, Instant started) {
            this.request = request;
            this.started = started;
        }

        Duration remaining() {
            return settings.totalTimeout().minus(Duration.between(started, clock.instant()));
        }

        boolean retryResult(Attempt attempt) {
            ApiResponse response = attempt.response();
            if (number >= settings.maxAttempts()) {
                return false;
            }
            if (response.status() == 401 && attempt.token() != null && !renewedToken) {
                renewedToken = true;
                if (tokens.invalidate(attempt.token())) {
                    nextWaitMillis = 0;
                    log.line("   401: renewing the token and sending again");
                    return true;
                }
                return false;
            }
            if (response.status() != 429 && response.status() != 503) {
                return false;
            }
            Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
            if (response.status() == 429) {
                retryAfter.ifPresent(budget(request.uri())::refused);
            }
            if (!request.idempotent()) {
                log.line("   " + response.status() + ": not retried (not idempotent and no Idempotency-Key)");
                return false;
            }
            long wait = Math.max(
                    backoff.apply(number), retryAfter.map(Duration::toMillis).orElse(0L));
            return within(
                    wait,
                    response.status()
                            + (retryAfter.isPresent()
                                    ? " with Retry-After " + retryAfter.get().toSeconds() + " s"
                                    : ""));
        }

        boolean retryFailure(Throwable failure) {
            Throwable cause = unwrap(failure);
            boolean neverSent = neverSent(cause);
            if (!(cause instanceof IOException) && !neverSent) {
                return false;
            }
            if (!neverSent && !request.idempotent()) {
                log.line("   not retried: the request may have reached the server and is not idempotent");
                return false;
            }
            if (neverSent) {
                long wait = backoff.apply(number);
                if (Duration.between(started, clock.instant()).plusMillis(wait).compareTo(settings.reconnectFor())
                        > 0) {
                    log.line("   " + describe(cause) + ": no retry, still refused after "
                            + settings.reconnectFor().toSeconds() + " s");
                    return false;
                }
                return within(wait, describe(cause));
            }
            if (number >= settings.maxAttempts()) {
                return false;
            }
            return within(backoff.apply(number), describe(cause));
        }

        private boolean within(long waitMillis, String why) {
            if (remaining().minusMillis(waitMillis).isNegative()) {
                log.line("   " + why + ": no retry, the wait of " + waitMillis + " ms would exceed the time budget");
                return false;
            }
            nextWaitMillis = waitMillis;
            log.line("   " + why + ": retrying in " + waitMillis + " ms");
            return true;
        }
    }

    private static boolean neverSent(Throwable cause) {
        return cause instanceof ConnectException
                || cause instanceof HttpConnectTimeoutException
                || cause instanceof UnresolvedAddressException
                || cause != null && cause.getCause() instanceof ConnectException;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    private RuntimeException failure(ApiRequest request, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RuntimeException known) {
            return known; // the SDK's own, or the token source's (e.g. "not logged in"), as thrown
        }
        return new OrderflowException(request.method() + " " + request.uri() + " failed: " + describe(cause), cause);
    }

    /** The typed exception for a response that is not a success. */
    public ProblemException problem(ApiResponse response) {
        String correlation = response.header("X-Correlation-Id").orElse(null);
        Duration retryAfter =
                RetryAfter.parse(response.header("Retry-After"), clock).orElse(null);
        JsonNode body = null;
        try {
            if (response.body().length > 0) {
                body = json.readTree(response.body());
            }
        } catch (RuntimeException notJson) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return ProblemException.of(new ProblemException.Parts(
                    "about:blank",
                    response.status(),
                    "HTTP " + response.status(),
                    body == null ? abbreviate(response.text()) : null,
                    java.util.List.of(),
                    correlation,
                    retryAfter,
                    Map.of()));
        }
        var errors = new java.util.ArrayList<ProblemException.FieldError>();
        body.path("errors")
                .forEach(e -> errors.add(new ProblemException.FieldError(
                        e.path("field").asString(null), e.path("message").asString(null))));
        var extensions = new java.util.LinkedHashMap<String, Object>();
        for (var entry : body.properties()) {
            if (!java.util.Set.of("type", "title", "status", "detail", "instance", "errors", "correlation_id")
                    .contains(entry.getKey())) {
                extensions.put(entry.getKey(), json.convertValue(entry.getValue(), Object.class));
            }
        }
        return ProblemException.of(new ProblemException.Parts(
                body.path("type").asString("about:blank"),
                response.status(),
                body.path("title").asString(null),
                body.path("detail").asString(null),
                errors,
                body.path("correlation_id").asString(correlation),
                retryAfter,
                extensions));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private RateLimitBudget budget(URI uri) {
        return budgets.computeIfAbsent(origin(uri), name -> new RateLimitBudget(name, clock));
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    /** Decodes a JSON body. */
    public <T> T read(ApiResponse response, Class<T> type) {
        return json.readValue(response.body(), type);
    }

    public <T> T read(ApiResponse response, Function<JsonNode, T> mapper) {
        return mapper.apply(json.readTree(response.body()));
    }

    public byte[] write(Object value) {
        return json.writeValueAsBytes(value);
    }

    @Override
    public void close() {
        attempts.shutdown();
        http.close();
    }
}
