package io.sfsync.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one sync run did: the fields of the original product guide (sobject, target_table, sync_method,
 * estimated_records, actual_records, sync_duration_seconds, last_modified_date, sync_timestamp, success, error) and
 * more: run id, Bulk job id, rows inserted and updated, Salesforce API calls spent, and why the method was chosen.
 *
 * @param runId unique id of the run (names stage files and history rows)
 * @param sobject the sObject synced
 * @param targetTable {@code SCHEMA.TABLE}
 * @param syncMethod one of the six methods, or null when the run failed before choosing
 * @param estimatedRecords the COUNT() the plan was based on, or -1 when unknown
 * @param actualRecords rows extracted and loaded
 * @param syncDurationSeconds wall time of the run
 * @param lastModifiedDate the watermark the run read from (null for a full sync), UTC
 * @param syncTimestamp when the run started, UTC
 * @param success whether the target now reflects the org
 * @param error what went wrong, in words a user can act on; null on success
 * @param bulkJobId the Bulk API 2.0 job id, or null
 * @param rowsInserted rows new to the target
 * @param rowsUpdated rows of the target that were replaced
 * @param apiCalls Salesforce API calls the run spent
 * @param reason why this method was chosen (thresholds, forced full sync, stage unavailable, ...)
 * @param retries Salesforce calls retried after a transient failure (5xx, 429, a dropped connection)
 * @param rowsDeleted rows removed from the target (delete mode hard) or newly marked {@code IsDeleted} by the Id
 *     reconciliation (delete mode soft)
 * @param watermark the watermark the target stands at after the run (the newest extracted value), UTC
 * @param schemaChanges what changed in the target's columns: added, kept although removed in Salesforce, widened
 * @param retryWaitSeconds time spent waiting between retries (the backoff), in seconds
 * @param pages result pages read from Salesforce (Bulk result pages or REST query pages; Id reconciliation aside)
 * @param rowsPerSecond rows read from Salesforce per second of the run's wall time
 */
public record SyncResult(String runId, String sobject, String targetTable, String syncMethod, long estimatedRecords,
        long actualRecords, double syncDurationSeconds, Instant lastModifiedDate, Instant syncTimestamp,
        boolean success, String error, String bulkJobId, long rowsInserted, long rowsUpdated, long apiCalls,
        String reason, long retries, long rowsDeleted, Instant watermark, List<String> schemaChanges,
        double retryWaitSeconds, long pages, double rowsPerSecond) {

    public SyncResult {
        schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
    }

    /** A result without the read's pages and rate. */
    public SyncResult(String runId, String sobject, String targetTable, String syncMethod, long estimatedRecords,
            long actualRecords, double syncDurationSeconds, Instant lastModifiedDate, Instant syncTimestamp,
            boolean success, String error, String bulkJobId, long rowsInserted, long rowsUpdated, long apiCalls,
            String reason, long retries, long rowsDeleted, Instant watermark, List<String> schemaChanges,
            double retryWaitSeconds) {
        this(runId, sobject, targetTable, syncMethod, estimatedRecords, actualRecords, syncDurationSeconds,
                lastModifiedDate, syncTimestamp, success, error, bulkJobId, rowsInserted, rowsUpdated, apiCalls, reason,
                retries, rowsDeleted, watermark, schemaChanges, retryWaitSeconds, 0, 0);
    }

    /** A result without deletes, watermark or schema changes. */
    public SyncResult(String runId, String sobject, String targetTable, String syncMethod, long estimatedRecords,
            long actualRecords, double syncDurationSeconds, Instant lastModifiedDate, Instant syncTimestamp,
            boolean success, String error, String bulkJobId, long rowsInserted, long rowsUpdated, long apiCalls,
            String reason, long retries) {
        this(runId, sobject, targetTable, syncMethod, estimatedRecords, actualRecords, syncDurationSeconds,
                lastModifiedDate, syncTimestamp, success, error, bulkJobId, rowsInserted, rowsUpdated, apiCalls, reason,
                retries, 0, null, List.of(), 0);
    }

    /** A result of a run that retried nothing. */
    public SyncResult(String runId, String sobject, String targetTable, String syncMethod, long estimatedRecords,
            long actualRecords, double syncDurationSeconds, Instant lastModifiedDate, Instant syncTimestamp,
            boolean success, String error, String bulkJobId, long rowsInserted, long rowsUpdated, long apiCalls,
            String reason) {
        this(runId, sobject, targetTable, syncMethod, estimatedRecords, actualRecords, syncDurationSeconds,
                lastModifiedDate, syncTimestamp, success, error, bulkJobId, rowsInserted, rowsUpdated, apiCalls, reason,
                0);
    }

    /** The guide's dictionary, with snake_case keys, plus the extra fields. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", runId);
        m.put("sobject", sobject);
        m.put("target_table", targetTable);
        m.put("sync_method", syncMethod);
        m.put("estimated_records", estimatedRecords);
        m.put("actual_records", actualRecords);
        m.put("sync_duration_seconds", syncDurationSeconds);
        m.put("last_modified_date", lastModifiedDate);
        m.put("sync_timestamp", syncTimestamp);
        m.put("success", success);
        m.put("error", error);
        m.put("bulk_job_id", bulkJobId);
        m.put("rows_inserted", rowsInserted);
        m.put("rows_updated", rowsUpdated);
        m.put("api_calls", apiCalls);
        m.put("reason", reason);
        m.put("retries", retries);
        m.put("retry_wait_seconds", retryWaitSeconds);
        m.put("rows_deleted", rowsDeleted);
        m.put("watermark", watermark);
        m.put("schema_changes", schemaChanges.isEmpty() ? null : String.join("; ", schemaChanges));
        m.put("pages", pages);
        m.put("rows_per_second", rowsPerSecond);
        return m;
    }

    /** One log line: {@code sobject=Account target_table=RAW.ACCOUNTS sync_method=... success=true ...}. */
    public String logLine() {
        StringBuilder b = new StringBuilder();
        asMap().forEach((k, v) -> {
            if (v != null) {
                b.append(b.length() == 0 ? "" : " ").append(k).append('=');
                String s = v.toString();
                b.append(s.contains(" ") || s.contains("=") ? "\"" + s.replace("\"", "'") + "\"" : s);
            }
        });
        return b.toString();
    }
}
