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
 * @param recordsDropped records the route sfsync-transform dropped (0 when it is not in use)
 * @param formulaFieldsRefreshed a formula refresh ({@code sync_method} {@code formula_refresh}): the formula fields it
 *     re-read, whose columns it updated ({@code rows_updated}: the rows whose values changed); 0 for a sync
 * @param resumedFromPage the first result page this run read of a Bulk job an earlier, interrupted run had read
 *     the pages before of (the run resumed it: {@code sfsync.bulk.resume}); 0 when the run did not resume
 * @param resumeRefused why an interrupted run found at the start was not resumed (the run started over), or null
 */
public record SyncResult(String runId, String sobject, String targetTable, String syncMethod, long estimatedRecords,
        long actualRecords, double syncDurationSeconds, Instant lastModifiedDate, Instant syncTimestamp,
        boolean success, String error, String bulkJobId, long rowsInserted, long rowsUpdated, long apiCalls,
        String reason, long retries, long rowsDeleted, Instant watermark, List<String> schemaChanges,
        double retryWaitSeconds, long pages, double rowsPerSecond, long recordsDropped, long formulaFieldsRefreshed,
        long resumedFromPage, String resumeRefused) {

    public SyncResult {
        schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
    }

    /** A result built field by field; unset numbers are 0 ({@code estimatedRecords} -1), the rest null or false. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this result's fields, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.runId = runId;
        b.sobject = sobject;
        b.targetTable = targetTable;
        b.syncMethod = syncMethod;
        b.estimatedRecords = estimatedRecords;
        b.actualRecords = actualRecords;
        b.syncDurationSeconds = syncDurationSeconds;
        b.lastModifiedDate = lastModifiedDate;
        b.syncTimestamp = syncTimestamp;
        b.success = success;
        b.error = error;
        b.bulkJobId = bulkJobId;
        b.rowsInserted = rowsInserted;
        b.rowsUpdated = rowsUpdated;
        b.apiCalls = apiCalls;
        b.reason = reason;
        b.retries = retries;
        b.rowsDeleted = rowsDeleted;
        b.watermark = watermark;
        b.schemaChanges = schemaChanges;
        b.retryWaitSeconds = retryWaitSeconds;
        b.pages = pages;
        b.rowsPerSecond = rowsPerSecond;
        b.recordsDropped = recordsDropped;
        b.formulaFieldsRefreshed = formulaFieldsRefreshed;
        b.resumedFromPage = resumedFromPage;
        b.resumeRefused = resumeRefused;
        return b;
    }

    /** Builds a {@link SyncResult}; every setter is named after its field. */
    public static final class Builder {
        private String runId;
        private String sobject;
        private String targetTable;
        private String syncMethod;
        private long estimatedRecords = -1;
        private long actualRecords;
        private double syncDurationSeconds;
        private Instant lastModifiedDate;
        private Instant syncTimestamp;
        private boolean success;
        private String error;
        private String bulkJobId;
        private long rowsInserted;
        private long rowsUpdated;
        private long apiCalls;
        private String reason;
        private long retries;
        private long rowsDeleted;
        private Instant watermark;
        private List<String> schemaChanges;
        private double retryWaitSeconds;
        private long pages;
        private double rowsPerSecond;
        private long recordsDropped;
        private long formulaFieldsRefreshed;
        private long resumedFromPage;
        private String resumeRefused;

        private Builder() {
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder sobject(String sobject) {
            this.sobject = sobject;
            return this;
        }

        public Builder targetTable(String targetTable) {
            this.targetTable = targetTable;
            return this;
        }

        public Builder syncMethod(String syncMethod) {
            this.syncMethod = syncMethod;
            return this;
        }

        public Builder estimatedRecords(long estimatedRecords) {
            this.estimatedRecords = estimatedRecords;
            return this;
        }

        public Builder actualRecords(long actualRecords) {
            this.actualRecords = actualRecords;
            return this;
        }

        public Builder syncDurationSeconds(double syncDurationSeconds) {
            this.syncDurationSeconds = syncDurationSeconds;
            return this;
        }

        public Builder lastModifiedDate(Instant lastModifiedDate) {
            this.lastModifiedDate = lastModifiedDate;
            return this;
        }

        public Builder syncTimestamp(Instant syncTimestamp) {
            this.syncTimestamp = syncTimestamp;
            return this;
        }

        public Builder success(boolean success) {
            this.success = success;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder bulkJobId(String bulkJobId) {
            this.bulkJobId = bulkJobId;
            return this;
        }

        public Builder rowsInserted(long rowsInserted) {
            this.rowsInserted = rowsInserted;
            return this;
        }

        public Builder rowsUpdated(long rowsUpdated) {
            this.rowsUpdated = rowsUpdated;
            return this;
        }

        public Builder apiCalls(long apiCalls) {
            this.apiCalls = apiCalls;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder retries(long retries) {
            this.retries = retries;
            return this;
        }

        public Builder rowsDeleted(long rowsDeleted) {
            this.rowsDeleted = rowsDeleted;
            return this;
        }

        public Builder watermark(Instant watermark) {
            this.watermark = watermark;
            return this;
        }

        public Builder schemaChanges(List<String> schemaChanges) {
            this.schemaChanges = schemaChanges;
            return this;
        }

        public Builder retryWaitSeconds(double retryWaitSeconds) {
            this.retryWaitSeconds = retryWaitSeconds;
            return this;
        }

        public Builder pages(long pages) {
            this.pages = pages;
            return this;
        }

        public Builder rowsPerSecond(double rowsPerSecond) {
            this.rowsPerSecond = rowsPerSecond;
            return this;
        }

        public Builder recordsDropped(long recordsDropped) {
            this.recordsDropped = recordsDropped;
            return this;
        }

        public Builder formulaFieldsRefreshed(long formulaFieldsRefreshed) {
            this.formulaFieldsRefreshed = formulaFieldsRefreshed;
            return this;
        }

        public Builder resumedFromPage(long resumedFromPage) {
            this.resumedFromPage = resumedFromPage;
            return this;
        }

        public Builder resumeRefused(String resumeRefused) {
            this.resumeRefused = resumeRefused;
            return this;
        }

        public SyncResult build() {
            return new SyncResult(runId, sobject, targetTable, syncMethod, estimatedRecords, actualRecords,
                    syncDurationSeconds, lastModifiedDate, syncTimestamp, success, error, bulkJobId, rowsInserted,
                    rowsUpdated, apiCalls, reason, retries, rowsDeleted, watermark, schemaChanges, retryWaitSeconds,
                    pages, rowsPerSecond, recordsDropped, formulaFieldsRefreshed, resumedFromPage, resumeRefused);
        }
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
        m.put("records_dropped", recordsDropped);
        m.put("formula_fields_refreshed", formulaFieldsRefreshed);
        m.put("resumed_from_page", resumedFromPage);
        m.put("resume_refused", resumeRefused);
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
