package dev.orderflow.sdk;

import dev.orderflow.sdk.auth.ClientCredentials;
import dev.orderflow.sdk.auth.TokenSource;
import dev.orderflow.sdk.graphql.Analytics;
import dev.orderflow.sdk.grpc.Channels;
import dev.orderflow.sdk.grpc.Inventory;
import dev.orderflow.sdk.grpc.Shipping;
import dev.orderflow.sdk.http.HttpTransport;
import dev.orderflow.sdk.http.RateLimitBudget;
import dev.orderflow.sdk.http.RequestLog;
import dev.orderflow.sdk.live.LiveEvents;
import dev.orderflow.sdk.rest.Orders;
import dev.orderflow.sdk.rest.Payments;
import dev.orderflow.sdk.rest.Products;
import dev.orderflow.sdk.rest.WebhookEndpoints;
import dev.orderflow.sdk.webhooks.WebhookVerifier;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Orderflow SDK: one client for every public boundary.
 *
 * <pre>{@code
 * try (var orderflow = Orderflow.builder()
 *         .clientCredentials("orderflow-cli", "orderflow-cli-secret")
 *         .build()) {
 *     orderflow.products().list(50).stream().limit(10).forEach(System.out::println);
 *     Order order = orderflow.orders().place(new PlaceOrder("alice", List.of(new Line("ACC-001", 1)), address));
 * }
 * }</pre>
 *
 * Thread-safe; build one and share it. {@link #close()} releases its connections.
 */
public final class Orderflow implements AutoCloseable {

    /** The scopes asked for by default with client credentials: everything the demo CLI client may do. */
    public static final String DEFAULT_SCOPES =
            "orders:read orders:write orders:refund analytics:read webhooks:manage inventory:read shipping:read";

    private final Endpoints endpoints;
    private final TokenSource tokens;
    private final HttpTransport transport;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final RequestLog log;
    private final Duration grpcDeadline;
    private final String publishableKey;
    private volatile ManagedChannel inventoryChannel;
    private volatile ManagedChannel shippingChannel;
    private final Products products;
    private final Orders orders;
    private final WebhookEndpoints webhookEndpoints;
    private final Analytics analytics;

    private Orderflow(Builder b) {
        this.endpoints = b.endpoints;
        this.log = b.log;
        this.grpcDeadline = b.grpcDeadline;
        this.publishableKey = b.publishableKey;
        this.ownScheduler = b.scheduler == null;
        this.scheduler = b.scheduler != null
                ? b.scheduler
                : Executors.newScheduledThreadPool(
                        1,
                        Thread.ofPlatform().daemon().name("orderflow-sdk-", 0).factory());
        JsonMapper json = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES) // a member left out is false / 0
                .build();
        ClientCredentials credentials = null;
        if (b.tokens != null) {
            this.tokens = b.tokens;
        } else if (b.clientId != null) {
            credentials = new ClientCredentials(
                    endpoints.identity().resolve("/oauth2/token"), b.clientId, b.clientSecret, b.scopes, b.clock);
            this.tokens = credentials;
        } else {
            this.tokens = null;
        }
        var settings = new HttpTransport.Settings(
                b.connectTimeout,
                b.readTimeout,
                b.maxAttempts,
                b.initialBackoff,
                b.maxBackoff,
                b.totalTimeout,
                b.reconnectFor,
                b.clientRateLimit);
        this.transport = new HttpTransport(settings, tokens, log, scheduler, b.clock, json, b.userAgent);
        if (credentials != null) {
            credentials.useTransport(transport);
        }
        this.products = new Products(transport, endpoints.orders());
        this.orders = new Orders(transport, endpoints.orders());
        this.webhookEndpoints = new WebhookEndpoints(transport, endpoints.webhooks());
        this.analytics = new Analytics(transport, endpoints.analytics(), tokens, scheduler, log, b.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The catalog (REST, public). */
    public Products products() {
        return products;
    }

    /** Orders and refunds (REST). */
    public Orders orders() {
        return orders;
    }

    /** Merchant webhook endpoints (REST, scope {@code webhooks:manage}). */
    public WebhookEndpoints webhookEndpoints() {
        return webhookEndpoints;
    }

    /** The payment provider, as a customer's browser uses it (publishable key). */
    public Payments payments() {
        return new Payments(transport, endpoints.partners(), publishableKey);
    }

    /** Inventory over gRPC (scope {@code inventory:read}). */
    public Inventory inventory() {
        return new Inventory(inventoryChannel(), requireTokens(), grpcDeadline, scheduler);
    }

    /** Shipping over gRPC (scope {@code shipping:read}). */
    public Shipping shipping() {
        return new Shipping(shippingChannel(), requireTokens(), grpcDeadline, scheduler);
    }

    /** Live order events over WebSocket or SSE. */
    public LiveEvents events() {
        return new LiveEvents(
                endpoints.notifications(),
                requireTokens(),
                transport.json(),
                scheduler,
                log,
                transport.settings().connectTimeout());
    }

    /** Analytics over GraphQL. */
    public Analytics analytics() {
        requireTokens();
        return analytics; // one instance: it keeps the query-cost budget it has learnt
    }

    /** A verifier for the webhooks of a {@code v1a} endpoint (keys from this platform's JWKS). */
    public WebhookVerifier ed25519WebhookVerifier() {
        return WebhookVerifier.ed25519(endpoints.webhooks().resolve("/.well-known/jwks.json"));
    }

    /** What the orders API said of its rate limit last (quota, window, remaining, reset). */
    public Optional<RateLimitBudget.Snapshot> ordersRateLimit() {
        return transport.rateLimit(endpoints.orders());
    }

    /** The transport, for calls this SDK does not wrap (same token, retries and limits). */
    public HttpTransport transport() {
        return transport;
    }

    /** The token source (e.g. for a gRPC or WebSocket client of your own). */
    public TokenSource tokens() {
        return requireTokens();
    }

    private TokenSource requireTokens() {
        if (tokens == null) {
            throw new IllegalStateException(
                    "no credentials: Orderflow.builder().clientCredentials(...) or .bearerToken(...)");
        }
        return tokens;
    }

    private ManagedChannel inventoryChannel() {
        if (inventoryChannel == null) {
            synchronized (this) {
                if (inventoryChannel == null) {
                    inventoryChannel = Channels.open(
                            endpoints.inventory(), true, List.of("orderflow.inventory.v1.InventoryService/GetStock"));
                }
            }
        }
        return inventoryChannel;
    }

    private ManagedChannel shippingChannel() {
        if (shippingChannel == null) {
            synchronized (this) {
                if (shippingChannel == null) {
                    shippingChannel = Channels.open(
                            endpoints.shipping(), true, List.of("orderflow.shipping.v1.ShippingService/QuoteShipping"));
                }
            }
        }
        return shippingChannel;
    }

    @Override
    public void close() {
        for (ManagedChannel channel : new ManagedChannel[] {inventoryChannel, shippingChannel}) {
            if (channel != null) {
                channel.shutdown();
                try {
                    channel.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        transport.close();
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }

    /** Builds an {@link Orderflow}; every setting has a default that suits {@code ./orderflow up}. */
    public static final class Builder {
        private Endpoints endpoints = Endpoints.localhost();
        private TokenSource tokens;
        private String clientId;
        private String clientSecret;
        private String scopes = DEFAULT_SCOPES;
        private Duration connectTimeout = HttpTransport.Settings.defaults().connectTimeout();
        private Duration readTimeout = HttpTransport.Settings.defaults().readTimeout();
        private int maxAttempts = HttpTransport.Settings.defaults().maxAttempts();
        private Duration initialBackoff = HttpTransport.Settings.defaults().initialBackoff();
        private Duration maxBackoff = HttpTransport.Settings.defaults().maxBackoff();
        private Duration totalTimeout = HttpTransport.Settings.defaults().totalTimeout();
        private Duration reconnectFor = HttpTransport.Settings.defaults().reconnectFor();
        private boolean clientRateLimit = true;
        private RequestLog log = RequestLog.off();
        private ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();
        private Duration grpcDeadline = Duration.ofSeconds(5);
        private String publishableKey;
        private String userAgent = "orderflow-sdk/0.1";

        public Builder endpoints(Endpoints endpoints) {
            this.endpoints = endpoints;
            return this;
        }

        /** OAuth2 client credentials: tokens fetched, cached and renewed before they expire. */
        public Builder clientCredentials(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.tokens = null;
            return this;
        }

        /** The scopes asked for with client credentials (space-separated). */
        public Builder scopes(String scopes) {
            this.scopes = scopes;
            return this;
        }

        /** A token you already have (e.g. a customer's, from PKCE); it is not renewed. */
        public Builder bearerToken(String token) {
            return tokens(TokenSource.of(token));
        }

        public Builder tokens(TokenSource tokens) {
            this.tokens = tokens;
            this.clientId = null;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** Attempts per call (first included), backoff bounds, and the bound on a call's total time. */
        public Builder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration totalTimeout) {
            this.maxAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            this.totalTimeout = totalTimeout;
            return this;
        }

        /**
         * How long a call keeps trying to reach a server that refuses connections (default 30 s,
         * within the call's total time): long enough for a service to restart.
         */
        public Builder reconnectFor(Duration reconnectFor) {
            this.reconnectFor = reconnectFor;
            return this;
        }

        /** Whether to pace requests by the servers' RateLimit headers (default true). */
        public Builder clientRateLimit(boolean enabled) {
            this.clientRateLimit = enabled;
            return this;
        }

        public Builder grpcDeadline(Duration deadline) {
            this.grpcDeadline = deadline;
            return this;
        }

        /** Each attempt, one line: method, URL, status, time; never a token, secret or body. */
        public Builder requestLog(Consumer<String> sink) {
            this.log = RequestLog.to(sink);
            return this;
        }

        /** Where retry waits, rate-limit holds and reconnects are scheduled (tests pass their own). */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The payment provider's publishable key, for {@link #payments()}. */
        public Builder publishableKey(String key) {
            this.publishableKey = key;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Orderflow build() {
            return new Orderflow(this);
        }
    }
}
