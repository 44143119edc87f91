package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncResult;
import io.sfsync.plan.FormulaRefresh;

import java.util.function.ToIntFunction;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-formulas} of {@code routes/formulas.camel.yaml}: whether a scheduled object's formula fields are
 * due a refresh, every N incremental runs ({@link FormulaRefresh#due}). The runs since the last refresh are counted
 * from the run history (one query per scheduled run), not in memory, so the count survives a restart and every node
 * of a cluster sees the same one.
 */
public final class FormulaSteps {
    private static final Logger LOG = LoggerFactory.getLogger(FormulaSteps.class);

    private final ToIntFunction<String> runsSinceRefresh;

    /**
     * @param runsSinceRefresh a target's successful incremental runs since its last successful formula refresh or
     *                         full sync, as the history holds them
     */
    public FormulaSteps(ToIntFunction<String> runsSinceRefresh) {
        this.runsSinceRefresh = runsSinceRefresh;
    }

    /**
     * After a scheduled sync (the body its {@link SyncResult}, already recorded in the history): sets the header
     * {@link SyncHeaders#FORMULA_REFRESH_DUE}. The body stays the sync's result. A failed sync, or one that did not
     * run, is never followed by a refresh; when the history cannot be read, the refresh waits for the next run.
     *
     * @param every the stanza's {@code formulaRefreshEvery} (0: never, and nothing is read)
     */
    public void afterSync(Exchange exchange, int every) {
        boolean due = false;
        if (every > 0 && exchange.getMessage().getBody() instanceof SyncResult r && r.targetTable() != null
                && r.success() && r.syncMethod() != null) {
            try {
                due = FormulaRefresh.due(every, runsSinceRefresh.applyAsInt(r.targetTable()));
            } catch (RuntimeException e) {
                LOG.warn("cannot tell whether the formula fields of {} are due a refresh (formulaRefreshEvery = {}),"
                        + " so none follows this run; the next run asks again: {}", r.targetTable(), every,
                        e.getMessage());
            }
        }
        exchange.getMessage().setHeader(SyncHeaders.FORMULA_REFRESH_DUE, due);
    }
}
