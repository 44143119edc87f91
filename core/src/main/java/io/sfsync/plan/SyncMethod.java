package io.sfsync.plan;

import java.util.Locale;

/** The six ways a run can replicate an object: full or incremental, through REST, Bulk API 2.0, or Bulk plus a stage. */
public enum SyncMethod {
    REGULAR_API_FULL("regular_api_full", true, false, false),
    BULK_API_FULL("bulk_api_full", true, true, false),
    BULK_API_STAGE_FULL("bulk_api_stage_full", true, true, true),
    REGULAR_API_INCREMENTAL("regular_api_incremental", false, false, false),
    BULK_API_INCREMENTAL("bulk_api_incremental", false, true, false),
    BULK_API_STAGE_INCREMENTAL("bulk_api_stage_incremental", false, true, true);

    private final String wireName;
    private final boolean full;
    private final boolean bulk;
    private final boolean stage;

    SyncMethod(String wireName, boolean full, boolean bulk, boolean stage) {
        this.wireName = wireName;
        this.full = full;
        this.bulk = bulk;
        this.stage = stage;
    }

    /** The name in headers, results and logs ({@code bulk_api_incremental}), as the original product spelled it. */
    public String wireName() {
        return wireName;
    }

    /** Whether the run replaces the whole table rather than merging changed rows. */
    public boolean isFull() {
        return full;
    }

    /** Whether the run extracts through a Bulk API 2.0 query job (otherwise REST query pages). */
    public boolean usesBulk() {
        return bulk;
    }

    /** Whether the run loads through warehouse stage files. */
    public boolean usesStage() {
        return stage;
    }

    /** The method for this combination; a stage without Bulk is not a method, so it is refused. */
    public static SyncMethod of(boolean full, boolean bulk, boolean stage) {
        if (stage && !bulk) {
            throw new IllegalArgumentException("a stage load needs the Bulk API: there is no regular_api_stage method");
        }
        for (SyncMethod m : values()) {
            if (m.full == full && m.bulk == bulk && m.stage == stage) {
                return m;
            }
        }
        throw new IllegalStateException("no method for full=" + full + " bulk=" + bulk + " stage=" + stage);
    }

    /** The method with this wire name, ignoring case and surrounding blanks. */
    public static SyncMethod fromWireName(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (SyncMethod m : values()) {
                if (m.wireName.equals(n)) {
                    return m;
                }
            }
        }
        StringBuilder valid = new StringBuilder();
        for (SyncMethod m : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(m.wireName);
        }
        throw new IllegalArgumentException("unknown sync method '" + name + "'; expected one of " + valid);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
