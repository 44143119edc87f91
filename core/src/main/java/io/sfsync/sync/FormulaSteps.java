package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncResult;
import io.sfsync.plan.FormulaRefresh;
import io.sfsync.plan.SyncMethod;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;

/**
 * Bean {@code sfsync-formulas} of {@code routes/formulas.camel.yaml}: whether a scheduled object's formula fields are
 * due a refresh, every N incremental runs ({@link FormulaRefresh#due}). The runs since the last refresh are counted
 * per target in this process: after a restart the count starts at 0, so the first refresh comes N runs later.
 */
public final class FormulaSteps {
    private final Map<String, Integer> runsSinceRefresh = new ConcurrentHashMap<>();

    /**
     * After a scheduled sync (the body its {@link SyncResult}): counts it and sets the header
     * {@link SyncHeaders#FORMULA_REFRESH_DUE}. The body stays the sync's result.
     *
     * @param every the stanza's {@code formulaRefreshEvery} (0: never)
     */
    public void afterSync(Exchange exchange, int every) {
        boolean due = false;
        if (exchange.getMessage().getBody() instanceof SyncResult r && r.targetTable() != null) {
            boolean full = r.syncMethod() != null && !r.syncMethod().equals(FormulaRefresh.METHOD)
                    && SyncMethod.fromWireName(r.syncMethod()).isFull();
            int runs = runsSinceRefresh.compute(r.targetTable(), (k, before) -> FormulaRefresh.runsAfter(
                    before == null ? 0 : before, r.success() && r.syncMethod() != null, full));
            due = FormulaRefresh.due(every, runs);
        }
        exchange.getMessage().setHeader(SyncHeaders.FORMULA_REFRESH_DUE, due);
    }

    /** After a formula refresh that succeeded (the body its result): the count of incremental runs starts again. */
    public void refreshed(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof SyncResult r && r.success() && r.targetTable() != null) {
            runsSinceRefresh.put(r.targetTable(), 0);
        }
    }
}
