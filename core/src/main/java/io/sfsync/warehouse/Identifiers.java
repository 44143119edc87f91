package io.sfsync.warehouse;

import java.util.regex.Pattern;

/**
 * The one rule every warehouse identifier (schema, table, column, stage) must pass before a dialect quotes it:
 * {@code [A-Za-z_][A-Za-z0-9_]*}, at most 255 characters. Salesforce API names ({@code Amount__c},
 * {@code ns__Field__c}) always pass; anything that could close a quote or start another statement does not.
 */
public final class Identifiers {
    /** Longest identifier accepted (Snowflake's limit; DuckDB has none). */
    public static final int MAX_LENGTH = 255;

    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Identifiers() {
    }

    /** Whether {@code name} is a valid identifier. */
    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /** Returns {@code name} unchanged when it is valid, otherwise throws {@link WarehouseError#INVALID_IDENTIFIER}. */
    public static String require(String name, String what) {
        if (!isValid(name)) {
            throw new WarehouseException(WarehouseError.INVALID_IDENTIFIER,
                    "the " + what + " name " + shown(name) + " is not a valid identifier: use letters, digits and"
                            + " underscores only, starting with a letter or underscore, at most " + MAX_LENGTH
                            + " characters (Salesforce API names such as Amount__c always qualify)");
        }
        return name;
    }

    private static String shown(String name) {
        if (name == null) {
            return "(none)";
        }
        String s = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return "'" + s.replace("\n", "\\n").replace("\r", "\\r") + "'";
    }
}
