/**
 * The HTTP edge: who may call what ({@link dev.orderflow.webhooks.web.SecurityConfiguration}) and
 * the paging cursor every list shares. Knows no other feature.
 */
package dev.orderflow.webhooks.web;
