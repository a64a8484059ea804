/**
 * Who is calling, and the one rule of who may see which order, for every dialect.
 */
package dev.orderflow.defaults.security;
