package dev.orderflow.cli;

/**
 * A command's failure with its exit code. The codes (also in {@code ./orderflow --help}):
 * 0 success, 1 failure (a demo step, an export that could not finish), 2 usage error,
 * 4 not logged in / authentication or permission refused, 5 not found, 6 rejected (invalid request,
 * conflict with the resource's state), 7 unavailable (server error, rate limited or unreachable
 * after retries, timeout).
 */
final class CliException extends RuntimeException {

    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int USAGE_OR_LOGIN = 4;
    static final int NOT_FOUND = 5;
    static final int REJECTED = 6;
    static final int UNAVAILABLE = 7;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
