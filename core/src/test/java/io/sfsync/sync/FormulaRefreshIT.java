package io.sfsync.sync;

import io.sfsync.app.SfsyncRuntime;

import java.nio.file.Path;

/** {@link FormulaRefreshBehaviour} into the embedded DuckDB. */
class FormulaRefreshIT extends FormulaRefreshBehaviour {
    @Override
    protected void configureWarehouse(SfsyncRuntime runtime, Path dir) {
        runtime.set("sfsync.warehouse.duckdb.path", dir.resolve("sfsync.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
    }

    @Override
    protected void stopWarehouse() {
    }
}
