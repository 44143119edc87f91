package io.sfsync.sync;

import io.sfsync.app.SfsyncRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link GracefulStopBehaviour} on DuckDB: one file, its pages in a stage folder beside it. */
class GracefulStopRunIT extends GracefulStopBehaviour {
    private Path folder;

    @Override
    protected void startWarehouse(Path folder) {
        this.folder = folder;
    }

    @Override
    protected void configureWarehouse(SfsyncRuntime runtime) {
        runtime.set("sfsync.warehouse.duckdb.path", folder.resolve("stop.duckdb").toString())
                .set("sfsync.warehouse.stage-root", folder.resolve("stage").toString());
    }

    @Override
    protected void stopWarehouse() {
        // an embedded file: nothing runs
    }

    /** The stage folder's files (stage path) and the page files beside the database (merge path). */
    @Override
    protected List<Path> stageFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path folder : List.of(folder.resolve("stage"), folder.resolve("stop.duckdb.pages"))) {
            if (Files.exists(folder)) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.filter(Files::isRegularFile).forEach(out::add);
                }
            }
        }
        return out;
    }
}
