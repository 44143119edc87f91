package io.sfsync.warehouse;

/** A database error as one line a user can act on, for results, logs and history rows. */
public final class SqlMessages {
    private SqlMessages() {
    }

    /**
     * The message's first line; when that line only announces what follows (Snowflake's
     * {@code SQL compilation error:} then the reason on the next line), the two lines joined. DuckDB's context lines
     * ({@code LINE 1: ...}) are left out.
     */
    public static String summary(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        String[] lines = m.split("\\R", 3);
        String first = lines[0].strip();
        if (first.endsWith(":") && lines.length > 1 && !lines[1].isBlank()) {
            return first + " " + lines[1].strip();
        }
        return first;
    }
}
