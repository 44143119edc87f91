package io.sfsync.warehouse;

/** Names of the work tables a load creates beside its target, derived from the run id so that runs never collide. */
public final class TableRefs {
    private TableRefs() {
    }

    /** The name of a run's staging table, {@code <table>__stg_<runId>}; the dialect decides its schema. */
    public static String stagingName(TableRef target, String runId) {
        return target.table() + "__stg_" + tableSafe(runId);
    }

    /** The table a full replace loads before it becomes the target: {@code <table>__new_<runId>}. */
    public static TableRef fresh(TableRef target, String runId) {
        return new TableRef(target.schema(), target.table() + "__new_" + tableSafe(runId));
    }

    private static String tableSafe(String runId) {
        return runId.replace('-', '_');
    }
}
