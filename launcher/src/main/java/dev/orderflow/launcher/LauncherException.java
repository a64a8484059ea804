package dev.orderflow.launcher;

/** A problem the user can fix, reported as one clear line and a non-zero exit. */
class LauncherException extends RuntimeException {
    LauncherException(String message) {
        super(message);
    }
}
