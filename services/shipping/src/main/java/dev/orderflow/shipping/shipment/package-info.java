/**
 * Shipments, their tracking on a simulated courier clock, and courier sessions. Knows no other
 * feature.
 */
package dev.orderflow.shipping.shipment;
