package io.sfsync.sync;

import io.sfsync.testing.LoopbackOnly;

import java.nio.file.Path;

/**
 * Issue 17's resume scenarios ({@link BulkResumeScenarios}) on Snowflake, through the real driver against the offline
 * Snowflake: a killed run's pages were PUT to the named stage (stage path) or the user stage (the others), which
 * outlive the killed session, so the rerun adopts them and reads no result page again but the one in flight; a rerun
 * that starts over removes the pages PUT by the killed run.
 *
 * <p>The size is {@link BulkResumeIT}'s (1,000,000 Accounts) unless {@code -Dsfsync.it.snowflake-resume-accounts=N}
 * says otherwise (N a multiple of 50; the pages scale with it).
 */
@LoopbackOnly
class SnowflakeBulkResumeIT extends SnowflakeCrashSafety implements BulkResumeScenarios {
    private static final Scale SCALE = Scale.of(Integer.getInteger("sfsync.it.snowflake-resume-accounts",
            1_000_000));

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
        return Path.of("target", "bulk-resume-snowflake");
    }
}
