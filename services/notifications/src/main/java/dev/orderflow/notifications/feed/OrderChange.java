package dev.orderflow.notifications.feed;

import java.time.Instant;
import java.util.UUID;

/**
 * One order event as notifications uses it: what the contract promises for every type of order
 * event, and where it sits in the topic (partition and offset).
 */
public record OrderChange(
        UUID eventId,
        String eventType,
        UUID orderId,
        String customerId,
        long sequence,
        String oldStatus,
        String newStatus,
        Instant time,
        int partition,
        long offset) {}
