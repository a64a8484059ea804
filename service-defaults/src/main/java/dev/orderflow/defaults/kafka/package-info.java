/**
 * Topic declaration in the background, for whatever topics a service defines.
 */
package dev.orderflow.defaults.kafka;
