package dev.orderflow.shipping;

import com.google.protobuf.Timestamp;
import dev.orderflow.contracts.shipping.v1.Acknowledgement;
import dev.orderflow.contracts.shipping.v1.Assignment;
import dev.orderflow.contracts.shipping.v1.CourierInstruction;
import dev.orderflow.contracts.shipping.v1.CourierMessage;
import dev.orderflow.contracts.shipping.v1.CreateShipmentRequest;
import dev.orderflow.contracts.shipping.v1.Destination;
import dev.orderflow.contracts.shipping.v1.Money;
import dev.orderflow.contracts.shipping.v1.QuoteShippingRequest;
import dev.orderflow.contracts.shipping.v1.ShipmentStatus;
import dev.orderflow.contracts.shipping.v1.ShippingItem;
import dev.orderflow.contracts.shipping.v1.ShippingQuote;
import dev.orderflow.contracts.shipping.v1.ShippingServiceGrpc;
import dev.orderflow.contracts.shipping.v1.TrackShipmentRequest;
import dev.orderflow.contracts.shipping.v1.TrackingEvent;
import dev.orderflow.defaults.grpc.GrpcStatuses;
import dev.orderflow.defaults.grpc.GrpcStatuses.Violation;
import dev.orderflow.shipping.quote.ShippingRates;
import dev.orderflow.shipping.shipment.Shipment;
import dev.orderflow.shipping.shipment.ShipmentDesk;
import dev.orderflow.shipping.shipment.TrackingHub;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** The ShippingService of shipping.proto: validates requests, then hands them to the domain. */
@Service
class ShippingGrpcService extends ShippingServiceGrpc.ShippingServiceImplBase {

