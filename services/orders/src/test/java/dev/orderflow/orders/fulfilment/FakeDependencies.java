package dev.orderflow.orders.fulfilment;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.google.rpc.Code;
import com.google.rpc.PreconditionFailure;
import dev.orderflow.contracts.inventory.v1.CommitReservationRequest;
import dev.orderflow.contracts.inventory.v1.ImportSummary;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.ReleaseReservationRequest;
import dev.orderflow.contracts.inventory.v1.Reservation;
import dev.orderflow.contracts.inventory.v1.ReservationState;
import dev.orderflow.contracts.inventory.v1.ReserveStockRequest;
import dev.orderflow.contracts.inventory.v1.StockAdjustment;
import dev.orderflow.contracts.shipping.v1.CreateShipmentRequest;
import dev.orderflow.contracts.shipping.v1.Money;
import dev.orderflow.contracts.shipping.v1.QuoteShippingRequest;
import dev.orderflow.contracts.shipping.v1.Shipment;
import dev.orderflow.contracts.shipping.v1.ShipmentStatus;
import dev.orderflow.contracts.shipping.v1.ShippingQuote;
import dev.orderflow.contracts.shipping.v1.ShippingServiceGrpc;
import dev.orderflow.contracts.shipping.v1.TrackShipmentRequest;
import dev.orderflow.contracts.shipping.v1.TrackingEvent;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Stand-ins for inventory and shipping in orders' own tests, on a real loopback port, with faults
 * to inject and counters to check. (The real services are tested in their modules and together in
 * e2e; here what is under test is orders as their client.)
 */
public final class FakeDependencies implements AutoCloseable {

    /** SKUs inventory does not carry (NOT_FOUND, as the real one answers): orders' warm-up asks for one. */
    public static final Set<String> UNKNOWN = Set.of("ZZZ-999");
    /** SKU → units that cannot be reserved. */
    public final Set<String> outOfStock = ConcurrentHashMap.newKeySet();
    /** Reservations currently held. */
    public final Map<String, ReserveStockRequest> held = new ConcurrentHashMap<>();

    public final Set<String> released = ConcurrentHashMap.newKeySet();
    public final Set<String> committed = ConcurrentHashMap.newKeySet();
    /** Orders (ids) whose shipment is refused with UNAVAILABLE for now: they stay PAID. */
    public final Set<String> shipmentsHeld = ConcurrentHashMap.newKeySet();
    /** Order id → shipment id, for the shipments created. */
    private final Map<String, String> shipments = new ConcurrentHashMap<>();

    private final Map<String, List<TrackingEvent>> tracking = new ConcurrentHashMap<>();
    private final Map<String, List<StreamObserver<TrackingEvent>>> watchers = new ConcurrentHashMap<>();
    /** Every TrackShipment request received, in order (to see the after_sequence of each resume). */
    public final List<TrackShipmentRequest> trackRequests = new CopyOnWriteArrayList<>();

    public final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile double failureRate;
    private volatile Random random = new Random(42);
    private final Server server;

    /** Subjects of the client certificates that made calls (over TLS with client auth). */
    public final Set<String> clientSubjects = ConcurrentHashMap.newKeySet();

    public FakeDependencies() {
        this(null);
    }

    /** Over TLS when {@code tls} is given (a server context; with client auth for mTLS). */
    public FakeDependencies(SslContext tls) {
        try {
            var builder = NettyServerBuilder.forPort(0)
                    .addService(
                            ServerInterceptors.intercept(new Inventory(), new ClientCertificates(), new Deadlines()))
                    .addService(ServerInterceptors.intercept(new Shipping(), new Deadlines()));
            if (tls != null) {
                builder.sslContext(tls);
            }
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Method → the time its last call had left when it arrived (its grpc-timeout), in ms; -1: none. */
    public final Map<String, Long> deadlinesMillis = new ConcurrentHashMap<>();

    private final class Deadlines implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            var deadline = io.grpc.Context.current().getDeadline();
            deadlinesMillis.put(
                    call.getMethodDescriptor().getBareMethodName(),
                    deadline == null ? -1 : deadline.timeRemaining(java.util.concurrent.TimeUnit.MILLISECONDS));
            return next.startCall(call, headers);
        }
    }

