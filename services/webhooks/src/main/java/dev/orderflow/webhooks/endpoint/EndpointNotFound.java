package dev.orderflow.webhooks.endpoint;

/** No such endpoint, or another partner's (the same answer, so ids cannot be probed). */
public class EndpointNotFound extends RuntimeException {

    public EndpointNotFound(String id) {
        super("No webhook endpoint " + id + ".");
    }

    public EndpointNotFound(String endpointId, String messageId) {
        super("No message " + messageId + " for webhook endpoint " + endpointId + ".");
    }
}
