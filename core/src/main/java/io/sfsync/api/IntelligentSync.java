package io.sfsync.api;

import io.sfsync.api.SyncHeaders;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * The Java entry point: runs one sync on demand through the {@code direct:sfsync-sync} route of a CamelContext that has
 * sfsync's routes and beans (see {@link io.sfsync.app.SfsyncConfiguration}). Thresholds set here apply to every later
 * call; null parameters take the configured defaults.
 *
 * <pre>{@code
 * IntelligentSync sync = new IntelligentSync(camelContext);
 * sync.setBulkApiThreshold(5_000);
 * SyncResult r = sync.sync("Account", "RAW", "ACCOUNTS", "Id", true, "@SALESFORCE_STAGE", false);
 * }</pre>
 */
public final class IntelligentSync {
    private final ProducerTemplate template;
    private volatile Long bulkApiThreshold;
    private volatile Long stageThreshold;

    public IntelligentSync(CamelContext context) {
        this.template = Objects.requireNonNull(context, "context").createProducerTemplate();
    }

    public void setBulkApiThreshold(long records) {
        this.bulkApiThreshold = records;
    }

    public void setStageThreshold(long records) {
        this.stageThreshold = records;
    }

    /** Syncs one object, as the original product's {@code sync_sobject_intelligent} did. */
    public SyncResult sync(String sobject, String schema, String table, String matchField, boolean useStage,
            String stageName, boolean forceFullSync) {
        return sync(new SyncRequest(sobject, schema, table, matchField, useStage, stageName, forceFullSync, null, null,
                null));
    }

    /** Syncs one object; the request's thresholds win over the ones set on this instance. */
    public SyncResult sync(SyncRequest request) {
        return template.requestBodyAndHeaders("direct:sfsync-sync", null, headers(request), SyncResult.class);
    }

    /**
     * Re-reads the formula fields of every record of the request's object and updates only those columns of its target
     * ({@code direct:sfsync-refresh-formulas}), in one transaction, leaving the watermark: formula values change when
     * what they read changes (a parent's field, TODAY()) without moving their records' stamps, so incremental syncs
     * keep old ones. The request's target, match field and Bulk threshold apply; the result's {@code sync_method} is
     * {@code formula_refresh}.
     */
    public SyncResult refreshFormulas(SyncRequest request) {
        return template.requestBodyAndHeaders("direct:sfsync-refresh-formulas", null, headers(request),
                SyncResult.class);
    }

    /**
     * What {@link #sync(SyncRequest)} would do now, without moving data ({@code direct:sfsync-plan}): only the limits,
     * describe and COUNT() calls; no Bulk job, no load, no history row, and no run lock taken from a real run.
     */
    public SyncPlanResult plan(SyncRequest request) {
        return template.requestBodyAndHeaders("direct:sfsync-plan", null, headers(request), SyncPlanResult.class);
    }

    private Map<String, Object> headers(SyncRequest request) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(SyncHeaders.SOBJECT, request.sobject());
        put(headers, SyncHeaders.SCHEMA, request.schema());
        put(headers, SyncHeaders.TABLE, request.table());
        put(headers, SyncHeaders.MATCH_FIELD, request.matchField());
        put(headers, SyncHeaders.USE_STAGE, request.useStage());
        put(headers, SyncHeaders.STAGE_NAME, request.stageName());
        headers.put(SyncHeaders.FORCE_FULL_SYNC, request.forceFullSync());
        put(headers, SyncHeaders.BULK_API_THRESHOLD,
                request.bulkApiThreshold() != null ? request.bulkApiThreshold() : bulkApiThreshold);
        put(headers, SyncHeaders.STAGE_THRESHOLD,
                request.stageThreshold() != null ? request.stageThreshold() : stageThreshold);
        put(headers, SyncHeaders.WATERMARK_FIELD, request.watermarkField());
        put(headers, SyncHeaders.DELETE_MODE, request.deleteMode() == null ? null : request.deleteMode().wireName());
        put(headers, SyncHeaders.RECONCILE_IDS, request.reconcileIds());
        return headers;
    }

    private static void put(Map<String, Object> headers, String name, Object value) {
        if (value != null) {
            headers.put(name, value);
        }
    }
}
