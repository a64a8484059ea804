package dev.orderflow.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.shipping.v1.CourierHello;
import dev.orderflow.contracts.shipping.v1.CourierInstruction;
import dev.orderflow.contracts.shipping.v1.CourierMessage;
import dev.orderflow.contracts.shipping.v1.CreateShipmentRequest;
import dev.orderflow.contracts.shipping.v1.DeliveryConfirmation;
import dev.orderflow.contracts.shipping.v1.Destination;
import dev.orderflow.contracts.shipping.v1.LocationUpdate;
import dev.orderflow.contracts.shipping.v1.QuoteShippingRequest;
import dev.orderflow.contracts.shipping.v1.ShipmentStatus;
import dev.orderflow.contracts.shipping.v1.ShippingItem;
import dev.orderflow.contracts.shipping.v1.ShippingServiceGrpc;
import dev.orderflow.contracts.shipping.v1.TrackShipmentRequest;
import dev.orderflow.contracts.shipping.v1.TrackingEvent;
import dev.orderflow.shipping.shipment.ShipmentDesk;
import dev.orderflow.testing.IdentityOutage;
import dev.orderflow.testing.Observers;
import dev.orderflow.testing.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every RPC, all four call patterns, over an in-process server with the real services and security. */
@SpringBootTest(
        properties = {
            "spring.grpc.server.inprocess.name=shipping-rpc-test",
            "spring.grpc.server.inprocess.exclusive=true",
            "spring.datasource.url=jdbc:h2:mem:shipping-rpc;DB_CLOSE_DELAY=-1",
            "orderflow.shipping.step-interval=PT1H",
            "server.port=0"
        })
class ShippingRpcTest {

