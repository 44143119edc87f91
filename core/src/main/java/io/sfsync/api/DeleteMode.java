package io.sfsync.api;

import java.util.Locale;

/** How records deleted in Salesforce show in the target table. */
public enum DeleteMode {
    /** The row stays, with {@code IsDeleted = true} (Salesforce's own view through queryAll). */
    SOFT,
    /** The row is removed from the target. */
    HARD;

    /** {@code soft} or {@code hard}, any case; anything else is refused with the accepted values. */
    public static DeleteMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "soft" -> SOFT;
            case "hard" -> HARD;
            default -> throw new IllegalArgumentException("delete mode must be soft or hard, got '" + value + "'");
        };
    }

    /** The configuration spelling: {@code soft} or {@code hard}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
