package io.sfsync.app;

import java.util.List;

/**
 * sfsync could not start; the message says what is wrong and what to do, one line per problem, with no secret in
 * it. It carries no cause: the causes are Camel's, and their text is what the message replaces.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;
    private final boolean configuration;

    public StartupException(String message) {
        this(List.of(message), false);
    }

    /** The configuration is wrong: each problem one line (a command exits with status 2 for these). */
    public StartupException(List<String> problems, boolean configuration) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
        this.configuration = configuration;
    }

    /** What is wrong, one line each. */
    public List<String> problems() {
        return problems;
    }

    /** Whether the configuration itself is wrong, rather than something it names (an org, a warehouse). */
    public boolean configuration() {
        return configuration;
    }
}
