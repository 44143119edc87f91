package io.sfsync.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a sync of one object would do now, found without moving data ({@code direct:sfsync-plan}): the plan spends only the
 * limits, describe and COUNT() calls and reads the target's state.
 *
 * @param sobject the sObject
 * @param targetTable {@code SCHEMA.TABLE}
 * @param full whether the run would replace the table (first, forced or watermark-less sync)
 * @param syncMethod one of the six methods, or null when the plan failed before choosing
 * @param estimatedRecords the COUNT() of what the run would read, or -1 when unknown
 * @param reason why this method (thresholds, forced full sync, stage unavailable, ...)
 * @param watermarkField the field the watermark is read from, or null
 * @param watermark where the target stands (null for a first sync), UTC
 * @param readFrom where an incremental run would read from (the watermark minus the overlap), or null
 * @param apiRequestsRemaining the org's remaining daily API requests, or -1 when unknown
 * @param bulkJobsRemaining the org's remaining daily Bulk API 2.0 query jobs, or -1 when unknown
 * @param success whether the plan could be made and a run would start (quota floors, configuration)
 * @param error why not, in words a user can act on; null on success
 */
public record SyncPlanResult(String sobject, String targetTable, boolean full, String syncMethod,
        long estimatedRecords, String reason, String watermarkField, Instant watermark, Instant readFrom,
        long apiRequestsRemaining, long bulkJobsRemaining, boolean success, String error) {

    /** The fields with snake_case keys, as the JSON output of {@code sfsync plan} names them. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sobject", sobject);
        m.put("target_table", targetTable);
        m.put("full", full);
        m.put("sync_method", syncMethod);
        m.put("estimated_records", estimatedRecords);
        m.put("reason", reason);
        m.put("watermark_field", watermarkField);
        m.put("watermark", watermark == null ? null : watermark.toString());
        m.put("read_from", readFrom == null ? null : readFrom.toString());
        m.put("api_requests_remaining", apiRequestsRemaining);
        m.put("bulk_jobs_remaining", bulkJobsRemaining);
        m.put("success", success);
        m.put("error", error);
        return m;
    }

    /** One line for the log. */
    public String logLine() {
        return sobject + " -> " + targetTable + ": " + (success ? (syncMethod + " of ~" + estimatedRecords
                + " records (" + reason + ")") : "cannot plan: " + error);
    }
}
