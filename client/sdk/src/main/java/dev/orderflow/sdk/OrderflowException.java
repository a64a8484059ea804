package dev.orderflow.sdk;

/** Base of everything the SDK throws: a call that failed, after any retries it was allowed. */
public class OrderflowException extends RuntimeException {

    public OrderflowException(String message) {
        super(message);
    }

    public OrderflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
