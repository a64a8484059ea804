/**
 * Messages (what is sent: an order event, a ping or an operational event) and their deliveries to
 * endpoints, stored before any attempt ({@link dev.orderflow.webhooks.message.Messages}). Knows no
 * other feature.
 */
package dev.orderflow.webhooks.message;
