package dev.orderflow.inventory;

import com.google.protobuf.Timestamp;
import dev.orderflow.contracts.inventory.v1.CommitReservationRequest;
import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.GetStockResponse;
import dev.orderflow.contracts.inventory.v1.ImportSummary;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.RejectedLine;
import dev.orderflow.contracts.inventory.v1.ReleaseReservationRequest;
import dev.orderflow.contracts.inventory.v1.ReservationLine;
import dev.orderflow.contracts.inventory.v1.ReservationState;
import dev.orderflow.contracts.inventory.v1.ReserveStockRequest;
import dev.orderflow.contracts.inventory.v1.StockAdjustment;
import dev.orderflow.contracts.inventory.v1.WatchStockRequest;
import dev.orderflow.defaults.grpc.GrpcStatuses;
import dev.orderflow.defaults.grpc.GrpcStatuses.Violation;
import dev.orderflow.inventory.reservation.Reservation;
import dev.orderflow.inventory.reservation.ReservationDesk;
import dev.orderflow.inventory.stock.Stock;
import dev.orderflow.inventory.stock.StockImport;
import dev.orderflow.inventory.stock.StockLevel;
import dev.orderflow.inventory.stock.StockWatchers;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** The InventoryService of inventory.proto: validates requests, then hands them to the domain. */
@Service
class InventoryGrpcService extends InventoryServiceGrpc.InventoryServiceImplBase {

    private static final Pattern SKU = Pattern.compile("[A-Z]{3}-[0-9]{3}");
    private static final Pattern RESERVATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_REJECTIONS_LISTED = 1000;

    private final Stock stock;
    private final ReservationDesk reservations;
    private final StockWatchers watchers;
    private final StockImport imports;

    InventoryGrpcService(Stock stock, ReservationDesk reservations, StockWatchers watchers, StockImport imports) {
        this.stock = stock;
        this.reservations = reservations;
        this.watchers = watchers;
        this.imports = imports;
    }

    @Override
    public void getStock(GetStockRequest request, StreamObserver<GetStockResponse> response) {
        unary(response, () -> {
            Set<String> skus = validSkus(request.getSkusList());
            List<StockLevel> levels = stock.levels(skus);
            requireAllKnown(skus, levels);
            return GetStockResponse.newBuilder()
                    .addAllLevels(levels.stream().map(StockWatchers::toMessage).toList())
                    .build();
        });
    }

