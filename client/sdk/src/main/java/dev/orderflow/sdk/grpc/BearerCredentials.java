package dev.orderflow.sdk.grpc;

import dev.orderflow.sdk.auth.TokenSource;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;

/** The caller's token as gRPC call credentials: {@code authorization: Bearer <jwt>} on every call. */
final class BearerCredentials extends CallCredentials {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TokenSource tokens;

    BearerCredentials(TokenSource tokens) {
        this.tokens = tokens;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        // The token may need a fetch from identity: never on the transport's thread.
        executor.execute(() -> {
            try {
                var headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + tokens.token());
                applier.apply(headers);
            } catch (RuntimeException e) {
                applier.fail(Status.UNAUTHENTICATED
                        .withDescription("no token: " + e.getMessage())
                        .withCause(e));
            }
        });
    }
}
