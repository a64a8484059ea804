package dev.orderflow.testing;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Stream observers for gRPC tests: record what a stream sends and how it ends. */
public final class Observers {

    private Observers() {}

    /** Adds every message to {@code seen}; completes {@code done} when the stream ends (or fails). */
    public static <T> StreamObserver<T> collecting(List<T> seen, CompletableFuture<Void> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                seen.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        };
    }

    /** For a unary or client-streaming response: completes with the one message, or the error. */
    public static <T> StreamObserver<T> single(CompletableFuture<T> result) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
        };
    }
}
