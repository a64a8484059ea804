package dev.orderflow.orders.fulfilment.internal;

import io.grpc.ConnectivityState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;

/**
 * Once orders is up, fetches its service token and opens its channels in the background, so the
 * first order does not spend its 500 ms deadline on a token request and two TCP+HTTP/2 handshakes.
 * Dependencies that are not up yet are tried again with backoff for a minute; orders never waits
 * for them to start (services start in any order).
 */
@Component
class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final OAuth2AuthorizedClientManager clients;
    private final GrpcStockroom stockroom;
    private final GrpcCarrier carrier;

    WarmUp(OAuth2AuthorizedClientManager clients, GrpcStockroom stockroom, GrpcCarrier carrier) {
        this.clients = clients;
        this.stockroom = stockroom;
        this.carrier = carrier;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofVirtual().name("orders-warm-up").start(() -> {
            Duration backoff = Duration.ofMillis(250);
            for (int attempt = 0; attempt < 12; attempt++) {
                stockroom.connect();
                carrier.connect();
                try {
                    clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(ServiceTokens.REGISTRATION)
                            .principal("orders")
                            .build());
                    if (stockroom.state() == ConnectivityState.READY && carrier.state() == ConnectivityState.READY) {
                        stockroom.warmUp();
                        carrier.warmUp();
                        log.info("Connected to inventory and shipping");
                        return;
                    }
                } catch (RuntimeException e) {
                    log.debug("Warm-up: identity not reachable yet ({})", e.getMessage());
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        });
    }
}
