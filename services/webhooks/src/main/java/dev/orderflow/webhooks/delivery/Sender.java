package dev.orderflow.webhooks.delivery;

import dev.orderflow.webhooks.ssrf.UrlGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One attempt over HTTP (Apache HttpClient 5, classic, on the caller's virtual thread): no redirects
 * (a 3xx is a failure: following it could lead anywhere), no automatic retries (the schedule
 * decides), a deadline on the whole attempt, at most {@code responseBodyLimit} bytes read. Names are
 * resolved by the {@link UrlGuard}, so the addresses it approved are the only ones connected to.
 */
final class Sender implements AutoCloseable {

    /** What an attempt got: a status (and the start of the body), or the error that prevented one. */
    record Outcome(Integer status, String error, Duration latency, String body, Optional<Duration> retryAfter) {
        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final CloseableHttpClient client;
    private final DeliveryProperties properties;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-deadlines").daemon().factory());

    /**
     * @param resolvers wraps the guarded resolver (tests add a trip-wire that fails the test if any
     *     address outside loopback is ever about to be connected to)
     */
    Sender(DeliveryProperties properties, UrlGuard guard, UnaryOperator<DnsResolver> resolvers) {
        this.properties = properties;
        DnsResolver guarded = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return guard.addressesFor(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        Timeout timeout = Timeout.of(properties.timeout());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolvers.apply(guarded))
                        .setMaxConnTotal(properties.concurrency())
                        .setMaxConnPerRoute(
                                properties
                                        .concurrency()) // endpoints on one host share a route; the dispatcher caps each
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("Orderflow-Webhooks/1.0")
                .build();
    }

    Outcome send(URI url, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        ScheduledFuture<?> deadline =
                deadlines.schedule(post::cancel, properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
            int status = response.getCode();
            String start = "";
            if (response.getEntity() != null) {
                try (InputStream in = response.getEntity().getContent()) {
                    byte[] head = in.readNBytes(properties.responseBodyLimit());
                    start = new String(head, StandardCharsets.UTF_8);
                    if (head.length == properties.responseBodyLimit() && in.read() != -1) {
                        post.cancel(); // the rest is not read: drop the connection instead
                    }
                } catch (IOException e) {
                    // The status arrived; a body cut short (or the deadline) does not change it.
                }
            }
            return new Outcome(status, null, since(started), start, retryAfter(status, response));
        } catch (IOException e) {
            return new Outcome(null, describe(e, post.isCancelled()), since(started), null, Optional.empty());
        } catch (RuntimeException e) { // the client's own state errors, e.g. a request cancelled by its deadline
            String why =
                    post.isCancelled() ? "timeout after " + properties.timeout().toMillis() + " ms" : e.toString();
            return new Outcome(null, why, since(started), null, Optional.empty());
        } finally {
            deadline.cancel(false);
        }
    }

    private String describe(IOException e, boolean cancelled) {
        if (e instanceof UrlGuard.UnsafeAddress) {
            return "unsafe-url: " + e.getMessage();
        }
        if (cancelled || e instanceof SocketTimeoutException) {
            return "timeout after " + properties.timeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host: " + e.getMessage();
        }
        String message = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    /** RFC 9110 §10.2.3, on 429 and 503 only: seconds, or an HTTP date. */
    static Optional<Duration> retryAfter(int status, ClassicHttpResponse response) {
        Header header = response.getFirstHeader("Retry-After");
        if ((status != 429 && status != 503) || header == null) {
            return Optional.empty();
        }
        String value = header.getValue().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
