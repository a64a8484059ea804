package dev.orderflow.sdk.rest;

import dev.orderflow.sdk.http.ApiRequest;
import dev.orderflow.sdk.http.ApiResponse;
import dev.orderflow.sdk.http.HttpTransport;
import dev.orderflow.sdk.paging.Paged;
import dev.orderflow.sdk.rest.Models.Order;
import dev.orderflow.sdk.rest.Models.PlaceOrder;
import dev.orderflow.sdk.rest.Models.Refund;
import dev.orderflow.sdk.rest.Models.RefundList;
import dev.orderflow.sdk.rest.Models.RefundRequest;
import dev.orderflow.sdk.rest.Models.Versioned;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Orders and their refunds ({@code /api/orders}). */
public final class Orders extends RestClient {

    /** Filters of a listing; {@code startCursor} resumes one. */
    public record Query(
            int limit, List<String> statuses, Instant createdAfter, Instant createdBefore, String startCursor) {
        public static Query all() {
            return new Query(100, List.of(), null, null, null);
        }

        public Query limit(int limit) {
            return new Query(limit, statuses, createdAfter, createdBefore, startCursor);
        }

        public Query statuses(List<String> statuses) {
            return new Query(limit, List.copyOf(statuses), createdAfter, createdBefore, startCursor);
        }

        public Query createdAfter(Instant at) {
            return new Query(limit, statuses, at, createdBefore, startCursor);
        }

        public Query createdBefore(Instant at) {
            return new Query(limit, statuses, createdAfter, at, startCursor);
        }

        public Query from(String cursor) {
            return new Query(limit, statuses, createdAfter, createdBefore, cursor);
        }
    }

    public Orders(HttpTransport transport, URI orders) {
        super(transport, orders);
    }

    /** Places an order with a new Idempotency-Key (the same on every retry of this call). */
    public Order place(PlaceOrder order) {
        return place(order, newKey());
    }

    /** Places an order; calling again with the same key and body answers the same order. */
    public Order place(PlaceOrder order, String idempotencyKey) {
        return postKeyed("/api/orders", order, idempotencyKey, Order.class);
    }

    /** The order and its ETag. */
    public Versioned<Order> get(String id) {
        ApiResponse response = transport.exchange(ApiRequest.get(uri("/api/orders/" + Links.q(id))));
        return new Versioned<>(
                transport.read(response, Order.class), response.header("ETag").orElse(null));
    }

    /**
     * The order if it changed since {@code etag} (a 304 costs the server nothing and the caller no
     * body), else empty.
     */
    public Optional<Versioned<Order>> getIfChanged(String id, String etag) {
        ApiResponse response = transport.exchange(
                ApiRequest.get(uri("/api/orders/" + Links.q(id))).withHeader("If-None-Match", etag));
        if (response.status() == 304) {
            return Optional.empty();
        }
        return Optional.of(new Versioned<>(
                transport.read(response, Order.class), response.header("ETag").orElse(null)));
    }

    /** Every order the query selects, newest first, page by page as consumed. */
    public Paged<Order> list(Query query) {
        StringBuilder first = new StringBuilder("/api/orders");
        Links.param(first, "limit", query.limit());
        query.statuses().forEach(status -> Links.param(first, "status", status));
        Links.param(first, "created_after", query.createdAfter());
        Links.param(first, "created_before", query.createdBefore());
        String firstPage = first.toString();
        return new Paged<>(
                Optional.ofNullable(query.startCursor()), position -> cursorPage(firstPage, position, Order.class));
    }

    /** Cancels; with an ETag, only if the order has not changed since (else a 412 Conflict). */
    public Order cancel(String id, String ifMatch) {
        Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
        return transport.read(post("/api/orders/" + Links.q(id) + "/cancel", null, headers), Order.class);
    }

    /** Requests a refund (all that is refundable when {@code amount} is null) with a new key. */
    public Refund refund(String orderId, RefundRequest request) {
        return refund(orderId, request, newKey());
    }

    public Refund refund(String orderId, RefundRequest request, String idempotencyKey) {
        return postKeyed("/api/orders/" + Links.q(orderId) + "/refunds", request, idempotencyKey, Refund.class);
    }

    public List<Refund> refunds(String orderId) {
        return get("/api/orders/" + Links.q(orderId) + "/refunds", RefundList.class)
                .items();
    }

    public Refund refund(String orderId, String refundId) {
        return get("/api/orders/" + Links.q(orderId) + "/refunds/" + Links.q(refundId), Refund.class);
    }
}
