package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.warehouse.Warehouse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A formula refresh passes its records through the route {@code sfsync-transform}: a formula field the transform
 * masks stays masked, and a step that edits a field the refresh does not read is skipped with the exchange property
 * {@code SfsyncFormulaRefresh}.
 */
class FormulaTransformIT {
    private static final String TRANSFORM = """
            - route:
                id: sfsync-transform
                from:
                  uri: direct:sfsync-transform
                  steps:
                    - bean:
                        ref: sfsync-record
                        method: "mask(*, 'Account_Name__c')"
                    - filter:
                        simple: "${exchangeProperty.SfsyncFormulaRefresh} != true"
                        steps:
                          - bean:
                              ref: sfsync-record
                              method: "hash(*, 'Email')"
            """;

    @Test
    void shouldKeepAMaskedFormulaMaskedThroughARefresh(@TempDir Path dir) throws Exception {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Files.writeString(routes.resolve("transform.camel.yaml"), TRANSFORM, StandardCharsets.UTF_8);
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 200)
                .volume("Account", 20).build())) {
            org.org().defineField("Contact", FieldDef.builder("Account_Name__c", FieldType.STRING).length(255)
                    .formula("Account.Name").build());
            SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                    .set("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.yaml")
                    .set("sfsync.warehouse.duckdb.path", dir.resolve("t.duckdb").toString())
                    .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
            try (RunningSfsync sfsync = new RunningSfsync(runtime)) {
                Warehouse warehouse = sfsync.warehouse();
                IntelligentSync api = sfsync.sync();
                SyncRequest contacts = SyncRequest.of("Contact").withTarget("RAW", "MASKED_CONTACTS");
                SyncResult synced = api.sync(contacts);
                assertThat(synced.success()).as(synced.logLine()).isTrue();
                var row0 = org.org().table("Contact").row(0);
                String account = (String) row0.get(org.org().table("Contact").def().field("AccountId"));
                SObjectDef accountDef = org.org().table("Account").def();
                org.org().update(account, Map.of(accountDef.field("Name"), "Plain Text Name"));

                SyncResult refreshed = api.refreshFormulas(contacts);

                assertThat(refreshed.success()).as(refreshed.logLine()).isTrue();
                assertThat(refreshed.rowsUpdated()).as("masked before and after").isZero();
                Map<String, Map<String, String>> table = OrgTables.table(warehouse, "RAW", "MASKED_CONTACTS");
                assertThat(table).hasSize(200);
                assertThat(table.get(row0.id()).get("Account_Name__c")).isEqualTo("****");
                assertThat(table.values()).noneMatch(r -> "Plain Text Name".equals(r.get("Account_Name__c")));
                assertThat(table.values().stream().map(r -> r.get("Email")).filter(e -> e != null).toList())
                        .as("hashed by the sync, untouched by the refresh").isNotEmpty().allMatch(e -> e.length() == 64);
            }
        }
    }
}
