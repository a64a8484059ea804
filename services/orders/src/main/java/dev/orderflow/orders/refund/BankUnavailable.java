package dev.orderflow.orders.refund;

/**
 * The bank gave no answer to rely on: no connection, a timeout, a server fault, a refused
 * WS-Security header (a configuration to fix, not a refusal of the refund). The call may or may
 * not have been applied; repeating it is safe.
 */
public class BankUnavailable extends RuntimeException {

    public BankUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
