package io.sfsync.sync;

import io.sfsync.app.SfsyncRuntime;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link GracefulStopBehaviour} into the offline Snowflake through the unmodified snowflake-jdbc driver: a stopped run's
 * pages stay PUT in the named stage (stage path) or the user stage (the others) for the next run to adopt.
 */
@LoopbackOnly
class SnowflakeGracefulStopIT extends GracefulStopBehaviour {
    private OfflineSnowflake offline;

    @Override
    protected void startWarehouse(Path folder) throws Exception {
        offline = OfflineSnowflake.start(folder.resolve("snowflake"), true, "RAW");
    }

    @Override
    protected void configureWarehouse(SfsyncRuntime runtime) {
        offline.configure(runtime, "RAW");
    }

    @Override
    protected void stopWarehouse() {
        if (offline != null) {
            offline.close();
        }
    }

    /** The files of every stage, named and user stages alike (folders of the offline Snowflake). */
    @Override
    protected List<Path> stageFiles() throws IOException {
        Path stages = offline.emulator().dataDirectory().resolve("stages");
        if (!Files.exists(stages)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(stages)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
