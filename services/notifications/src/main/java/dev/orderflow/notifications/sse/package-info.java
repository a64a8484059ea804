/**
 * The Server-Sent Events transport ({@code /api/events}, {@code /api/orders/{id}/events}) with
 * Last-Event-ID resume. Uses {@code feed} and {@code push}.
 */
package dev.orderflow.notifications.sse;