    private static final Pattern SKU = Pattern.compile("[A-Z]{3}-[0-9]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final int ASSIGNMENTS_PER_HELLO = 10;

    private final ShipmentDesk desk;
    private final TrackingHub hub;
    private final Clock clock;

    ShippingGrpcService(ShipmentDesk desk, TrackingHub hub, Clock clock) {
        this.desk = desk;
        this.hub = hub;
        this.clock = clock;
    }

    @Override
    public void quoteShipping(QuoteShippingRequest request, StreamObserver<ShippingQuote> response) {
        List<Violation> violations = new ArrayList<>();
        checkDestination("destination", request.getDestination(), violations);
        long units = checkItems(request.getItemsList(), violations);
        if (!violations.isEmpty()) {
            response.onError(GrpcStatuses.invalidArgument(violations));
            return;
        }
        var quote = ShippingRates.quote(request.getDestination().getCountry(), units);
        response.onNext(ShippingQuote.newBuilder()
                .setPrice(Money.newBuilder().setAmountMinor(quote.priceCents()).setCurrency("EUR"))
                .setEtaDays(quote.etaDays())
                .setEstimatedDelivery(timestamp(clock.instant().plus(Duration.ofDays(quote.etaDays()))))
                .setZone(quote.zone().label)
                .build());
        response.onCompleted();
    }

    @Override
    public void createShipment(
            CreateShipmentRequest request, StreamObserver<dev.orderflow.contracts.shipping.v1.Shipment> response) {
        List<Violation> violations = new ArrayList<>();
        if (!isUuid(request.getOrderId())) {
            violations.add(new Violation("order_id", "must be a UUID"));
        }
        checkDestination("destination", request.getDestination(), violations);
        checkItems(request.getItemsList(), violations);
        if (!violations.isEmpty()) {
            response.onError(GrpcStatuses.invalidArgument(violations));
            return;
        }
        Destination d = request.getDestination();
        Shipment shipment = desk.create(
                new ShipmentDesk.NewShipment(request.getOrderId(), d.getCountry(), d.getPostalCode(), d.getCity()));
        response.onNext(message(shipment));
        response.onCompleted();
    }

    @Override
    public void trackShipment(TrackShipmentRequest request, StreamObserver<TrackingEvent> response) {
        if (!isUuid(request.getShipmentId()) || request.getAfterSequence() < 0) {
            response.onError(GrpcStatuses.invalidArgument(List.of(
                    isUuid(request.getShipmentId())
                            ? new Violation("after_sequence", "must not be negative")
                            : new Violation("shipment_id", "must be a UUID"))));
            return;
        }
        if (desk.find(request.getShipmentId()).isEmpty()) {
            response.onError(GrpcStatuses.notFound(
                    "shipment", request.getShipmentId(), "No shipment " + request.getShipmentId()));
            return;
        }
        var call = (ServerCallStreamObserver<TrackingEvent>) response;
        var stream = new InOrder(call, request.getAfterSequence());
        Runnable unsubscribe = hub.subscribe(request.getShipmentId(), stream::offer);
        stream.onDone(unsubscribe);
        call.setOnCancelHandler(unsubscribe);
        // Subscribed first, then replayed: nothing falls between the two, and InOrder drops repeats.
        desk.events(request.getShipmentId(), request.getAfterSequence()).forEach(stream::offer);
    }

    @Override
    public StreamObserver<CourierMessage> courierSession(StreamObserver<CourierInstruction> response) {
        return new StreamObserver<>() {
            private String courierId;

            @Override
            public void onNext(CourierMessage message) {
                switch (message.getMessageCase()) {
                    case HELLO -> {
                        String id = message.getHello().getCourierId();
                        if (id.isBlank() || id.length() > 64) {
                            fail(GrpcStatuses.invalidArgument(
                                    List.of(new Violation("hello.courier_id", "must be 1 to 64 characters"))));
                            return;
                        }
                        courierId = id;
                        ack("hello", "");
                        for (Shipment shipment : desk.assignTo(courierId, ASSIGNMENTS_PER_HELLO)) {
                            response.onNext(CourierInstruction.newBuilder()
                                    .setAssignment(Assignment.newBuilder()
                                            .setShipmentId(shipment.id())
                                            .setDestination(Destination.newBuilder()
                                                    .setCountry(shipment.country())
                                                    .setPostalCode(shipment.postalCode())
                                                    .setCity(shipment.city())))
                                    .build());
                        }
                    }
                    case LOCATION -> {
                        var location = message.getLocation();
                        if (courierId == null) {
                            fail(Status.FAILED_PRECONDITION
                                    .withDescription("send hello first")
                                    .asRuntimeException());
                        } else if (Math.abs(location.getLatitude()) > 90 || Math.abs(location.getLongitude()) > 180) {
                            fail(GrpcStatuses.invalidArgument(List.of(new Violation(
                                    "location", "latitude must be within ±90 and longitude within ±180"))));
                        } else {
                            ack("location", "");
                        }
                    }
                    case DELIVERED -> {
                        String shipmentId = message.getDelivered().getShipmentId();
                        if (courierId == null) {
                            fail(Status.FAILED_PRECONDITION
                                    .withDescription("send hello first")
                                    .asRuntimeException());
                        } else if (!isUuid(shipmentId)) {
                            fail(GrpcStatuses.invalidArgument(
                                    List.of(new Violation("delivered.shipment_id", "must be a UUID"))));
                        } else if (desk.deliver(shipmentId).isEmpty()) {
                            fail(GrpcStatuses.notFound("shipment", shipmentId, "No shipment " + shipmentId));
                        } else {
                            ack("delivered", shipmentId);
                        }
                    }
                    case MESSAGE_NOT_SET -> fail(
                            GrpcStatuses.invalidArgument(List.of(new Violation("message", "must be set"))));
                }
            }

            @Override
            public void onError(Throwable t) {
                // the courier's device went away; assignments stay with the courier
            }

            @Override
            public void onCompleted() {
                response.onCompleted();
            }

            private void ack(String of, String shipmentId) {
                response.onNext(CourierInstruction.newBuilder()
                        .setAck(Acknowledgement.newBuilder().setOf(of).setShipmentId(shipmentId))
                        .build());
            }

            private void fail(RuntimeException status) {
                response.onError(status);
            }
        };
    }

    /** Sends tracking events strictly in sequence, once each, and ends the stream after DELIVERED. */
    private static final class InOrder {
        private final ServerCallStreamObserver<TrackingEvent> out;
        private final TreeMap<Long, Shipment.TrackingEvent> pending = new TreeMap<>();
        private long last;
        private boolean done;
        private Runnable onDone = () -> {};

        InOrder(ServerCallStreamObserver<TrackingEvent> out, long after) {
            this.out = out;
            this.last = after;
        }

        synchronized void onDone(Runnable action) {
            this.onDone = action;
        }

        synchronized void offer(Shipment.TrackingEvent event) {
            if (done || event.sequence() <= last || out.isCancelled()) {
                return;
            }
            pending.put(event.sequence(), event);
            while (!pending.isEmpty() && pending.firstKey() == last + 1) {
                Shipment.TrackingEvent next = pending.pollFirstEntry().getValue();
                last = next.sequence();
                out.onNext(message(next));
                if (next.status() == Shipment.Status.DELIVERED) {
                    done = true;
                    out.onCompleted();
                    onDone.run();
                    return;
                }
            }
        }
    }

    private static long checkItems(List<ShippingItem> items, List<Violation> violations) {
        if (items.isEmpty() || items.size() > 50) {
            violations.add(new Violation("items", "must have 1 to 50 items"));
        }
        long units = 0;
        for (int i = 0; i < items.size(); i++) {
            if (!SKU.matcher(items.get(i).getSku()).matches()) {
                violations.add(new Violation("items[" + i + "].sku", "must be a SKU like ACC-001"));
            }
            if (items.get(i).getQuantity() < 1 || items.get(i).getQuantity() > 1000) {
                violations.add(new Violation("items[" + i + "].quantity", "must be between 1 and 1000"));
            }
            units += Math.max(0, items.get(i).getQuantity());
        }
        return units;
    }

    private static void checkDestination(String field, Destination destination, List<Violation> violations) {
        if (!COUNTRY.matcher(destination.getCountry()).matches()) {
            violations.add(new Violation(field + ".country", "must be an ISO 3166-1 alpha-2 code"));
        }
        if (destination.getPostalCode().isBlank() || destination.getPostalCode().length() > 20) {
            violations.add(new Violation(field + ".postal_code", "must be 1 to 20 characters"));
        }
        if (destination.getCity().length() > 100) {
            violations.add(new Violation(field + ".city", "must be at most 100 characters"));
        }
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equals(value.toLowerCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static dev.orderflow.contracts.shipping.v1.Shipment message(Shipment shipment) {
        return dev.orderflow.contracts.shipping.v1.Shipment.newBuilder()
                .setShipmentId(shipment.id())
                .setOrderId(shipment.orderId())
                .setTrackingNumber(shipment.trackingNumber())
                .setStatus(ShipmentStatus.valueOf(shipment.status().name()))
                .setCreatedAt(timestamp(shipment.createdAt()))
                .build();
    }

    static TrackingEvent message(Shipment.TrackingEvent event) {
        return TrackingEvent.newBuilder()
                .setShipmentId(event.shipmentId())
                .setSequence(event.sequence())
                .setStatus(ShipmentStatus.valueOf(event.status().name()))
                .setOccurredAt(timestamp(event.occurredAt()))
                .setDescription(event.description())
                .build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}
