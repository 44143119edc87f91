package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integration engineer edits a YAML route in {@code routes/}; the next start of sfsync runs the edited route, with
 * no rebuild. Here the REST page size of {@code extract-rest} is changed and the run spends more API calls for it.
 */
class RouteCustomizationIT {

    private static SyncResult syncAccounts(SalesforceEmulator org, Path routes, Path db) throws Exception {
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.yaml")
                .set("sfsync.warehouse.duckdb.path", db.toString())
                .set("sfsync.warehouse.stage-root", db.resolveSibling("stage").toString());
        try (RunningSfsync sfsync = new RunningSfsync(runtime)) {
            SyncResult r = sfsync.sync().sync(SyncRequest.of("Account")
                    .withTarget("RAW", "ACCOUNTS").withThresholds(100_000L, 200_000L));
            assertThat(r.success()).as(r.logLine()).isTrue();
            return r;
        }
    }

    @Test
    void shouldRunAnEditedRouteOnTheNextStartWithoutARebuild(@TempDir Path dir) throws Exception {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 1_500)
                .build())) {
            SyncResult before = syncAccounts(org, routes, dir.resolve("before.duckdb"));
            assertThat(before.syncMethod()).isEqualTo("regular_api_full");

            Path route = routes.resolve("extract-rest.camel.yaml");
            String yaml = Files.readString(route, StandardCharsets.UTF_8);
            String edited = yaml.replace("batchSize=${header.SfsyncRestBatchSize}", "batchSize=200");
            assertThat(edited).isNotEqualTo(yaml);
            Files.writeString(route, edited, StandardCharsets.UTF_8);

            SyncResult after = syncAccounts(org, routes, dir.resolve("after.duckdb"));
            assertThat(after.actualRecords()).isEqualTo(before.actualRecords()).isEqualTo(1_500);
            // 1,500 rows: one REST page of 2,000 before, eight pages of 200 after the edit.
            assertThat(after.apiCalls() - before.apiCalls()).isEqualTo(7);
        }
    }
}
