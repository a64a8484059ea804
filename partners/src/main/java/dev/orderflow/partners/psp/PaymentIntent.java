package dev.orderflow.partners.psp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A payment intent: one payment, from creation to {@code succeeded} or {@code canceled}. Its state
 * changes only through its methods, each of which checks the move and registers the event it
 * causes ({@link PaymentIntents} stores both in one transaction).
 */
final class PaymentIntent {

    enum Status {
        REQUIRES_PAYMENT_METHOD,
        PROCESSING,
        SUCCEEDED,
        CANCELED;

        String wire() {
            return name().toLowerCase();
        }
    }

    /** Why the last attempt failed. */
    record PaymentError(String code, String declineCode, String message) {}

    /** An event to record: {@code payment_intent.<what>}. */
    record Change(String type) {}

    private final String id;
    private final String accountId;
    private final long amount;
    private final String currency;
    private final String clientSecret;
    private final Map<String, String> metadata;
    private final String description;
    private final Instant createdAt;
    private Status status;
    private String paymentMethod;
    private PaymentError lastError;
    private Instant succeedsAt;
    private int version;
    private final List<Change> changes = new ArrayList<>();

    PaymentIntent(
            String id,
            String accountId,
            long amount,
            String currency,
            String clientSecret,
            Map<String, String> metadata,
            String description,
            Instant createdAt,
            Status status,
            String paymentMethod,
            PaymentError lastError,
            Instant succeedsAt,
            int version) {
        this.id = id;
        this.accountId = accountId;
        this.amount = amount;
        this.currency = currency;
        this.clientSecret = clientSecret;
        this.metadata = Map.copyOf(metadata);
        this.description = description;
        this.createdAt = createdAt;
        this.status = status;
        this.paymentMethod = paymentMethod;
        this.lastError = lastError;
        this.succeedsAt = succeedsAt;
        this.version = version;
    }

    static PaymentIntent create(
            String id,
            String accountId,
            long amount,
            String currency,
            String clientSecret,
            Map<String, String> metadata,
            String description,
            Instant now) {
        var intent = new PaymentIntent(
                id,
                accountId,
                amount,
                currency,
                clientSecret,
                metadata,
                description,
                now,
                Status.REQUIRES_PAYMENT_METHOD,
                null,
                null,
                null,
                1);
        intent.changes.add(new Change("payment_intent.created"));
        return intent;
    }

    /** An attempt with a test payment method, whose name decides the outcome (psp.yaml). */
    void confirm(String method, Instant now, Duration processingDelay) {
        require(Status.REQUIRES_PAYMENT_METHOD, "confirmed");
        paymentMethod = method;
        lastError = null;
        version++;
        switch (method) {
            case "pm_card_chargeDeclined" -> {
                lastError = new PaymentError("card_declined", "generic_decline", "Your card was declined.");
                changes.add(new Change("payment_intent.payment_failed"));
            }
            case "pm_card_delayed" -> {
                status = Status.PROCESSING;
                succeedsAt = now.plus(processingDelay);
                changes.add(new Change("payment_intent.processing"));
            }
            default -> {
                status = Status.SUCCEEDED;
                changes.add(new Change("payment_intent.succeeded"));
            }
        }
    }

    /** A processing payment that went through. */
    void settle() {
        require(Status.PROCESSING, "settled");
        status = Status.SUCCEEDED;
        succeedsAt = null;
        version++;
        changes.add(new Change("payment_intent.succeeded"));
    }

    /** Cancels unless succeeded; cancelling a canceled intent changes nothing. */
    void cancel() {
        if (status == Status.CANCELED) {
            return;
        }
        if (status == Status.SUCCEEDED) {
            throw new UnexpectedState(id, status, "canceled");
        }
        status = Status.CANCELED;
        succeedsAt = null;
        version++;
        changes.add(new Change("payment_intent.canceled"));
    }

    private void require(Status expected, String verb) {
        if (status != expected) {
            throw new UnexpectedState(id, status, verb);
        }
    }

    List<Change> unsavedChanges() {
        return List.copyOf(changes);
    }

    void changesSaved() {
        changes.clear();
    }

    String id() {
        return id;
    }

    String accountId() {
        return accountId;
    }

    long amount() {
        return amount;
    }

    String currency() {
        return currency;
    }

    String clientSecret() {
        return clientSecret;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    String description() {
        return description;
    }

    Instant createdAt() {
        return createdAt;
    }

    Status status() {
        return status;
    }

    String paymentMethod() {
        return paymentMethod;
    }

    PaymentError lastError() {
        return lastError;
    }

    Instant succeedsAt() {
        return succeedsAt;
    }

    int version() {
        return version;
    }

    /** A move the intent's status does not allow: a 409, and nothing changes. */
    static final class UnexpectedState extends RuntimeException {
        UnexpectedState(String id, Status status, String verb) {
            super("Payment intent " + id + " is " + status.wire() + " and cannot be " + verb + ".");
        }
    }
}
