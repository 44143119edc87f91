package io.sfsync.sync;

import io.sfsync.plan.Decision;
import io.sfsync.plan.QuotaGuard;
import io.sfsync.salesforce.QueryChunks;
import io.sfsync.salesforce.SObjectSchema;

import java.time.Instant;

/**
 * What the plan found and decided for one run, fixed once the plan is done ({@link PlanSteps#planned}); every later
 * stage reads it ({@link SyncRun#plan()}) and none changes it. While the plan steps run, they fill a {@link Draft}.
 *
 * @param schema the object's fields as describe gave them
 * @param watermarkField the field incremental runs read from, or null when the object has none
 * @param watermark the target's watermark before the run (state table, else the table's newest value), or null
 * @param readFrom where an incremental run reads from: the watermark minus the overlap; null for a full one
 * @param tableExists whether the target table existed when the run planned
 * @param estimated the records COUNT() found with the extraction's filter (-1: not counted)
 * @param quota the daily quotas left when the run started, or null
 * @param decision the method and why
 * @param soql the extraction's query; null for a plan-only run and for a chunked REST read (each chunk has its own)
 * @param chunks the field chunks of a wide object's REST read, or null when its query fits in one request
 * @param restBatchSize records per REST page the run asks for
 * @param reconcile whether the run also reads every Id to find deletes the recycle bin no longer shows
 * @param idsSoql the Id reconciliation's query (every key, recycle bin included); null for a plan-only run
 */
record RunPlan(SObjectSchema schema, String watermarkField, Instant watermark, Instant readFrom, boolean tableExists,
        long estimated, QuotaGuard.Quota quota, Decision decision, String soql, QueryChunks chunks, int restBatchSize,
        boolean reconcile, String idsSoql) {

    /** Whether the plan is for a full sync (a decision made, or, before it, what the target forces). */
    boolean full() {
        return decision != null ? decision.method().isFull() : schema != null && watermark == null;
    }

    /** A plan in the making: what the plan steps have found so far. Only the plan steps write it. */
    static final class Draft {
        SObjectSchema schema;
        String watermarkField;
        Instant watermark;
        Instant readFrom;
        boolean tableExists;
        long estimated = -1;
        QuotaGuard.Quota quota;
        Decision decision;
        QueryChunks chunks;
        int restBatchSize;

        /** The plan, fixed: the decision made, the queries written. */
        RunPlan build(String soql, boolean reconcile, String idsSoql) {
            return new RunPlan(schema, watermarkField, watermark, readFrom, tableExists, estimated, quota, decision,
                    soql, chunks, restBatchSize, reconcile, idsSoql);
        }

        /** What the plan steps found before a run failed or stopped (for its result). */
        RunPlan soFar() {
            return build(null, false, null);
        }
    }
}
