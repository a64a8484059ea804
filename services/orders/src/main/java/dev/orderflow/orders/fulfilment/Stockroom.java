package dev.orderflow.orders.fulfilment;

import java.util.List;

/**
 * Stock, as the orders domain needs it: hold units for an order, give them back. The gRPC client
 * of the inventory service stays behind this interface, so proto types never reach the domain.
 */
public interface Stockroom {

    /**
     * Holds every line or none. Idempotent by reservation id.
     *
     * @throws OutOfStock naming every SKU that is short
     * @throws DependencyUnavailable when inventory cannot answer in time
     */
    void reserve(String reservationId, List<Line> lines);

    /**
     * Turns the held units into a sale. Idempotent.
     *
     * @return false when the reservation is no longer held (released or expired), so nothing was sold
     * @throws DependencyUnavailable when inventory cannot answer in time
     */
    boolean commit(String reservationId);

    /** Returns the units; idempotent, and safe for a reservation that may never have arrived. */
    void release(String reservationId);

    record Line(String sku, int quantity) {}
}
