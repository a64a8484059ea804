/**
 * Trace context kept with work that goes on later (an outbox row, a webhook waiting for its next
 * attempt) and carried on requests built by hand ({@link dev.orderflow.defaults.tracing.TraceContexts}).
 */
package dev.orderflow.defaults.tracing;
