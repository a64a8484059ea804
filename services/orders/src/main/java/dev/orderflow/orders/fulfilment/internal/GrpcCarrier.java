package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.contracts.shipping.v1.Destination;
import dev.orderflow.contracts.shipping.v1.QuoteShippingRequest;
import dev.orderflow.contracts.shipping.v1.ShippingItem;
import dev.orderflow.contracts.shipping.v1.ShippingServiceGrpc;
import dev.orderflow.orders.Money;
import dev.orderflow.orders.fulfilment.Carrier;
import dev.orderflow.orders.fulfilment.FulfilmentProperties;
import dev.orderflow.orders.fulfilment.Stockroom;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.grpc.ManagedChannel;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The shipping service over gRPC, behind the Carrier the orders domain sees. */
@Component
class GrpcCarrier implements Carrier, DisposableBean {

    static final String SERVICE = "orderflow.shipping.v1.ShippingService";
    static final List<String> IDEMPOTENT = List.of("QuoteShipping", "CreateShipment");

    private final ManagedChannel channel;
    private final ShippingServiceGrpc.ShippingServiceBlockingStub stub;
    private final io.github.resilience4j.circuitbreaker.CircuitBreaker breaker;
    private final FulfilmentProperties.Dependency config;

    GrpcCarrier(FulfilmentProperties properties, ServiceTokens tokens, CircuitBreakerRegistry breakers) {
        this.config = properties.shipping();
        this.channel = GrpcChannels.channel(config, SERVICE, IDEMPOTENT);
        this.stub = ShippingServiceGrpc.newBlockingStub(channel).withCallCredentials(tokens);
        this.breaker = breakers.circuitBreaker("shipping");
    }

    @Override
    public Quote quote(String country, String postalCode, String city, List<Stockroom.Line> lines) {
        var request = QuoteShippingRequest.newBuilder()
                .setDestination(Destination.newBuilder()
                        .setCountry(country)
                        .setPostalCode(postalCode)
                        .setCity(city));
        lines.forEach(line ->
                request.addItems(ShippingItem.newBuilder().setSku(line.sku()).setQuantity(line.quantity())));
        var quote = Breakers.call(
                breaker, () -> stub.withDeadlineAfter(config.deadline().toMillis(), TimeUnit.MILLISECONDS)
                        .quoteShipping(request.build()));
        var eta = quote.getEstimatedDelivery();
        return new Quote(
                new Money(quote.getPrice().getAmountMinor(), quote.getPrice().getCurrency()),
                quote.getEtaDays(),
                Instant.ofEpochSecond(eta.getSeconds(), eta.getNanos()));
    }

    /** One harmless authenticated call with a generous deadline (see GrpcStockroom#warmUp). */
    void warmUp() {
        try {
            stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .quoteShipping(QuoteShippingRequest.newBuilder()
                            .setDestination(Destination.newBuilder()
                                    .setCountry("FR")
                                    .setPostalCode("75001")
                                    .setCity("Paris"))
                            .addItems(
                                    ShippingItem.newBuilder().setSku("ACC-001").setQuantity(1))
                            .build());
        } catch (io.grpc.StatusRuntimeException ignored) {
            // the answer does not matter, the round trip does
        }
    }

    /** Starts connecting if idle (channels connect lazily, on the first call, otherwise). */
    void connect() {
        channel.getState(true);
    }

    io.grpc.ConnectivityState state() {
        return channel.getState(false);
    }

    @Override
    public void destroy() throws InterruptedException {
        channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    }
}
