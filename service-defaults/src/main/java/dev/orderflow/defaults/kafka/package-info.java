/**
 * Topic declaration in the background, for whatever topics a service defines, and the listener
 * container of a consumer that applies each record in a transaction ({@link
 * dev.orderflow.defaults.kafka.RecordListeners}).
 */
package dev.orderflow.defaults.kafka;
