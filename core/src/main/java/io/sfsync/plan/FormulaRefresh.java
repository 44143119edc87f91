package io.sfsync.plan;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

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
     * The {@code sync_method}s of the history rows that count towards a scheduled refresh: the incremental ones (a
     * run of {@code formulaRefreshEvery}). Only successful rows count ({@code ControlTables#runsSinceLast}).
     */
    public static List<String> countedMethods() {
        return Arrays.stream(SyncMethod.values()).filter(m -> !m.isFull()).map(SyncMethod::wireName).toList();
    }

    /**
     * The {@code sync_method}s whose successful history row starts the count again: a formula refresh, and every
     * full sync (it read every formula value afresh).
     */
    public static List<String> restartingMethods() {
        Stream<String> full = Arrays.stream(SyncMethod.values()).filter(SyncMethod::isFull).map(SyncMethod::wireName);
        return Stream.concat(full, Stream.of(METHOD)).toList();
    }

    /**
     * Whether a refresh is due: every {@code every} incremental runs (0 or less: never on this schedule), counted from
     * the run history as the successful incremental runs of the target since its last successful formula refresh or
     * full sync, so the count survives a restart and is the same on every node of a cluster.
     */
    public static boolean due(int every, int incrementalRunsSince) {
        return every > 0 && incrementalRunsSince >= every;
    }
}