    @Override
    public void reserveStock(
            ReserveStockRequest request, StreamObserver<dev.orderflow.contracts.inventory.v1.Reservation> response) {
        unary(response, () -> {
            List<Violation> violations = new ArrayList<>();
            checkReservationId(request.getReservationId(), violations);
            if (request.getLinesCount() < 1 || request.getLinesCount() > 50) {
                violations.add(new Violation("lines", "must have 1 to 50 lines"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < request.getLinesCount(); i++) {
                ReservationLine line = request.getLines(i);
                if (!SKU.matcher(line.getSku()).matches()) {
                    violations.add(new Violation("lines[" + i + "].sku", "must be a SKU like ACC-001"));
                } else if (!seen.add(line.getSku())) {
                    violations.add(new Violation("lines[" + i + "].sku", "appears more than once"));
                }
                if (line.getQuantity() < 1 || line.getQuantity() > 1000) {
                    violations.add(new Violation("lines[" + i + "].quantity", "must be between 1 and 1000"));
                }
            }
            if (!violations.isEmpty()) {
                throw GrpcStatuses.invalidArgument(violations);
            }
            var lines = request.getLinesList().stream()
                    .map(l -> new Reservation.Line(l.getSku(), l.getQuantity()))
                    .toList();
            return message(reservations.reserve(request.getReservationId(), lines));
        });
    }

    @Override
    public void commitReservation(
            CommitReservationRequest request,
            StreamObserver<dev.orderflow.contracts.inventory.v1.Reservation> response) {
        unary(response, () -> {
            requireReservationId(request.getReservationId());
            return message(reservations.commit(request.getReservationId()));
        });
    }

    @Override
    public void releaseReservation(
            ReleaseReservationRequest request,
            StreamObserver<dev.orderflow.contracts.inventory.v1.Reservation> response) {
        unary(response, () -> {
            requireReservationId(request.getReservationId());
            return message(reservations.release(request.getReservationId()));
        });
    }

    @Override
    public void watchStock(
            WatchStockRequest request, StreamObserver<dev.orderflow.contracts.inventory.v1.StockLevel> response) {
        try {
            Set<String> skus = validSkus(request.getSkusList());
            List<StockLevel> current = stock.levels(skus);
            requireAllKnown(skus, current);
            watchers.watch(
                    skus,
                    (ServerCallStreamObserver<dev.orderflow.contracts.inventory.v1.StockLevel>) response,
                    current);
        } catch (StatusRuntimeException e) {
            response.onError(e);
        } catch (InventoryException e) {
            response.onError(GrpcErrors.of(e));
        }
    }

    @Override
    public StreamObserver<StockAdjustment> importStock(StreamObserver<ImportSummary> response) {
        return new StreamObserver<>() {
            private final List<StockImport.Adjustment> batch = new ArrayList<>(StockImport.BATCH_SIZE);
            private final ImportSummary.Builder summary = ImportSummary.newBuilder();
            private long line;

            @Override
            public void onNext(StockAdjustment adjustment) {
                line++;
                if (!SKU.matcher(adjustment.getSku()).matches()) {
                    reject(new StockImport.Rejection(line, adjustment.getSku(), "not a SKU like ACC-001"));
                } else if (adjustment.getDelta() == 0) {
                    reject(new StockImport.Rejection(line, adjustment.getSku(), "delta must not be zero"));
                } else {
                    batch.add(new StockImport.Adjustment(line, adjustment.getSku(), adjustment.getDelta()));
                    if (batch.size() == StockImport.BATCH_SIZE) {
                        flush();
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                batch.clear(); // the client gave up; batches already applied stay applied
            }

            @Override
            public void onCompleted() {
                flush();
                response.onNext(summary.build());
                response.onCompleted();
            }

            private void flush() {
                if (batch.isEmpty()) {
                    return;
                }
                List<StockImport.Rejection> rejected = imports.apply(List.copyOf(batch));
                summary.setApplied(summary.getApplied() + batch.size() - rejected.size());
                rejected.forEach(this::reject);
                batch.clear();
            }

            private void reject(StockImport.Rejection rejection) {
                summary.setRejected(summary.getRejected() + 1);
                if (summary.getRejectionsCount() < MAX_REJECTIONS_LISTED) {
                    summary.addRejections(RejectedLine.newBuilder()
                            .setLine(rejection.line())
                            .setSku(rejection.sku())
                            .setReason(rejection.reason()));
                }
            }
        };
    }

    /** Runs a unary call, answering domain refusals with their status and details. */
    private static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        } catch (InventoryException e) {
            response.onError(GrpcErrors.of(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    private static Set<String> validSkus(List<String> skus) {
        List<Violation> violations = new ArrayList<>();
        if (skus.isEmpty() || skus.size() > 100) {
            violations.add(new Violation("skus", "must name 1 to 100 SKUs"));
        }
        for (int i = 0; i < skus.size(); i++) {
            if (!SKU.matcher(skus.get(i)).matches()) {
                violations.add(new Violation("skus[" + i + "]", "must be a SKU like ACC-001"));
            }
        }
        if (!violations.isEmpty()) {
            throw GrpcStatuses.invalidArgument(violations);
        }
        return new LinkedHashSet<>(skus);
    }

    private static void requireAllKnown(Set<String> skus, List<StockLevel> levels) {
        Set<String> unknown = new LinkedHashSet<>(skus);
        levels.forEach(level -> unknown.remove(level.sku()));
        if (!unknown.isEmpty()) {
            throw new InventoryException.NotFound("sku", List.copyOf(unknown));
        }
    }

    private static void checkReservationId(String id, List<Violation> violations) {
        if (!RESERVATION_ID.matcher(id).matches()) {
            violations.add(new Violation("reservation_id", "must be 1 to 64 letters, digits, '-' or '_'"));
        }
    }

    private static void requireReservationId(String id) {
        List<Violation> violations = new ArrayList<>();
        checkReservationId(id, violations);
        if (!violations.isEmpty()) {
            throw GrpcStatuses.invalidArgument(violations);
        }
    }

    private static dev.orderflow.contracts.inventory.v1.Reservation message(Reservation reservation) {
        return dev.orderflow.contracts.inventory.v1.Reservation.newBuilder()
                .setReservationId(reservation.id())
                .setState(ReservationState.valueOf(reservation.state().name()))
                .addAllLines(reservation.lines().stream()
                        .map(l -> ReservationLine.newBuilder()
                                .setSku(l.sku())
                                .setQuantity(l.quantity())
                                .build())
                        .toList())
                .setExpiresAt(timestamp(reservation.expiresAt()))
                .build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}
