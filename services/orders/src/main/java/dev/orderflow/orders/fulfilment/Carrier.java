package dev.orderflow.orders.fulfilment;

import dev.orderflow.orders.Money;
import java.time.Instant;
import java.util.List;

/** Shipping quotes, as the orders domain needs them; the gRPC client of shipping stays behind it. */
public interface Carrier {

    /** @throws DependencyUnavailable when shipping cannot answer in time */
    Quote quote(String country, String postalCode, String city, List<Stockroom.Line> lines);

    record Quote(Money price, int etaDays, Instant estimatedDelivery) {}
}
