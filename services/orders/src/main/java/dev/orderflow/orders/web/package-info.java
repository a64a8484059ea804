/**
 * Who may call what (the security filter chain) and the contract served as documentation.
 * Uses {@code ratelimit}.
 */
package dev.orderflow.orders.web;
