package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;

import org.junit.jupiter.api.Test;

class DriversTest {
    @Test
    void aMissingDriverIsOneLineNamingTheDependency() {
        Drivers.Driver missing = new Drivers.Driver("org.example.NoSuchDriver", "org.example:no-such-jdbc",
                "sfsync.warehouse.type = example");
        assertThatThrownBy(missing::require).isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.code()).isEqualTo(SyncError.INVALID_CONFIGURATION);
            assertThat(e.getMessage()).contains("sfsync.warehouse.type = example needs the JDBC driver"
                    + " org.example:no-such-jdbc on the classpath").doesNotContain("\n");
        });
    }

    @Test
    void theDriversTheProductNamesExist() {
        // the test classpath has every driver: a renamed driver class would otherwise pass unnoticed
        Drivers.DUCKDB.require();
        Drivers.SNOWFLAKE.require();
        Drivers.POSTGRESQL.require();
    }
}
