package io.sfsync.snowflakeemulator.engine;

import java.util.Locale;

/** Maps Snowflake identifiers to DuckDB names injectively under DuckDB's case-insensitive matching. */
final class Names {

    private Names() {
    }

    /**
     * DuckDB matches identifiers case-insensitively even when quoted, so each lower-case letter gets a {@code ~}
     * before it ({@code Amount__c} -> {@code A~m~o~u~n~t__~c}), and {@code ~} itself is doubled: two names that differ
     * only in case then differ in DuckDB too.
     */
    static String encode(String name) {
        StringBuilder b = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '~' || Character.isLowerCase(c)) {
                b.append('~');
            }
            b.append(c);
        }
        return b.toString();
    }

    static String decode(String name) {
        if (name.indexOf('~') < 0) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '~' && i + 1 < name.length()) {
                i++;
                c = name.charAt(i);
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * A name DuckDB reports (result label, column of a table made by a query, error): {@code ~x} is the letter x as
     * quoted, any other letter came from an unquoted identifier, which Snowflake reads in upper case.
     */
    static String label(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '~' && i + 1 < name.length()) {
                i++;
                b.append(name.charAt(i));
            } else {
                b.append(Character.toUpperCase(c));
            }
        }
        return b.toString();
    }

    /** The encoded name as a quoted DuckDB identifier. */
    static String duck(String snowflakeName) {
        return '"' + encode(snowflakeName).replace("\"", "\"\"") + '"';
    }

    /** An unquoted identifier as Snowflake resolves it: upper case. */
    static String fold(String unquoted) {
        return unquoted.toUpperCase(Locale.ROOT);
    }

    /** How Snowflake prints a name in SQL text: bare when it would read back the same, quoted otherwise. */
    static String display(String name) {
        if (name.matches("[A-Z_][A-Z0-9_$]*")) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal for DuckDB. */
    static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }
}
