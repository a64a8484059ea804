/**
 * Reservations of stock: hold, commit, release, expire, each in one transaction with the stock it
 * moves. Uses {@code stock}.
 */
package dev.orderflow.inventory.reservation;
