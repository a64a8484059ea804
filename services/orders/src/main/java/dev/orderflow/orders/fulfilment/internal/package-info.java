/**
 * The gRPC clients behind {@code Stockroom} and {@code Carrier}: channels from Spring gRPC's
 * factory with gRPC's retry policy, deadlines, Resilience4j circuit breakers, the service token
 * and the warm-up that readiness waits for. Only {@code fulfilment} may use this package.
 */
package dev.orderflow.orders.fulfilment.internal;
