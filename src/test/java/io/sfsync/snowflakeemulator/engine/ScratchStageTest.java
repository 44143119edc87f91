package io.sfsync.snowflakeemulator.engine;

import io.sfsync.snowflakeemulator.SnowflakeEmulator;
import io.sfsync.snowflakeemulator.SnowflakeEmulatorConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchStageTest {
    @TempDir
    Path dir;

    @Test
    void scratch() throws Exception {
        try (SnowflakeEmulator e = SnowflakeEmulator.start(SnowflakeEmulatorConfig.builder().dataDirectory(dir).build())) {
            e.provisionServiceUser("SFSYNC", "pw", "SFSYNC_LOADER", true, List.of("RAW"));
            e.admin("CREATE STAGE \"RAW\".\"BLOCKED\"");
            try (EngineSession s = e.engine().openSession("SFSYNC", "SFSYNC_LOADER", "SFSYNC", "RAW", null)) {
                for (String sql : List.of("SELECT COUNT(*) FROM INFORMATION_SCHEMA.STAGES WHERE STAGE_SCHEMA = COALESCE(NULL, CURRENT_SCHEMA()) AND STAGE_NAME = 'BLOCKED'",
                        "SELECT CURRENT_SCHEMA(), CURRENT_DATABASE()",
                        "CREATE STAGE IF NOT EXISTS \"BLOCKED\"",
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.STAGES WHERE STAGE_SCHEMA = COALESCE(NULL, CURRENT_SCHEMA()) AND STAGE_NAME = 'BLOCKED'")) {
                    try {
                        QueryResult r = s.execute(sql, List.of());
                        System.out.println("OK " + sql + " -> " + r.rows().stream().map(Arrays::toString).toList());
                    } catch (SnowflakeError x) {
                        System.out.println("ERR " + sql + " -> " + x.errorCode() + " " + x.getMessage());
                    }
                }
            }
        }
    }
}
