package io.sfsync.api;

import java.util.Objects;

/**
 * What to sync and how: the parameters of the original product's {@code sync_sobject_intelligent} plus the
 * thresholds and the watermark field. Null fields take the configured defaults.
 */
public record SyncRequest(String sobject, String schema, String table, String matchField, Boolean useStage,
        String stageName, boolean forceFullSync, Long bulkApiThreshold, Long stageThreshold, String watermarkField,
        DeleteMode deleteMode, Boolean reconcileIds) {

    public SyncRequest {
        Objects.requireNonNull(sobject, "sobject");
    }

    /** A request with the configured delete mode and Id reconciliation. */
    public SyncRequest(String sobject, String schema, String table, String matchField, Boolean useStage,
            String stageName, boolean forceFullSync, Long bulkApiThreshold, Long stageThreshold,
            String watermarkField) {
        this(sobject, schema, table, matchField, useStage, stageName, forceFullSync, bulkApiThreshold, stageThreshold,
                watermarkField, null, null);
    }

    /** A request for {@code sobject} with every other setting at its default. */
    public static SyncRequest of(String sobject) {
        return new SyncRequest(sobject, null, null, null, null, null, false, null, null, null);
    }

    /** How records deleted in Salesforce show in the target (null: {@code sfsync.delete-mode}). */
    public SyncRequest withDeleteMode(DeleteMode mode) {
        return new SyncRequest(sobject, schema, table, matchField, useStage, stageName, forceFullSync,
                bulkApiThreshold, stageThreshold, watermarkField, mode, reconcileIds);
    }

    /** Whether incremental runs also compare every Id with Salesforce (null: {@code sfsync.reconcile-ids}). */
    public SyncRequest withReconcileIds(Boolean value) {
        return new SyncRequest(sobject, schema, table, matchField, useStage, stageName, forceFullSync,
                bulkApiThreshold, stageThreshold, watermarkField, deleteMode, value);
    }

    public SyncRequest withWatermarkField(String field) {
        return new SyncRequest(sobject, schema, table, matchField, useStage, stageName, forceFullSync,
                bulkApiThreshold, stageThreshold, field, deleteMode, reconcileIds);
    }

    public SyncRequest withTarget(String schemaName, String tableName) {
        return new SyncRequest(sobject, schemaName, tableName, matchField, useStage, stageName, forceFullSync,
                bulkApiThreshold, stageThreshold, watermarkField, deleteMode, reconcileIds);
    }

    public SyncRequest withForceFullSync(boolean value) {
        return new SyncRequest(sobject, schema, table, matchField, useStage, stageName, value, bulkApiThreshold,
                stageThreshold, watermarkField, deleteMode, reconcileIds);
    }

    public SyncRequest withThresholds(Long bulk, Long stage) {
        return new SyncRequest(sobject, schema, table, matchField, useStage, stageName, forceFullSync, bulk, stage,
                watermarkField, deleteMode, reconcileIds);
    }

    public SyncRequest withStage(Boolean use, String name) {
        return new SyncRequest(sobject, schema, table, matchField, use, name, forceFullSync, bulkApiThreshold,
                stageThreshold, watermarkField, deleteMode, reconcileIds);
    }

    public SyncRequest withMatchField(String field) {
        return new SyncRequest(sobject, schema, table, field, useStage, stageName, forceFullSync, bulkApiThreshold,
                stageThreshold, watermarkField, deleteMode, reconcileIds);
    }
}
