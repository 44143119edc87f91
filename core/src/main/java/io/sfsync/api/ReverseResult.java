package io.sfsync.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reverse sync (warehouse to Salesforce) did.
 *
 * @param runId the run's id (failure rows carry it)
 * @param sobject the sObject written
 * @param source the source table, or {@code query}
 * @param operation {@code upsert} or {@code update}
 * @param path {@code rest} (sObject Collections) or {@code bulk} (Bulk API 2.0 ingest)
 * @param dryRun whether nothing was written
 * @param rowsRead rows read from the warehouse
 * @param rowsSent rows sent to Salesforce (a dry run: that would be sent)
 * @param succeeded rows Salesforce wrote
 * @param failed rows refused, by sfsync before sending or by Salesforce (in the failures table)
 * @param inserted rows that created a record (a dry run: keys Salesforce does not have yet); -1 when unknown
 * @param updated rows that changed an existing record (a dry run: keys Salesforce has); -1 when unknown
 * @param jobIds the Bulk ingest jobs, comma-separated, or null
 * @param failuresTable where the refused rows are
 * @param apiCalls Salesforce API calls spent
 * @param durationSeconds wall time
 * @param startedAt when the run started, UTC
 * @param success whether every step ran (refused rows do not make a run fail)
 * @param error what went wrong, or null
 */
public record ReverseResult(String runId, String sobject, String source, String operation, String path,
        boolean dryRun, long rowsRead, long rowsSent, long succeeded, long failed, long inserted, long updated,
        String jobIds, String failuresTable, long apiCalls, double durationSeconds, Instant startedAt,
        boolean success, String error) {
    /** The direction, as the result and the history say it. */
    public static final String DIRECTION = "warehouse_to_salesforce";
    /** What a reverse run's target is called before its sObject (history, run lock): {@code salesforce:Account}. */
    public static final String TARGET_PREFIX = "salesforce:";

    /** The snake_case dictionary, as {@link SyncResult#asMap()}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", runId);
        m.put("direction", DIRECTION);
        m.put("sobject", sobject);
        m.put("source", source);
        m.put("operation", operation);
        m.put("path", path);
        m.put("dry_run", dryRun);
        m.put("rows_read", rowsRead);
        m.put("rows_sent", rowsSent);
        m.put("succeeded", succeeded);
        m.put("failed", failed);
        m.put("inserted", inserted);
        m.put("updated", updated);
        m.put("bulk_job_id", jobIds);
        m.put("failures_table", failuresTable);
        m.put("api_calls", apiCalls);
        m.put("duration_seconds", durationSeconds);
        m.put("started_at", startedAt == null ? null : startedAt.toString());
        m.put("success", success);
        m.put("error", error);
        return m;
    }

    /** The method name in the run history: {@code reverse_rest_upsert}, {@code reverse_bulk_update}, ... */
    public String method() {
        return "reverse_" + (path == null ? "unplanned" : path) + "_" + (operation == null ? "write" : operation);
    }

    /**
     * The run as a row of the history table ({@code SFSYNC_CONTROL.sfsync_history}): target_table is
     * {@code salesforce:SOBJECT}, actual_records the rows written, reason what was read and refused. Dry runs are
     * not recorded.
     */
    public SyncResult toHistory() {
        return SyncResult.builder().runId(runId).sobject(sobject).targetTable(TARGET_PREFIX + sobject)
                .syncMethod(method()).estimatedRecords(rowsRead).actualRecords(succeeded)
                .syncDurationSeconds(durationSeconds).syncTimestamp(startedAt).success(success).error(error)
                .bulkJobId(jobIds).rowsInserted(Math.max(0, inserted)).rowsUpdated(Math.max(0, updated))
                .apiCalls(apiCalls).reason(DIRECTION + " from " + source + ": " + rowsSent + " sent, " + succeeded
                        + " written, " + failed + " refused" + (failed > 0 ? " (in " + failuresTable + ")" : ""))
                .build();
    }

    /** One line for the log. */
    public String logLine() {
        return "reverse " + source + " -> " + sobject + " (" + operation + ", " + (path == null ? "no path chosen"
                : path) + (dryRun ? ", dry run" : "")
                + "): " + (success ? "ok" : "FAILED: " + error) + ", " + rowsRead + " read, " + rowsSent + " sent, "
                + succeeded + " written, " + failed + " refused" + (jobIds == null ? "" : ", jobs " + jobIds)
                + ", " + apiCalls + " API calls, " + String.format(java.util.Locale.ROOT, "%.1f", durationSeconds)
                + " s";
    }
}
