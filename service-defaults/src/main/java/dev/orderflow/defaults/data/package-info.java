/**
 * Instants as the databases (H2, PostgreSQL) keep them.
 */
package dev.orderflow.defaults.data;
