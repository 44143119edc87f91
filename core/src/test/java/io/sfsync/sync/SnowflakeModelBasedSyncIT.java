package io.sfsync.sync;

import io.sfsync.app.SfsyncRuntime;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import java.nio.file.Path;

/**
 * The model-based test on the offline Snowflake through the unmodified snowflake-jdbc driver: 50 sequences by default
 * (every statement goes over HTTP to the emulator, so a sequence costs more than on DuckDB).
 */
@LoopbackOnly
class SnowflakeModelBasedSyncIT extends ModelBasedSync {
    private OfflineSnowflake offline;

    @Override
    protected int defaultSequences() {
        return 50;
    }

    @Override
    protected void configureWarehouse(SfsyncRuntime runtime, Path dir) throws Exception {
        offline = OfflineSnowflake.start(dir.resolve("snowflake"), true, "RAW");
        offline.configure(runtime, "RAW");
    }

    @Override
    protected void stopWarehouse() {
        if (offline != null) {
            offline.close();
        }
    }
}
