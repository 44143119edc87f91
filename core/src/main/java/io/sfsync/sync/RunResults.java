package io.sfsync.sync;

import io.sfsync.api.SyncResult;
import io.sfsync.plan.Decision;
import io.sfsync.plan.FormulaRefresh;
import io.sfsync.warehouse.LoadOutcome;

import java.util.List;

/** The {@link SyncResult} of a run, successful or not. */
final class RunResults {
    private RunResults() {
    }

    /** The run's result: what it read, what the commit did ({@code outcome}, null before the commit) and how long. */
    static SyncResult result(SyncRun run, boolean success, String error, LoadOutcome outcome) {
        RunPlan plan = run.planSoFar();
        double seconds = Math.round((System.nanoTime() - run.startedNanos) / 1e6) / 1e3;
        String method = run.formulaRefresh ? FormulaRefresh.METHOD
                : plan.decision() == null ? null : plan.decision().method().wireName();
        long inserted = outcome == null ? 0 : outcome.rowsInserted();
        long updated = outcome == null ? 0 : outcome.rowsUpdated();
        long deleted = outcome == null ? 0 : outcome.rowsDeleted();
        boolean incremental = !run.formulaRefresh && plan.decision() != null && !plan.decision().method().isFull();
        return SyncResult.builder()
                .runId(run.runId)
                .sobject(run.request.sobject())
                .targetTable(run.target.toString())
                .syncMethod(method)
                .estimatedRecords(plan.estimated())
                .actualRecords(inserted + updated + deleted)
                .syncDurationSeconds(seconds)
                .lastModifiedDate(incremental ? plan.watermark() : null)
                .syncTimestamp(run.startedAt)
                .success(success)
                .error(error)
                .bulkJobId(run.extractJobId())
                .rowsInserted(inserted)
                .rowsUpdated(updated)
                .rowsDeleted(deleted)
                .apiCalls(run.apiCalls)
                .reason(reason(run, outcome))
                .retries(run.retries)
                .retryWaitSeconds(run.retryWaitMillis / 1000.0)
                .watermark(outcome == null ? plan.watermark() : outcome.watermark())
                .schemaChanges(outcome == null ? List.of() : outcome.schemaChanges())
                .pages(run.pages)
                .rowsPerSecond(seconds > 0 ? Math.round(run.rowsExtracted / seconds * 10) / 10.0 : 0)
                .recordsDropped(run.recordsDropped)
                .formulaFieldsRefreshed(run.formulaRefresh && outcome != null ? plan.schema().formulaFields().size() : 0)
                .resumedFromPage(run.resumed == null ? 0 : run.resumed.pages() + 1)
                .resumeRefused(run.resumeRefused)
                .build();
    }

    /** Why this method, followed by what else the load did that a user should know (its notes). */
    static String reason(SyncRun run, LoadOutcome outcome) {
        Decision decision = run.planSoFar().decision();
        String why = decision == null ? null : decision.reason();
        if (why != null && run.rangesReread > 0) {
            why += "; " + run.rangesReread + (run.rangesReread == 1 ? " Id range was" : " Id ranges were")
                    + " read again because records changed between its chunk reads";
        }
        if (outcome == null || outcome.notes().isEmpty()) {
            return why;
        }
        String notes = String.join("; ", outcome.notes());
        return why == null ? notes : why + "; " + notes;
    }
}
