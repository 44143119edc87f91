package io.sfsync.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.snowflakeemulator.engine.QueryRecord;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.WarehouseException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health check's warehouse query on the offline Snowflake through the real driver, and a wrong password. */
@LoopbackOnly
class SnowflakePingIT {

    @Test
    void shouldAnswerAPingAndSayWhenTheLoginIsRefused(@TempDir Path dir) throws Exception {
        try (OfflineSnowflake offline = OfflineSnowflake.start(dir.resolve("snowflake"), false, "RAW")) {
            Map<String, String> p = new HashMap<>(offline.settings());
            p.put(SnowflakeSettings.PREFIX + "schema", "RAW");
            int before = offline.emulator().engine().queryHistory().size();
            try (SnowflakeWarehouse warehouse = new SnowflakeWarehouse(SnowflakeSettings.from(p::get))) {
                warehouse.ping();
            }
            assertThat(offline.emulator().engine().queryHistory().subList(before,
                    offline.emulator().engine().queryHistory().size()).stream().map(QueryRecord::sqlText))
                    .contains("SELECT 1");
            p.put(SnowflakeSettings.PREFIX + "password", "not-the-password");
            try (SnowflakeWarehouse warehouse = new SnowflakeWarehouse(SnowflakeSettings.from(p::get))) {
                assertThatThrownBy(warehouse::ping).isInstanceOf(WarehouseException.class)
                        .hasMessageNotContaining("not-the-password");
            }
        }
    }
}
