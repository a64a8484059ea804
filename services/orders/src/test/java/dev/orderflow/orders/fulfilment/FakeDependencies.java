package dev.orderflow.orders.fulfilment;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.google.rpc.Code;
import com.google.rpc.PreconditionFailure;
import dev.orderflow.contracts.inventory.v1.ImportSummary;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.ReleaseReservationRequest;
import dev.orderflow.contracts.inventory.v1.Reservation;
import dev.orderflow.contracts.inventory.v1.ReservationState;
import dev.orderflow.contracts.inventory.v1.ReserveStockRequest;
import dev.orderflow.contracts.inventory.v1.StockAdjustment;
import dev.orderflow.contracts.shipping.v1.Money;
import dev.orderflow.contracts.shipping.v1.QuoteShippingRequest;
import dev.orderflow.contracts.shipping.v1.ShippingQuote;
import dev.orderflow.contracts.shipping.v1.ShippingServiceGrpc;
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
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
                    .addService(ServerInterceptors.intercept(new Inventory(), new ClientCertificates()))
                    .addService(new Shipping());
            if (tls != null) {
                builder.sslContext(tls);
            }
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        attempts.clear();
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
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
