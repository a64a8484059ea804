/**
 * What every gRPC service shares: scope-checked JWT security, health per service, both
 * reflection versions, probes-only HTTP, NOT_SERVING before shutdown; google.rpc status helpers.
 */
package dev.orderflow.defaults.grpc;
