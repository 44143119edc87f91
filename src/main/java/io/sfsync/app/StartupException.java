package io.sfsync.app;

/**
 * sfsync could not start; the message is one line that says what is wrong and what to do, with no secret in it. It
 * carries no cause: the causes are Camel's, and their text is what the message replaces.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }
}
