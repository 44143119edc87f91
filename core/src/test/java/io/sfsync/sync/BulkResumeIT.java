package io.sfsync.sync;

import java.nio.file.Path;

/**
 * Issue 17's resume scenarios ({@link BulkResumeScenarios}) on DuckDB, at full size: the org holds 1,000,000
 * Accounts; every run the scenarios kill reads 1,000,000 rows in 50 pages of 20,000 (before an incremental one, every
 * Account is changed).
 */
class BulkResumeIT extends DuckDbCrashSafety implements BulkResumeScenarios {
    private static final Scale SCALE = Scale.of(1_000_000);

    @Override
    public Scale scale() {
        return SCALE;
    }

    @Override
    protected int accounts() {
        return SCALE.accounts();
    }

    @Override
    protected Path logsFolder() {
        return Path.of("target", "bulk-resume");
    }
}
