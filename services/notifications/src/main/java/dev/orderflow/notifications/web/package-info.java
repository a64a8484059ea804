/**
 * Who may connect: the security filter chain. Knows no other feature.
 */
package dev.orderflow.notifications.web;