    static final TestTokens tokens = new TestTokens();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
    }

    /** The simulated clock, moved by the test rather than by waiting. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    @Autowired
    TestClock clock;

    @Autowired
    ShipmentDesk desk;

    ManagedChannel channel;
    ShippingServiceGrpc.ShippingServiceBlockingStub blocking;
    ShippingServiceGrpc.ShippingServiceStub async;

    @BeforeEach
    void connect() {
        channel = InProcessChannelBuilder.forName("shipping-rpc-test")
                .directExecutor()
                .build();
        var headers = new Metadata();
        String token = tokens.sign(
                tokens.claims("orders", "orders", null, "orderflow-shipping", Duration.ofMinutes(5), "shipping:write"));
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        blocking = ShippingServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        async = ShippingServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void refusesCallsWithoutATokenOrWithoutTheShippingScope() {
        var bare = ShippingServiceGrpc.newBlockingStub(channel);
        var headers = new Metadata();
        String ordersOnly = tokens.sign(
                tokens.claims("orders", "orders", null, "orderflow-shipping", Duration.ofMinutes(5), "orders:read"));
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ordersOnly);
        var wrongScope = bare.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));

        assertThat(failure(() -> bare.quoteShipping(quote("FR", 1))).getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(failure(() -> wrongScope.quoteShipping(quote("FR", 1)))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    /** Identity down: shipping keeps accepting tokens it can verify and refuses the rest (UNAUTHENTICATED). */
    @Test
    void whileIdentityIsDownAcceptsIssuedTokensAndRefusesOnesItCannotVerify() throws Exception {
        IdentityOutage.assertIssuedTokensWorkAndUnverifiableOnesAreRefused(
                tokens,
                () -> tokens.claims(
                        "orders", "orders", null, "orderflow-shipping", Duration.ofMinutes(5), "shipping:read"),
                token -> {
                    var headers = new Metadata();
                    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                    var stub = ShippingServiceGrpc.newBlockingStub(channel)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
                    try {
                        stub.quoteShipping(quote("FR", 1));
                        return Status.Code.OK.value();
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode().value();
                    }
                },
                Status.Code.OK.value(),
                Status.Code.UNAUTHENTICATED.value());
    }

    @Test
    void aReadOnlyTokenQuotesAndTracksButCannotCreateShipments() {
        var headers = new Metadata();
        String readOnly = tokens.sign(
                tokens.claims("cli", "cli", null, "orderflow-shipping", Duration.ofMinutes(5), "shipping:read"));
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + readOnly);
        var reader = ShippingServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        String orderId = UUID.randomUUID().toString();

        assertThat(reader.quoteShipping(quote("FR", 1)).getPrice().getAmountMinor())
                .isEqualTo(490);
        assertThat(failure(() -> reader.createShipment(shipment(orderId)))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        // Refused, so nothing was created: the writer's first call for that order makes sequence 1's shipment.
        var created = blocking.createShipment(shipment(orderId));
        var tracked = reader.trackShipment(TrackShipmentRequest.newBuilder()
                .setShipmentId(created.getShipmentId())
                .build());
        assertThat(tracked.next().getSequence()).isEqualTo(1);
    }

    @Test
    void quotesByTheDocumentedRules() {
        var domestic = blocking.quoteShipping(quote("FR", 1));
        var eu = blocking.quoteShipping(quote("DE", 5));
        var world = blocking.quoteShipping(quote("US", 2));

        assertThat(domestic.getPrice().getAmountMinor()).isEqualTo(490);
        assertThat(domestic.getEtaDays()).isEqualTo(2);
        assertThat(eu.getPrice().getAmountMinor()).isEqualTo(990 + 2 * 50); // 2.5 kg: 3 started kg, 2 beyond the first
        assertThat(eu.getZone()).isEqualTo("eu");
        assertThat(world.getPrice().getAmountMinor()).isEqualTo(2490);
        assertThat(world.getEtaDays()).isEqualTo(8);
    }

    @Test
    void rejectsAnInvalidQuoteListingEveryField() {
        var bad = QuoteShippingRequest.newBuilder()
                .setDestination(Destination.newBuilder().setCountry("France"))
                .addItems(ShippingItem.newBuilder().setSku("x").setQuantity(0))
                .build();

        var error = failure(() -> blocking.quoteShipping(bad));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusProto.fromThrowable(error).getDetailsCount()).isEqualTo(1);
        assertThat(error.getStatus().getDescription()).isEqualTo("4 fields are invalid");
    }

    @Test
    void createsOneShipmentPerOrderWhateverTheRetries() {
        var request = shipment(UUID.randomUUID().toString());

        var first = blocking.createShipment(request);
        var again = blocking.createShipment(request);

        assertThat(again.getShipmentId()).isEqualTo(first.getShipmentId());
        assertThat(first.getStatus()).isEqualTo(ShipmentStatus.LABEL_CREATED);
    }

    @Test
    void tracksAShipmentThroughEveryStepAndResumesAfterTheLastSequenceSeen() throws Exception {
        var shipment = blocking.createShipment(shipment(UUID.randomUUID().toString()));
        List<TrackingEvent> seen = new CopyOnWriteArrayList<>();
        var done = new CompletableFuture<Void>();
        async.trackShipment(
                TrackShipmentRequest.newBuilder()
                        .setShipmentId(shipment.getShipmentId())
                        .build(),
                Observers.collecting(seen, done));

        for (int step = 0; step < 4; step++) {
            clock.advance(Duration.ofHours(1));
            desk.tick();
        }
        done.get(10, TimeUnit.SECONDS);

        assertThat(seen)
                .extracting(TrackingEvent::getStatus)
                .containsExactly(
                        ShipmentStatus.LABEL_CREATED,
                        ShipmentStatus.PICKED_UP,
                        ShipmentStatus.IN_TRANSIT,
                        ShipmentStatus.OUT_FOR_DELIVERY,
                        ShipmentStatus.DELIVERED);
        assertThat(seen).extracting(TrackingEvent::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);

        List<TrackingEvent> resumed = new CopyOnWriteArrayList<>();
        var resumedDone = new CompletableFuture<Void>();
        async.trackShipment(
                TrackShipmentRequest.newBuilder()
                        .setShipmentId(shipment.getShipmentId())
                        .setAfterSequence(3)
                        .build(),
                Observers.collecting(resumed, resumedDone));
        resumedDone.get(10, TimeUnit.SECONDS);
        assertThat(resumed).extracting(TrackingEvent::getSequence).containsExactly(4L, 5L);
    }

    @Test
    void refusesToTrackAnUnknownShipment() {
        var done = new CompletableFuture<Void>();
        async.trackShipment(
                TrackShipmentRequest.newBuilder()
                        .setShipmentId(UUID.randomUUID().toString())
                        .build(),
                Observers.collecting(new CopyOnWriteArrayList<>(), done));

        await().until(done::isDone);
        assertThat(done).isCompletedExceptionally();
        assertThat(Status.fromThrowable(done.handle((v, t) -> t).join()).getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aCourierConfirmationDeliversTheShipmentAndTrackersSeeIt() throws Exception {
        var shipment = blocking.createShipment(shipment(UUID.randomUUID().toString()));
        List<TrackingEvent> tracked = new CopyOnWriteArrayList<>();
        var trackingDone = new CompletableFuture<Void>();
        async.trackShipment(
                TrackShipmentRequest.newBuilder()
                        .setShipmentId(shipment.getShipmentId())
                        .build(),
                Observers.collecting(tracked, trackingDone));
        List<CourierInstruction> instructions = new CopyOnWriteArrayList<>();
        var sessionDone = new CompletableFuture<Void>();
        StreamObserver<CourierMessage> courier = async.courierSession(Observers.collecting(instructions, sessionDone));

        courier.onNext(CourierMessage.newBuilder()
                .setHello(CourierHello.newBuilder().setCourierId("courier-7"))
                .build());
        await().atMost(Duration.ofSeconds(5)).until(() -> instructions.stream()
                .anyMatch(i ->
                        i.hasAssignment() && i.getAssignment().getShipmentId().equals(shipment.getShipmentId())));
        courier.onNext(CourierMessage.newBuilder()
                .setLocation(LocationUpdate.newBuilder().setLatitude(45.76).setLongitude(4.83))
                .build());
        courier.onNext(CourierMessage.newBuilder()
                .setDelivered(DeliveryConfirmation.newBuilder().setShipmentId(shipment.getShipmentId()))
                .build());
        courier.onCompleted();

        sessionDone.get(10, TimeUnit.SECONDS);
        trackingDone.get(10, TimeUnit.SECONDS);
        assertThat(instructions)
                .filteredOn(CourierInstruction::hasAck)
                .extracting(i -> i.getAck().getOf())
                .containsExactly("hello", "location", "delivered");
        assertThat(tracked)
                .extracting(TrackingEvent::getStatus)
                .containsExactly(ShipmentStatus.LABEL_CREATED, ShipmentStatus.DELIVERED);
    }

    @Test
    void endsACourierSessionThatSkipsHello() {
        var done = new CompletableFuture<Void>();
        StreamObserver<CourierMessage> courier =
                async.courierSession(Observers.collecting(new CopyOnWriteArrayList<>(), done));

        courier.onNext(CourierMessage.newBuilder()
                .setLocation(LocationUpdate.newBuilder().setLatitude(1))
                .build());

        await().until(done::isDone);
        assertThat(Status.fromThrowable(done.handle((v, t) -> t).join()).getCode())
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    private static QuoteShippingRequest quote(String country, int units) {
        return QuoteShippingRequest.newBuilder()
                .setDestination(Destination.newBuilder()
                        .setCountry(country)
                        .setPostalCode("10115")
                        .setCity("Somewhere"))
                .addItems(ShippingItem.newBuilder().setSku("ACC-001").setQuantity(units))
                .build();
    }

    private static CreateShipmentRequest shipment(String orderId) {
        return CreateShipmentRequest.newBuilder()
                .setOrderId(orderId)
                .setDestination(Destination.newBuilder()
                        .setCountry("FR")
                        .setPostalCode("69001")
                        .setCity("Lyon"))
                .addItems(ShippingItem.newBuilder().setSku("ACC-001").setQuantity(1))
                .build();
    }

    private static StatusRuntimeException failure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }
}
