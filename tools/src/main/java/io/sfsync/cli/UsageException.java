package io.sfsync.cli;

/** A command line that cannot be run, with the message to show instead of a stack trace. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
