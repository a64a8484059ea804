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
import java.time.Instant;
import java.util.List;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** The shipping service over gRPC, behind the Carrier the orders domain sees. */
@Component
class GrpcCarrier extends GrpcDependency<ShippingServiceGrpc.ShippingServiceBlockingStub> implements Carrier {

    static final String SERVICE = "orderflow.shipping.v1.ShippingService";
    static final List<String> IDEMPOTENT = List.of("QuoteShipping", "CreateShipment");

    GrpcCarrier(
            GrpcChannelFactory channels,
            FulfilmentProperties properties,
            ServiceTokens tokens,
            CircuitBreakerRegistry breakers) {
        super(
                "shipping",
                channels,
                properties.shipping(),
                SERVICE,
                IDEMPOTENT,
                ShippingServiceGrpc::newBlockingStub,
                tokens,
                breakers);
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
        var quote = call(stub -> stub.quoteShipping(request.build()));
        var eta = quote.getEstimatedDelivery();
        return new Quote(
                new Money(quote.getPrice().getAmountMinor(), quote.getPrice().getCurrency()),
                quote.getEtaDays(),
                Instant.ofEpochSecond(eta.getSeconds(), eta.getNanos()));
    }

    /** A quote, the call an order makes, with a generous deadline (see GrpcStockroom#warmUp). */
    void warmUp() {
        warmUpCall(stub -> stub.quoteShipping(QuoteShippingRequest.newBuilder()
                .setDestination(Destination.newBuilder()
                        .setCountry("FR")
                        .setPostalCode("75001")
                        .setCity("Paris"))
                .addItems(ShippingItem.newBuilder().setSku("ACC-001").setQuantity(1))
                .build()));
    }
}
