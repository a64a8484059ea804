package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.defaults.BackgroundRetry;
import io.grpc.ConnectivityState;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;

/**
 * Once orders is up, fetches its service token, opens its channels and sends one call down each
 * path an order takes (a reservation of an unknown SKU, which inventory refuses and rolls back,
 * and a shipping quote), so the first order does not spend its 500 ms deadlines on a token
 * request, TCP+HTTP/2 handshakes and cold code on both sides.
 *
 * <p>It is part of readiness ({@code management.endpoint.health.group.readiness}): orders reports
 * ready once the warm-up is done, so "ready" means an order can be placed. Dependencies that are
 * not up yet are tried again with backoff for about a minute (services start in any order); if
 * they are still down then, orders becomes ready anyway and answers 503 + Retry-After until they
 * are back. Warm once, ready for good: a dependency failing later does not take orders out of
 * the load balancer (its circuit breaker answers for it).
 */
@Component
class WarmUp implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final OAuth2AuthorizedClientManager clients;
    private final GrpcStockroom stockroom;
    private final GrpcCarrier carrier;
    private volatile String outcome;

    WarmUp(OAuth2AuthorizedClientManager clients, GrpcStockroom stockroom, GrpcCarrier carrier) {
        this.clients = clients;
        this.stockroom = stockroom;
        this.carrier = carrier;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread worker = BackgroundRetry.start(
                "orders-warm-up",
                BackgroundRetry.backoff(Duration.ofMillis(250), Duration.ofSeconds(10), 11),
                log,
                this::attempt);
        Thread.ofVirtual().name("orders-warm-up-outcome").start(() -> {
            try {
                worker.join();
            } catch (InterruptedException e) {
                return;
            }
            if (outcome == null) {
                outcome = "gave up: inventory, shipping or identity unreachable";
            }
        });
    }

    private void attempt() {
        stockroom.connect();
        carrier.connect();
        clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(ServiceTokens.REGISTRATION)
                .principal("orders")
                .build());
        if (stockroom.state() != ConnectivityState.READY || carrier.state() != ConnectivityState.READY) {
            throw new IllegalStateException("inventory " + stockroom.state() + ", shipping " + carrier.state());
        }
        stockroom.warmUp();
        carrier.warmUp();
        outcome = "warm";
        log.info("Connected to inventory and shipping");
    }

    @Override
    public Health health() {
        String done = outcome;
        return done == null
                ? Health.outOfService().withDetail("dependencies", "warming up").build()
                : Health.up().withDetail("dependencies", done).build();
    }
}
