package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.example.springboot.EstateApplication;
import io.sfsync.warehouse.Warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example estate booted as Spring Boot boots it (application.yaml, camel/*.yaml, the one CamelContextConfiguration)
 * against the offline org: the Kamelet's cron syncs Contact into DuckDB and the table equals the org value by value.
 * In sfsync's test package for OrgTables; an estate's own test would sit beside its application.
 */
@SpringBootTest(classes = {EstateApplication.class, SpringBootEstateIT.OfflineOrg.class})
@DirtiesContext
class SpringBootEstateIT {
    private static final SalesforceEmulator ORG = SalesforceEmulator.start(EmulatorConfig.builder()
            .volume("Contact", 300).build());

    @Autowired
    private CamelContext camel;

    @DynamicPropertySource
    static void offline(DynamicPropertyRegistry registry) {
        ORG.loginProperties().forEach((key, value) -> registry.add(key, () -> value));
        Path dir = tempDir();
        registry.add("sfsync.warehouse.duckdb.path", () -> dir.resolve("estate.duckdb").toString());
        registry.add("sfsync.warehouse.stage-root", () -> dir.resolve("stage").toString());
        registry.add("estate.contacts-cron", () -> "0/1 * * * * ?");
        registry.add("camel.main.run-controller", () -> "false");
    }

    @Test
    void shouldSyncContactsOnTheScheduleConfiguredInApplicationYaml() throws Exception {
        NotifyBuilder synced = new NotifyBuilder(camel).fromRoute("estate-sync-contacts").whenCompleted(1).create();
        assertThat(synced.matches(60, TimeUnit.SECONDS)).as("a run within a minute of a cron firing every second")
                .isTrue();

        assertThat(camel.getName()).as("camel.main.name from application.yaml").isEqualTo("estate");
        Warehouse warehouse = camel.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
        assertThat(warehouse).as("SfsyncConfiguration applied").isNotNull();
        OrgTables.assertTableEqualsOrg(ORG, "Contact", warehouse, "RAW", "CONTACTS");
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet first = s.executeQuery("SELECT success, sync_method, actual_records FROM"
                        + " \"SFSYNC_CONTROL\".\"sfsync_history\" WHERE target_table = 'RAW.CONTACTS'"
                        + " ORDER BY sync_timestamp LIMIT 1")) {
            assertThat(first.next()).as("the first run is recorded").isTrue();
            assertThat(first.getBoolean("success")).isTrue();
            assertThat(first.getString("sync_method")).as("300 records, Bulk from application.yaml's 100")
                    .isEqualTo("bulk_api_full");
            assertThat(first.getLong("actual_records")).isEqualTo(300);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "estate-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the offline org when the Spring context closes, after Camel has stopped. */
    @TestConfiguration
    static class OfflineOrg {
        @Bean
        DisposableBean closeOfflineOrg() {
            return ORG::close;
        }
    }
}
