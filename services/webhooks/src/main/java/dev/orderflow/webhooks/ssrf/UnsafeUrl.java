package dev.orderflow.webhooks.ssrf;

/** A URL an endpoint may not have, or an address a delivery may not connect to; says why. */
public class UnsafeUrl extends RuntimeException {

    public UnsafeUrl(String message) {
        super(message);
    }
}
