/**
 * The WebSocket transport ({@code /ws}): handshake auth, the JSON protocol, keepalive, close codes.
 * Uses {@code feed} and {@code push}.
 */
package dev.orderflow.notifications.ws;
