package io.sfsync.warehouse;

import io.sfsync.api.DeleteMode;
import io.sfsync.salesforce.SObjectSchema;

/**
 * What one load does: which table, which columns ({@code schema.extracted()}, in that order), how rows are matched,
 * and whether the batches go through the stage.
 *
 * @param target the table to load
 * @param schema the sObject's fields; the table's columns are {@code schema.extracted()}
 * @param matchField the field that identifies a row (usually {@code Id})
 * @param watermarkField the field whose newest value wins among duplicates of a key ({@code SystemModstamp}), or null
 * @param fullReplace replace the whole table atomically instead of merging into it
 * @param viaStage write the batches as files into the stage and load them at commit, instead of loading each batch
 *     into the staging table as it arrives
 * @param stageName the stage ({@code @SFSYNC_STAGE}); required when {@code viaStage}
 * @param runId the run id; names the stage files and work tables
 * @param deleteMode soft: rows of deleted records stay with {@code IsDeleted = true}; hard: they are removed
 * @param reconcileIds the load also takes every Id Salesforce has ({@link LoadSession#addIds}) and treats rows whose
 *     key is not among them as deleted (incremental loads only)
 * @param syncMethod the run's method, recorded in the state table
 * @param formulasOnly a formula refresh: {@code schema} is the match field and the formula fields, and the commit
 *     updates only those columns of rows the target has (no insert, no delete, no schema change), leaving the state
 *     row and its watermark alone
 */
public record LoadSpec(TableRef target, SObjectSchema schema, String matchField, String watermarkField,
        boolean fullReplace, boolean viaStage, String stageName, String runId, DeleteMode deleteMode,
        boolean reconcileIds, String syncMethod, boolean formulasOnly) {

    public LoadSpec {
        deleteMode = deleteMode == null ? DeleteMode.SOFT : deleteMode;
        if (formulasOnly && (fullReplace || reconcileIds)) {
            throw new IllegalArgumentException("a formula refresh updates columns in place: no full replace, no Id"
                    + " reconciliation");
        }
    }

    /** A load of a sync (not a formula refresh). */
    public LoadSpec(TableRef target, SObjectSchema schema, String matchField, String watermarkField,
            boolean fullReplace, boolean viaStage, String stageName, String runId, DeleteMode deleteMode,
            boolean reconcileIds, String syncMethod) {
        this(target, schema, matchField, watermarkField, fullReplace, viaStage, stageName, runId, deleteMode,
                reconcileIds, syncMethod, false);
    }

    /** A load with soft deletes and no Id reconciliation. */
    public LoadSpec(TableRef target, SObjectSchema schema, String matchField, String watermarkField,
            boolean fullReplace, boolean viaStage, String stageName, String runId) {
        this(target, schema, matchField, watermarkField, fullReplace, viaStage, stageName, runId, DeleteMode.SOFT,
                false, null);
    }
}
