/**
 * The order events from Kafka turned into messages for every endpoint that receives their type
 * ({@link dev.orderflow.webhooks.intake.EventIntake}). Uses endpoint and message.
 */
package dev.orderflow.webhooks.intake;
