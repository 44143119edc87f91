package io.sfsync.bench;

/** A {@code bench} command line that cannot be run, with the message to show instead of a stack trace. */
final class BenchUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchUsageException(String message) {
        super(message);
    }
}
