package dev.orderflow.orders.order;

import dev.orderflow.defaults.security.Caller;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists orders a page at a time with keyset cursors: what a caller may see (customers only their
 * own), filtered, newest first, and the opaque cursor of the next page, bound to the caller and
 * the filters ({@link OrderCursor}).
 */
@Component
class OrderPages {

    private final Orders orders;
    private final OrderCursor cursors;

    OrderPages(Orders orders, OrderCursor cursors) {
        this.orders = orders;
        this.cursors = cursors;
    }

    /** One page and the cursor of the next one, null when this is the last. */
    record Page(List<Order> orders, String nextCursor) {}

    /**
     * @param filters the caller's filters; a customer's are narrowed to their own orders here
     * @param cursor null for the first page
     */
    @Transactional(readOnly = true)
    Page page(Caller caller, OrderQuery filters, String cursor, int limit) {
        var query = caller.isCustomer()
                ? new OrderQuery(
                        caller.customerId(), filters.statuses(), filters.createdAfter(), filters.createdBefore())
                : filters;
        var after = cursor == null ? null : cursors.decode(cursor, caller.scope(), query);
        List<Order> rows = orders.page(query, after, limit + 1); // one more tells whether a next page exists
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<Order> page = rows.subList(0, limit);
        Order last = page.getLast();
        return new Page(
                page, cursors.encode(new OrderCursor.Position(last.createdAt(), last.id()), caller.scope(), query));
    }
}
