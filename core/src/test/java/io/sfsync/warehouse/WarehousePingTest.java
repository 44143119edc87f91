package io.sfsync.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.warehouse.duckdb.DuckDbDialect;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;
import io.sfsync.warehouse.snowflake.SnowflakeDialect;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health check's warehouse query: its text on each dialect, and DuckDB answering it or not. */
class WarehousePingTest {

    @Test
    void shouldPingWithSelectOneOnEveryDialect() {
        assertThat(new DuckDbDialect().ping()).isEqualTo("SELECT 1");
        assertThat(new SnowflakeDialect().ping()).isEqualTo("SELECT 1");
    }

    @Test
    void shouldAnswerAPingFromAnOpenDuckDbFile(@TempDir Path dir) {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("ping.duckdb"))) {
            warehouse.ping();
        }
    }

    @Test
    void shouldSayWhyADuckDbFileThatCannotBeOpenedDoesNotAnswer(@TempDir Path dir) throws Exception {
        Path notADatabase = Files.writeString(dir.resolve("ping.duckdb"), "this is not a DuckDB file");
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(notADatabase)) {
            assertThatThrownBy(warehouse::ping).isInstanceOf(WarehouseException.class)
                    .satisfies(e -> assertThat(((WarehouseException) e).code()).isIn(WarehouseError.UNREACHABLE,
                            WarehouseError.QUERY_FAILED));
        } catch (WarehouseException e) {
            // Opening may already refuse it: then it is refused with a warehouse error too.
            assertThat(e.code()).isEqualTo(WarehouseError.UNREACHABLE);
        }
    }
}
