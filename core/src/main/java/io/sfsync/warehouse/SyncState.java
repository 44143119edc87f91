package io.sfsync.warehouse;

import java.time.Instant;
import java.util.List;

/**
 * Where one target stands: one row of {@code <control schema>.sfsync_state}, written in the same transaction as the
 * load that produced it (DuckDB), or right after it commits (Snowflake, whose table swap commits at once).
 *
 * @param targetTable {@code SCHEMA.TABLE}, the key
 * @param sobject the sObject loaded into it
 * @param watermarkField the field the watermark is read from ({@code SystemModstamp}), or null
 * @param watermark the newest watermark value loaded so far; the next incremental run reads from it minus the overlap
 * @param lastRunId the run that wrote this row
 * @param lastJobId that run's Bulk API job, or null
 * @param lastSyncMethod that run's method
 * @param lastSuccess when that run committed, UTC
 * @param retainedColumns columns the table keeps although their fields left Salesforce
 * @param deleteMode how deletes were applied ({@code soft} or {@code hard})
 */
public record SyncState(String targetTable, String sobject, String watermarkField, Instant watermark,
        String lastRunId, String lastJobId, String lastSyncMethod, Instant lastSuccess, List<String> retainedColumns,
        String deleteMode) {

    public SyncState {
        retainedColumns = retainedColumns == null ? List.of() : List.copyOf(retainedColumns);
    }
}
