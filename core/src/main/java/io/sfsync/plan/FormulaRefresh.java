package io.sfsync.plan;

/**
 * The decisions of a formula refresh (re-reading every record's formula fields, which change without moving their
 * record's stamps): how it reads, and when a schedule of incremental runs adds one. Pure functions.
 */
public final class FormulaRefresh {
    /** The {@code sync_method} of a formula refresh's result and history row. */
    public static final String METHOD = "formula_refresh";
    /** The method header of a refresh of an object without formula fields: it reads nothing. */
    public static final String NOTHING = "none";

    private FormulaRefresh() {
    }

    /**
     * How a refresh of {@code formulaFields} formula fields of {@code estimated} records reads them: REST query pages
     * below the Bulk threshold, as a sync would, else one Bulk API 2.0 job (Id and the formula fields are narrow, so
     * the stage is never needed). With no formula field it reads nothing.
     */
    public static Decision decide(String sobject, int formulaFields, long estimated, long bulkApiThreshold) {
        if (formulaFields == 0) {
            return new Decision(SyncMethod.REGULAR_API_INCREMENTAL, false, "formula refresh: " + sobject
                    + " has no formula field (describe: calculated), nothing to read");
        }
        String fields = formulaFields + " formula field" + (formulaFields == 1 ? "" : "s");
        if (estimated < bulkApiThreshold) {
            return new Decision(SyncMethod.REGULAR_API_INCREMENTAL, false, "formula refresh of " + fields
                    + " through REST: " + estimated + " records < bulk threshold " + bulkApiThreshold);
        }
        return new Decision(SyncMethod.BULK_API_INCREMENTAL, false, "formula refresh of " + fields
                + " through a Bulk API 2.0 job: " + estimated + " records >= bulk threshold " + bulkApiThreshold);
    }

    /**
     * The incremental runs since the last formula refresh, after a run of the object: a successful incremental run
     * adds one; a successful full sync read every formula value afresh, so it starts the count again; a failed run
     * changes nothing.
     */
    public static int runsAfter(int before, boolean success, boolean full) {
        if (!success) {
            return before;
        }
        return full ? 0 : before + 1;
    }

    /** Whether a refresh is due: every {@code every} incremental runs (0 or less: never on this schedule). */
    public static boolean due(int every, int incrementalRunsSince) {
        return every > 0 && incrementalRunsSince >= every;
    }
}
