package dev.orderflow.webhooks.endpoint;

/** The endpoint's state does not allow the request (disabled; a v1a endpoint has no secret). */
public class EndpointStateConflict extends RuntimeException {

    public EndpointStateConflict(String message) {
        super(message);
    }
}
