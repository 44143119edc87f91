package io.sfsync.sync;

import io.sfsync.app.SfsyncRuntime;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;

import java.nio.file.Path;

/**
 * {@link FormulaRefreshBehaviour} into the offline Snowflake through the unmodified snowflake-jdbc driver: the formula
 * columns updated by Snowflake's UPDATE ... FROM, the state row untouched.
 */
@LoopbackOnly
class SnowflakeFormulaRefreshIT extends FormulaRefreshBehaviour {
    private OfflineSnowflake offline;

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
