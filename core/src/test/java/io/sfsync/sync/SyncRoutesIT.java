package io.sfsync.sync;

import io.sfsync.app.SfsyncRuntime;
import io.sfsync.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The six methods end to end into an embedded DuckDB file, its stage a folder beside it. */
class SyncRoutesIT extends SyncRoutesBehaviour {
    private Path stage;

    @Override
    protected void configureWarehouse(SfsyncRuntime runtime, Path dir) {
        stage = dir.resolve("stage");
        runtime.set("sfsync.warehouse.duckdb.path", dir.resolve("it.duckdb").toString())
                .set("sfsync.warehouse.stage-root", stage.toString());
    }

    @Override
    protected List<String> stageFilesLeft(Warehouse warehouse, String stageName) throws Exception {
        try (var files = Files.walk(stage)) {
            return files.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    @Override
    protected void makeStageUnusable(String stageName) throws Exception {
        Files.writeString(stage.resolve(stageName.substring(1)), "a file where the stage should be");
    }
}
