package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.contracts.shipping.v1.CreateShipmentRequest;
import dev.orderflow.contracts.shipping.v1.Destination;
import dev.orderflow.contracts.shipping.v1.QuoteShippingRequest;
import dev.orderflow.contracts.shipping.v1.ShippingItem;
import dev.orderflow.contracts.shipping.v1.ShippingServiceGrpc;
import dev.orderflow.contracts.shipping.v1.TrackShipmentRequest;
import dev.orderflow.contracts.shipping.v1.TrackingEvent;
import dev.orderflow.orders.Money;
import dev.orderflow.orders.fulfilment.Carrier;
import dev.orderflow.orders.fulfilment.FulfilmentProperties;
import dev.orderflow.orders.fulfilment.Stockroom;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** The shipping service over gRPC, behind the Carrier the orders domain sees. */
@Component
class GrpcCarrier extends GrpcDependency<ShippingServiceGrpc.ShippingServiceBlockingStub> implements Carrier {

    static final String SERVICE = "orderflow.shipping.v1.ShippingService";
    static final List<String> IDEMPOTENT = List.of("QuoteShipping", "CreateShipment");

    private final Duration trackingDeadline;

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
        this.trackingDeadline = properties.trackingStreamDeadline();
    }

    @Override
    public Quote quote(String country, String postalCode, String city, List<Stockroom.Line> lines) {
        var request = QuoteShippingRequest.newBuilder()
                .setDestination(destination(country, postalCode, city))
                .addAllItems(items(lines));
        var quote = call(stub -> stub.quoteShipping(request.build()));
        var eta = quote.getEstimatedDelivery();
        return new Quote(
                new Money(quote.getPrice().getAmountMinor(), quote.getPrice().getCurrency()),
                quote.getEtaDays(),
                Instant.ofEpochSecond(eta.getSeconds(), eta.getNanos()));
    }

    @Override
    public Shipment ship(String orderId, String country, String postalCode, String city, List<Stockroom.Line> lines) {
        var request = CreateShipmentRequest.newBuilder()
                .setOrderId(orderId)
                .setDestination(destination(country, postalCode, city))
                .addAllItems(items(lines));
        var shipment = call(stub -> stub.createShipment(request.build()));
        return new Shipment(shipment.getShipmentId(), shipment.getTrackingNumber());
    }

    @Override
    public void track(String shipmentId, long afterSequence, Consumer<TrackingStep> steps) {
        var request = TrackShipmentRequest.newBuilder()
                .setShipmentId(shipmentId)
                .setAfterSequence(afterSequence)
                .build();
        Iterator<TrackingEvent> stream = streamCall(stub -> stub.trackShipment(request), trackingDeadline);
        while (stream.hasNext()) { // throws StatusRuntimeException when the stream breaks
            TrackingEvent event = stream.next();
            var at = event.getOccurredAt();
            steps.accept(new TrackingStep(
                    event.getSequence(),
                    event.getStatus().name(),
                    Instant.ofEpochSecond(at.getSeconds(), at.getNanos())));
        }
    }

    private static Destination destination(String country, String postalCode, String city) {
        return Destination.newBuilder()
                .setCountry(country)
                .setPostalCode(postalCode)
                .setCity(city)
                .build();
    }

    private static List<ShippingItem> items(List<Stockroom.Line> lines) {
        return lines.stream()
                .map(line -> ShippingItem.newBuilder()
                        .setSku(line.sku())
                        .setQuantity(line.quantity())
                        .build())
                .toList();
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
