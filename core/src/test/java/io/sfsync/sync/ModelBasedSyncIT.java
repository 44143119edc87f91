package io.sfsync.sync;

import io.sfsync.app.SfsyncRuntime;
import java.nio.file.Path;

/** The model-based test on an embedded DuckDB file: 200 sequences by default. */
class ModelBasedSyncIT extends ModelBasedSync {

    @Override
    protected int defaultSequences() {
        return 200;
    }

    @Override
    protected void configureWarehouse(SfsyncRuntime runtime, Path dir) {
        runtime.set("sfsync.warehouse.duckdb.path", dir.resolve("warehouse.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
    }
}
