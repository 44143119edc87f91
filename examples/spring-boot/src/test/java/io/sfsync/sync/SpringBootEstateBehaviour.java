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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * The example estate booted as Spring Boot boots it (application.yaml, camel/*.yaml, its one sfsync bean) against
 * the offline org, its cron shortened to every second: a scheduled run syncs Contact, the table equals the org value by
 * value, and application.yaml's bulk-api-threshold (100, not sfsync's 1000) chose Bulk. Each subclass names the
 * warehouse. In sfsync's test package for OrgTables; an estate's own test would sit beside its application.
 */
@SpringBootTest(classes = {EstateApplication.class, SpringBootEstateBehaviour.ClosesTheOfflineSystems.class})
@DirtiesContext
abstract class SpringBootEstateBehaviour {
    /** The offline systems of the running test class: closed with its Spring context, after Camel has stopped. */
    private static final List<AutoCloseable> OFFLINE = new CopyOnWriteArrayList<>();

    @Autowired
    private CamelContext camel;

    /** The offline org of the test class. */
    abstract SalesforceEmulator org();

    /** An offline org with 300 Contacts. */
    static SalesforceEmulator contacts() {
        return SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 300).build());
    }

    /** The estate's login to the offline org and a cron of every second, as Spring properties. */
    static void offline(DynamicPropertyRegistry registry, SalesforceEmulator org, AutoCloseable... others) {
        OFFLINE.add(org);
        OFFLINE.addAll(List.of(others));
        org.loginProperties().forEach((key, value) -> registry.add(key, () -> value));
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
        assertThat(warehouse).as("sfsync configured").isNotNull();
        OrgTables.assertTableEqualsOrg(org(), "Contact", warehouse, "RAW", "CONTACTS");
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet first = s.executeQuery("SELECT \"success\", \"sync_method\", \"actual_records\" FROM"
                        + " \"SFSYNC_CONTROL\".\"sfsync_history\" WHERE \"target_table\" = 'RAW.CONTACTS'"
                        + " ORDER BY \"sync_timestamp\" LIMIT 1")) {
            assertThat(first.next()).as("the first run is recorded").isTrue();
            assertThat(first.getBoolean("success")).isTrue();
            assertThat(first.getString("sync_method")).as("300 records, Bulk from application.yaml's 100")
                    .isEqualTo("bulk_api_full");
            assertThat(first.getLong("actual_records")).isEqualTo(300);
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "estate-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration
    static class ClosesTheOfflineSystems {
        @Bean
        DisposableBean closeOfflineSystems() {
            return () -> {
                for (AutoCloseable c : OFFLINE) {
                    c.close();
                }
                OFFLINE.clear();
            };
        }
    }
}
