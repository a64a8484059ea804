package dev.orderflow.sdk.grpc;

import dev.orderflow.sdk.stream.Reconnecting;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.function.Consumer;

/** Adapts a server-streaming call to {@link Reconnecting}: one cancellable context per connection. */
final class GrpcStreams {

    /** Worth a new connection: the server or the network went away, not a refusal. */
    static final Set<Status.Code> RETRYABLE =
            Set.of(Status.Code.UNAVAILABLE, Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.ABORTED);

    private GrpcStreams() {}

    static boolean retryable(Throwable t) {
        return t instanceof StatusRuntimeException e
                && RETRYABLE.contains(e.getStatus().getCode());
    }

    /** Starts {@code call} with an observer feeding {@code connection}; closing cancels it. */
    static <T> AutoCloseable open(Reconnecting.Connection<T> connection, Consumer<StreamObserver<T>> call) {
        Context.CancellableContext context = Context.current().withCancellation();
        // A server stream has no "subscribed" message: the call is under way once started.
        context.run(() -> call.accept(new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                connection.item(value);
            }

            @Override
            public void onError(Throwable t) {
                connection.failed(t);
            }

            @Override
            public void onCompleted() {
                connection.completed();
            }
        }));
        connection.connected();
        return () -> context.cancel(null);
    }
}