    private final class ClientCertificates implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            if (session != null) {
                try {
                    clientSubjects.add(((X509Certificate) session.getPeerCertificates()[0])
                            .getSubjectX500Principal()
                            .getName());
                } catch (SSLPeerUnverifiedException noClientCertificate) {
                    // a TLS client without a certificate: nothing to record
                }
            }
            return next.startCall(call, headers);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** Fails this share of inventory calls with UNAVAILABLE, from a seeded (repeatable) sequence. */
    public void failInventoryCalls(double rate, long seed) {
        failureRate = rate;
        random = new Random(seed);
    }

    public int attempts(String method) {
        return attempts.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    public void reset() {
        outOfStock.clear();
        held.clear();
        released.clear();
        committed.clear();
        shipmentsHeld.clear();
        attempts.clear();
        deadlinesMillis.clear();
        failureRate = 0;
    }

    private boolean fails(String method) {
        attempts.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        synchronized (this) {
            return failureRate > 0 && random.nextDouble() < failureRate;
        }
    }

    private final class Inventory extends InventoryServiceGrpc.InventoryServiceImplBase {
        @Override
        public void reserveStock(ReserveStockRequest request, StreamObserver<Reservation> response) {
            if (request.getLinesList().stream().anyMatch(line -> UNKNOWN.contains(line.getSku()))) {
                response.onError(Status.NOT_FOUND.withDescription("unknown SKU").asRuntimeException());
                return; // not counted: the warm-up's call, not a test's
            }
            if (fails("ReserveStock")) {
                response.onError(Status.UNAVAILABLE.withDescription("injected").asRuntimeException());
                return;
            }
            var shortOf = request.getLinesList().stream()
                    .map(l -> l.getSku())
                    .filter(outOfStock::contains)
                    .toList();
            if (!shortOf.isEmpty()) {
                var details = PreconditionFailure.newBuilder();
                shortOf.forEach(sku -> details.addViolations(PreconditionFailure.Violation.newBuilder()
                        .setType("STOCK")
                        .setSubject(sku)));
                response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Code.FAILED_PRECONDITION_VALUE)
                        .setMessage("short")
                        .addDetails(Any.pack(details.build()))
                        .build()));
                return;
            }
            var state = ReservationState.HELD;
            if (released.contains(request.getReservationId())) {
                state = ReservationState.RELEASED;
            } else {
                held.put(request.getReservationId(), request);
            }
            response.onNext(Reservation.newBuilder()
                    .setReservationId(request.getReservationId())
                    .setState(state)
                    .addAllLines(request.getLinesList())
                    .build());
            response.onCompleted();
        }

        @Override
        public void commitReservation(CommitReservationRequest request, StreamObserver<Reservation> response) {
            if (fails("CommitReservation")) {
                response.onError(Status.UNAVAILABLE.withDescription("injected").asRuntimeException());
                return;
            }
            if (released.contains(request.getReservationId())) {
                response.onError(
                        Status.FAILED_PRECONDITION.withDescription("released").asRuntimeException());
                return;
            }
            held.remove(request.getReservationId());
            committed.add(request.getReservationId());
            response.onNext(Reservation.newBuilder()
                    .setReservationId(request.getReservationId())
                    .setState(ReservationState.COMMITTED)
                    .build());
            response.onCompleted();
        }

        @Override
        public void releaseReservation(ReleaseReservationRequest request, StreamObserver<Reservation> response) {
            if (fails("ReleaseReservation")) {
                response.onError(Status.UNAVAILABLE.withDescription("injected").asRuntimeException());
                return;
            }
            held.remove(request.getReservationId());
            released.add(request.getReservationId());
            response.onNext(Reservation.newBuilder()
                    .setReservationId(request.getReservationId())
                    .setState(ReservationState.RELEASED)
                    .build());
            response.onCompleted();
        }

        @Override
        public StreamObserver<StockAdjustment> importStock(StreamObserver<ImportSummary> response) {
            attempts.computeIfAbsent("ImportStock", m -> new AtomicInteger()).incrementAndGet();
            response.onError(Status.UNAVAILABLE.withDescription("injected").asRuntimeException());
            return new StreamObserver<>() {
                public void onNext(StockAdjustment value) {}

                public void onError(Throwable t) {}

                public void onCompleted() {}
            };
        }
    }

    private final class Shipping extends ShippingServiceGrpc.ShippingServiceImplBase {
        @Override
        public void quoteShipping(QuoteShippingRequest request, StreamObserver<ShippingQuote> response) {
            attempts.computeIfAbsent("QuoteShipping", m -> new AtomicInteger()).incrementAndGet();
            response.onNext(ShippingQuote.newBuilder()
                    .setPrice(Money.newBuilder().setAmountMinor(490).setCurrency("EUR"))
                    .setEtaDays(2)
                    .setEstimatedDelivery(
                            // nanoseconds, as the real service's clock gives them
                            Timestamp.newBuilder()
                                    .setSeconds(System.currentTimeMillis() / 1000 + 172_800)
                                    .setNanos(123_456_789))
                    .setZone("domestic")
                    .build());
            response.onCompleted();
        }

        @Override
        public void createShipment(CreateShipmentRequest request, StreamObserver<Shipment> response) {
            attempts.computeIfAbsent("CreateShipment", m -> new AtomicInteger()).incrementAndGet();
            if (shipmentsHeld.contains(request.getOrderId())) {
                response.onError(io.grpc.Status.UNAVAILABLE
                        .withDescription("shipments held by the test")
                        .asRuntimeException());
                return;
            }
            String id = shipments.computeIfAbsent(request.getOrderId(), order -> {
                String shipmentId = "shp-" + order;
                tracking.put(shipmentId, new CopyOnWriteArrayList<>());
                advance(shipmentId, ShipmentStatus.LABEL_CREATED);
                return shipmentId;
            });
            response.onNext(Shipment.newBuilder()
                    .setShipmentId(id)
                    .setOrderId(request.getOrderId())
                    .setTrackingNumber("OF" + Math.abs(id.hashCode()))
                    .setStatus(ShipmentStatus.LABEL_CREATED)
                    .build());
            response.onCompleted();
        }

        @Override
        public void trackShipment(TrackShipmentRequest request, StreamObserver<TrackingEvent> response) {
            trackRequests.add(request);
            var events = tracking.get(request.getShipmentId());
            if (events == null) {
                response.onError(Status.NOT_FOUND.asRuntimeException());
                return;
            }
            synchronized (FakeDependencies.this) {
                for (var event : events) {
                    if (event.getSequence() > request.getAfterSequence()) {
                        response.onNext(event);
                    }
                }
                if (!events.isEmpty() && events.getLast().getStatus() == ShipmentStatus.DELIVERED) {
                    response.onCompleted();
                } else {
                    watchers.computeIfAbsent(request.getShipmentId(), id -> new CopyOnWriteArrayList<>())
                            .add(response);
                }
            }
        }
    }

    /** The order's shipment id at this fake shipping service, if it was created. */
    public String shipmentOf(java.util.UUID orderId) {
        return shipments.get(orderId.toString());
    }

    /** The shipment moves on: its next tracking event, sent to every open TrackShipment stream. */
    public synchronized void advance(String shipmentId, ShipmentStatus status) {
        var events = tracking.get(shipmentId);
        var event = TrackingEvent.newBuilder()
                .setShipmentId(shipmentId)
                .setSequence(events.size() + 1)
                .setStatus(status)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000))
                .build();
        events.add(event);
        for (var watcher : watchers.getOrDefault(shipmentId, List.of())) {
            watcher.onNext(event);
            if (status == ShipmentStatus.DELIVERED) {
                watcher.onCompleted();
            }
        }
        if (status == ShipmentStatus.DELIVERED) {
            watchers.remove(shipmentId);
        }
    }

    /** Every open TrackShipment stream fails with UNAVAILABLE (a restart of shipping, a network fault). */
    public synchronized void breakStreams() {
        watchers.values()
                .forEach(list -> list.forEach(w ->
                        w.onError(Status.UNAVAILABLE.withDescription("injected").asRuntimeException())));
        watchers.clear();
    }

    /** Stops as a real server stops on SIGTERM: no new calls (GOAWAY), the calls in flight finish. */
    public void shutDownGracefully() throws InterruptedException {
        server.shutdown();
        server.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
