package dev.orderflow.analytics.query;

import dev.orderflow.analytics.query.QueryErrors.BadInput;
import dev.orderflow.analytics.query.QueryErrors.Stale;
import dev.orderflow.analytics.query.Views.AddressView;
import dev.orderflow.analytics.query.Views.CustomerView;
import dev.orderflow.analytics.query.Views.Money;
import dev.orderflow.analytics.query.Views.OrderConnection;
import dev.orderflow.analytics.query.Views.OrderEdge;
import dev.orderflow.analytics.query.Views.OrderQuery;
import dev.orderflow.analytics.query.Views.OrderView;
import dev.orderflow.analytics.query.Views.PageInfo;
import dev.orderflow.analytics.readmodel.Freshness;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Controller;

/**
 * Orders and customers: the queries, Relay connections, read-your-writes waits and personal data.
 * The nested fields of orders (customer, lines, refunds, transitions) are {@link OrderFields}'.
 */
@Controller
class OrderController {

    static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 20;
    static final Duration CONSISTENCY_WAIT = Duration.ofSeconds(2);

    private final OrderViews views;
    private final Freshness freshness;

    OrderController(OrderViews views, Freshness freshness) {
        this.views = views;
        this.freshness = freshness;
    }

    record OrderFilter(List<String> status, String customer, OffsetDateTime from, OffsetDateTime to) {}

    record OrderVersion(UUID orderId, int version) {}

    @QueryMapping
    OrderView order(@Argument UUID id, @Argument Integer minVersion) throws InterruptedException {
        if (minVersion != null) {
            awaitVersions(Map.of(id, minVersion));
        }
        return views.find(id).orElse(null);
    }

    @QueryMapping
    OrderConnection orders(
            @Argument Integer first,
            @Argument String after,
            @Argument Integer last,
            @Argument String before,
            @Argument OrderFilter filter,
            @Argument List<OrderVersion> consistentWith)
            throws InterruptedException {
        if (consistentWith != null && !consistentWith.isEmpty()) {
            Map<UUID, Integer> versions = new LinkedHashMap<>();
            consistentWith.forEach(v -> versions.merge(v.orderId(), v.version(), Math::max));
            awaitVersions(versions);
        }
        OrderQuery query = filter == null
                ? new OrderQuery(null, null, null, null)
                : new OrderQuery(filter.status(), filter.customer(), filter.from(), filter.to());
        return connection(query, first, after, last, before);
    }

    @QueryMapping
    CustomerView customer(@Argument String id) {
        return views.customer(id).orElse(null);
    }

    @SchemaMapping(typeName = "Customer", field = "orders")
    OrderConnection customerOrders(CustomerView customer, @Argument Integer first, @Argument String after) {
        return connection(new OrderQuery(null, customer.id(), null, null), first, after, null, null);
    }

    @SchemaMapping(typeName = "OrderConnection", field = "totalCount")
    int totalCount(OrderConnection connection) {
        return views.count(connection.query());
    }

    /** Personal data: null, with a FORBIDDEN error for the field, without {@code analytics:pii}. */
    @SchemaMapping(typeName = "Order", field = "shippingAddress")
    DataFetcherResult<AddressView> shippingAddress(
            OrderView order, @ContextValue(name = Viewer.CONTEXT_KEY) Viewer viewer, DataFetchingEnvironment env) {
        if (!viewer.pii()) {
            return DataFetcherResult.<AddressView>newResult()
                    .error(QueryErrors.error(
                            env,
                            ErrorType.FORBIDDEN,
                            "FORBIDDEN",
                            "shippingAddress is personal data: it needs the analytics:pii scope."))
                    .build();
        }
        return DataFetcherResult.<AddressView>newResult().data(order.address()).build();
    }

    @SchemaMapping(typeName = "Order", field = "shipping")
    Money shipping(OrderView order) {
        return order.shippingPrice();
    }

    private void awaitVersions(Map<UUID, Integer> versions) throws InterruptedException {
        if (!freshness.awaitVersions(versions, CONSISTENCY_WAIT)) {
            throw new Stale("The read model has not applied " + versions + " within " + CONSISTENCY_WAIT.toMillis()
                    + " ms; retry shortly.");
        }
    }

    /** A Relay connection: forward with first/after, backward with last/before, one extra row to know if more exist. */
    private OrderConnection connection(OrderQuery query, Integer first, String after, Integer last, String before) {
        if (first != null && last != null) {
            throw new BadInput("Give first (with after) or last (with before), not both.");
        }
        boolean forward = last == null;
        int size = forward ? (first == null ? DEFAULT_PAGE : first) : last;
        if (size < 0 || size > MAX_PAGE) {
            throw new BadInput((forward ? "first" : "last") + " must be between 0 and " + MAX_PAGE + ".");
        }
        String cursor = forward ? after : before;
        OrderViews.Position from = cursor == null ? null : Cursors.parse(cursor);
        List<OrderView> rows = views.page(query, from, forward, size + 1);
        boolean more = rows.size() > size;
        List<OrderView> page = !more ? rows : forward ? rows.subList(0, size) : rows.subList(1, rows.size());
        List<OrderEdge> edges = page.stream()
                .map(o -> new OrderEdge(o, Cursors.of(new OrderViews.Position(o.listedAt(), o.id()))))
                .toList();
        var info = new PageInfo(
                forward ? more : cursor != null,
                forward ? cursor != null : more,
                edges.isEmpty() ? null : edges.getFirst().cursor(),
                edges.isEmpty() ? null : edges.getLast().cursor());
        return new OrderConnection(edges, info, query);
    }
}
