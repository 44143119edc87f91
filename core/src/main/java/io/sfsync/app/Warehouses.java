package io.sfsync.app;

import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;
import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;
import io.sfsync.warehouse.snowflake.SnowflakeWarehouse;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/** The warehouse the {@code sfsync.warehouse.*} properties describe (also read by the one-shot commands). */
public final class Warehouses {
    private Warehouses() {
    }

    /**
     * @param checkpoints where its loads let a crash test stop them: the process's ({@link SfsyncConfiguration}), or
     *        {@link Checkpoints#none()} for a warehouse that is only read
     */
    public static Warehouse fromProperties(Function<String, String> property, Checkpoints checkpoints) {
        String type = or(property.apply("sfsync.warehouse.type"), "duckdb").toLowerCase(Locale.ROOT);
        switch (type) {
            case "duckdb": {
                Drivers.DUCKDB.require();
                Path file = Path.of(or(property.apply("sfsync.warehouse.duckdb.path"), "data/sfsync.duckdb"));
                String stageRoot = property.apply("sfsync.warehouse.stage-root");
                return new DuckDbWarehouse(file, stageRoot == null ? DuckDbWarehouse.defaultStageRoot(file)
                        : Path.of(stageRoot), or(property.apply("sfsync.warehouse.control-schema"), "SFSYNC_CONTROL"),
                        checkpoints);
            }
            case "snowflake":
                Drivers.SNOWFLAKE.require();
                try {
                    return new SnowflakeWarehouse(SnowflakeSettings.from(property), checkpoints);
                } catch (WarehouseException e) {
                    if (e.code() == WarehouseError.INVALID_CONFIGURATION
                            || e.code() == WarehouseError.INVALID_IDENTIFIER) {
                        throw new SyncException(SyncError.INVALID_CONFIGURATION, e.detail(), e);
                    }
                    throw e;
                }
            default:
                throw new SyncException(SyncError.INVALID_CONFIGURATION, "sfsync.warehouse.type '" + type
                        + "' is not supported; use duckdb or snowflake");
        }
    }

    private static String or(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
