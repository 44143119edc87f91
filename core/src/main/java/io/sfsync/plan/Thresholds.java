package io.sfsync.plan;

import io.sfsync.api.Defaults;

/**
 * Record counts at which a run moves from the regular API to Bulk API 2.0 and from Bulk to Bulk plus a stage
 * ({@code sfsync.bulk-api-threshold}, {@code sfsync.stage-threshold}).
 *
 * @param bulkApiThreshold at and above this many records the run uses Bulk API 2.0
 * @param stageThreshold at and above this many records the run loads through a stage (when one is usable)
 */
public record Thresholds(long bulkApiThreshold, long stageThreshold) {
    public static final String BULK_API_THRESHOLD_PROPERTY = "sfsync.bulk-api-threshold";
    public static final String STAGE_THRESHOLD_PROPERTY = "sfsync.stage-threshold";

    public Thresholds {
        if (bulkApiThreshold < 0) {
            throw new IllegalArgumentException(BULK_API_THRESHOLD_PROPERTY + " must be 0 or more, not "
                    + bulkApiThreshold);
        }
        if (stageThreshold < 0) {
            throw new IllegalArgumentException(STAGE_THRESHOLD_PROPERTY + " must be 0 or more, not " + stageThreshold);
        }
        // a stage threshold below the Bulk one would ask for a stage load of a REST extraction, which no method does
        if (stageThreshold < bulkApiThreshold) {
            throw new IllegalArgumentException(STAGE_THRESHOLD_PROPERTY + " (" + stageThreshold
                    + ") must not be below " + BULK_API_THRESHOLD_PROPERTY + " (" + bulkApiThreshold + ")");
        }
    }

    /** The default thresholds (the original product's 1,000 and 50,000; {@link Defaults}). */
    public static Thresholds defaults() {
        return parse(Defaults.of(BULK_API_THRESHOLD_PROPERTY), Defaults.of(STAGE_THRESHOLD_PROPERTY));
    }

    /**
     * Thresholds from property text (as placeholders deliver them); a null or blank value takes the default, and
     * {@code _} or {@code ,} digit separators are allowed ({@code 50_000}).
     */
    public static Thresholds parse(String bulkApiThreshold, String stageThreshold) {
        return new Thresholds(number(BULK_API_THRESHOLD_PROPERTY, bulkApiThreshold, BULK_API_THRESHOLD_PROPERTY),
                number(STAGE_THRESHOLD_PROPERTY, stageThreshold, STAGE_THRESHOLD_PROPERTY));
    }

    private static long number(String property, String text, String defaultKey) {
        if (text == null || text.isBlank()) {
            text = Defaults.of(defaultKey);
        }
        String digits = text.trim().replace("_", "").replace(",", "");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a whole number of records, not '" + text + "'", e);
        }
    }
}
