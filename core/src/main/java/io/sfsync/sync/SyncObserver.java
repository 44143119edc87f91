package io.sfsync.sync;

import io.sfsync.api.SyncResult;

/**
 * Told what each sync run did, for metrics and health (bound by {@code io.sfsync.app.SfsyncConfiguration}). Called
 * on the run's thread; an observer must be quick and must not throw (what it throws is logged and ignored).
 */
public interface SyncObserver {

    /** Observes nothing. */
    SyncObserver NONE = new SyncObserver() {
    };

    /**
     * A run ended: succeeded, failed, or was skipped because another run of its target was going.
     *
     * @param result the run's result, as recorded in the history table
     * @param rowsRead rows read from Salesforce (before the load decided what changed)
     * @param skipped whether the run was skipped without starting
     */
    default void finished(SyncResult result, long rowsRead, boolean skipped) {
    }

    /**
     * The org's daily quotas as the run's {@code /limits} call read them; -1 when the answer did not say.
     *
     * @param sobject the run's sObject
     * @param target the run's {@code SCHEMA.TABLE}
     */
    default void limits(String sobject, String target, long apiRequestsRemaining, long bulkJobsRemaining) {
    }
}
