package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.warehouse.Warehouse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integration engineer masks a field and leaves records out by adding the route {@code sfsync-transform} in YAML,
 * with no Java: every method loads what the route kept, with the field hashed, and the result counts what it dropped.
 */
class TransformIT {
    /** Drops the Contacts whose LastName starts with "B" and hashes every Email; leaves other objects alone. */
    private static final String TRANSFORM = """
            - route:
                id: sfsync-transform
                from:
                  uri: direct:sfsync-transform
                  steps:
                    - filter:
                        simple: "${header.SfsyncSObject} == 'Contact'"
                        steps:
                          - bean:
                              ref: sfsync-record
                              method: "hash(*, 'Email')"
                          - filter:
                              simple: "${body[LastName]} startsWith 'B'"
                              steps:
                                - setProperty:
                                    name: SfsyncDrop
                                    constant: "true"
            """;

    private static SalesforceEmulator org;
    private static RunningSfsync sfsync;
    private static Path routes;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        routes = dir.resolve("routes");
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Files.writeString(routes.resolve("transform.camel.yaml"), TRANSFORM, StandardCharsets.UTF_8);
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 3_000).volume("Account", 200)
                .build());
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.yaml")
                .set("sfsync.batch-rows", "700")
                .set("sfsync.warehouse.duckdb.path", dir.resolve("sfsync.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
        sfsync = new RunningSfsync(runtime);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sfsync != null) {
            sfsync.close();
        }
        if (org != null) {
            org.close();
        }
    }

    private static SyncResult sync(String table, long bulkThreshold, long stageThreshold) {
        return sfsync.sync().sync(SyncRequest.of("Contact").withTarget("RAW", table)
                .withThresholds(bulkThreshold, stageThreshold));
    }

    /** The org's Contacts as the transform leaves them. */
    private static Map<String, Map<String, String>> expected() throws Exception {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (var e : OrgTables.org(org, "Contact").entrySet()) {
            Map<String, String> row = new LinkedHashMap<>(e.getValue());
            if (row.get("LastName") != null && row.get("LastName").startsWith("B")) {
                continue;
            }
            String email = row.get("Email");
            if (email != null) {
                row.put("Email", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(email.getBytes(StandardCharsets.UTF_8))));
            }
            out.put(e.getKey(), row);
        }
        return out;
    }

    @Test
    void everyMethodLoadsWhatTheTransformKept() throws Exception {
        Map<String, Map<String, String>> expected = expected();
        long dropped = 3_000 - expected.size();
        assertThat(dropped).as("the data has Contacts to drop, and others").isBetween(1L, 2_999L);
        Warehouse warehouse = sfsync.warehouse();
        for (var method : List.of(new Object[] {"REST_CONTACTS", 100_000L, 200_000L, "regular_api_full"},
                new Object[] {"BULK_CONTACTS", 1_000L, 200_000L, "bulk_api_full"},
                new Object[] {"STAGE_CONTACTS", 1_000L, 2_000L, "bulk_api_stage_full"})) {
            SyncResult r = sync((String) method[0], (Long) method[1], (Long) method[2]);
            assertThat(r.success()).as(r.logLine()).isTrue();
            assertThat(r.syncMethod()).isEqualTo(method[3]);
            assertThat(r.recordsDropped()).as(r.logLine()).isEqualTo(dropped);
            assertThat(r.actualRecords()).isEqualTo(expected.size());
            assertThat(r.logLine()).contains("records_dropped=" + dropped);
            Map<String, Map<String, String>> table = OrgTables.table(warehouse, "RAW", (String) method[0]);
            assertThat(table.keySet()).containsExactlyElementsOf(expected.keySet());
            for (var e : expected.entrySet()) {
                assertThat(table.get(e.getKey())).as("row " + e.getKey() + " of " + method[0])
                        .isEqualTo(e.getValue());
            }
        }
        // Other objects pass through the route untouched (its filter), with nothing dropped.
        SyncResult accounts = sfsync.sync().sync(SyncRequest.of("Account")
                .withTarget("RAW", "ACCOUNTS"));
        assertThat(accounts.success()).as(accounts.logLine()).isTrue();
        assertThat(accounts.recordsDropped()).isZero();
        OrgTables.assertTableEqualsOrg(org, "Account", warehouse, "RAW", "ACCOUNTS");
    }

    @Test
    void aFailingTransformFailsTheRunAndWritesNothing() throws Exception {
        Path broken = routes.getParent().resolve("broken-routes");
        Files.createDirectories(broken);
        try (Stream<Path> files = Files.list(routes)) {
            for (Path f : files.toList()) {
                Files.copy(f, broken.resolve(f.getFileName()));
            }
        }
        Files.writeString(broken.resolve("transform.camel.yaml"), TRANSFORM.replace("'Email'", "'Emial'"),
                StandardCharsets.UTF_8);
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("camel.main.routes-include-pattern", "file:" + broken.toAbsolutePath() + "/*.yaml")
                .set("sfsync.warehouse.duckdb.path", broken.resolve("broken.duckdb").toString())
                .set("sfsync.warehouse.stage-root", broken.resolve("stage").toString());
        try (RunningSfsync other = new RunningSfsync(runtime)) {
            SyncResult r = other.sync().sync(SyncRequest.of("Contact")
                    .withTarget("RAW", "CONTACTS"));
            assertThat(r.success()).isFalse();
            assertThat(r.error()).contains("sfsync-transform: the record has no field 'Emial'");
            Warehouse warehouse = other.warehouse();
            assertThat(warehouse.tableExists(new io.sfsync.warehouse.TableRef("RAW", "CONTACTS"))).isFalse();
            assertThat(OrgTables.history(warehouse, r.runId())).hasSize(1);
        }
    }
}
