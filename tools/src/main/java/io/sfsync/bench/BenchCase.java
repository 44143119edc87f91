package io.sfsync.bench;

import java.util.Locale;

/**
 * The six sync methods as benchmark cases, each with the thresholds that force IntelligentSync to pick it: a full case
 * runs against a warehouse without the table, an incremental case against a copy of a fully synced one.
 */
enum BenchCase {
    REGULAR_API_FULL(true, Long.MAX_VALUE, Long.MAX_VALUE),
    BULK_API_FULL(true, 0, Long.MAX_VALUE),
    BULK_API_STAGE_FULL(true, 0, 0),
    REGULAR_API_INCREMENTAL(false, Long.MAX_VALUE, Long.MAX_VALUE),
    BULK_API_INCREMENTAL(false, 0, Long.MAX_VALUE),
    BULK_API_STAGE_INCREMENTAL(false, 0, 0);

    /** The regular API reads at most this many rows in a benchmark: beyond it, it is not a method anyone would pick. */
    static final long REGULAR_API_MAX_ROWS = 100_000;

    private final boolean full;
    private final long bulkApiThreshold;
    private final long stageThreshold;

    BenchCase(boolean full, long bulkApiThreshold, long stageThreshold) {
        this.full = full;
        this.bulkApiThreshold = bulkApiThreshold;
        this.stageThreshold = stageThreshold;
    }

    /** The method's name as SyncResult reports it ({@code bulk_api_stage_full}). */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean full() {
        return full;
    }

    boolean bulk() {
        return bulkApiThreshold == 0;
    }

    boolean stage() {
        return stageThreshold == 0;
    }

    long bulkApiThreshold() {
        return bulkApiThreshold;
    }

    long stageThreshold() {
        return stageThreshold;
    }

    /** Whether the case is worth running when it reads {@code rows} rows. */
    boolean runsFor(long rows) {
        return bulk() || rows <= REGULAR_API_MAX_ROWS;
    }

    static BenchCase ofWireName(String name) {
        for (BenchCase c : values()) {
            if (c.wireName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no sync method named '" + name + "'");
    }
}
