package io.sfsync.sync;

import io.sfsync.api.SyncResult;

import java.util.Set;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-commit} of {@code routes/commit.camel.yaml}: the load committed in one transaction (route
 * {@code sfsync-load-commit}), then the result recorded and returned (route {@code sfsync-result}).
 */
public final class CommitSteps {
    private static final Logger LOG = LoggerFactory.getLogger(CommitSteps.class);
    private final SyncServices services;

    public CommitSteps(SyncServices services) {
        this.services = services;
    }

    /**
     * Route {@code sfsync-load-commit}: commits the run's load in one transaction (the rows, the deletes, the new
     * columns and the target's state row with its watermark). The run keeps its lock until its result is recorded.
     */
    public void commit(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        if (run.load == null) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "the route of " + RunSupport.methodName(run) + " commits a load it never opened: its first step must be"
                    + " the bean sfsync-load's open");
        }
        run.progress.committing();
        if (!services.runLock().held(run.key(), run.runId)) {
            // another node may be running this target now: committing could overlap its run
            throw new SyncException(SyncError.CLUSTER_UNAVAILABLE, "the run lost its lock of " + run.target
                    + " (its session with the cluster database ended), so it does not commit: another node may"
                    + " be syncing the table; the next run starts over");
        }
        services.checkpoints().reach("load.before-commit");
        // A chunked read's first chunk is one query cursor, a snapshot; an Id range read again is newer than it.
        // The watermark stays at the snapshot's newest stamp, so that the next run reads again whatever changed
        // after the snapshot in ranges already read (and a row joined across a same-second change).
        run.outcome = run.load.commit(run.extractJobId(), run.plan().chunks() == null ? null : run.snapshotNewest);
        exchange.getMessage().setBody(null);
        if (run.resumePointWritten) {
            clearResumePoint(run);
        }
    }

    /**
     * After the commit: the resume point goes. Should this fail or the process die first, the next run finds the
     * point's job in the state row, committed, and only removes it.
     */
    private void clearResumePoint(SyncRun run) {
        try {
            services.warehouse().clearResumePoint(run.target);
        } catch (RuntimeException e) {
            LOG.warn("{} is loaded, but its resume point could not be removed (the next run removes it): {}",
                    run.target, e.getMessage());
        }
    }

    /**
     * Route {@code sfsync-result}: the committed run's result, appended to the history table, told to the observer and
     * returned as the body; the run's lock and files are released.
     */
    public void result(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        try {
            if (run.outcome == null) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, "the route of " + RunSupport.methodName(run) + " ended without committing its load:"
                        + " it must call direct:sfsync-load-commit");
            }
            SyncResult result = RunResults.result(run, true, null, run.outcome);
            services.record(result);
            services.checkpoints().reach("history.recorded");
            services.observe(o -> o.finished(result, run.rowsExtracted, false));
            services.disk().succeeded(run.target, Set.copyOf(services.active()));
            exchange.getMessage().setBody(result);
        } finally {
            if (run.outcome != null) {
                services.release(run);
            }
        }
    }
}
