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
 * The record-level path (a route sfsync-transform) reads a Bulk job in as many pages, and so as many API calls, as the
 * fast path: both size the pages from the bytes each page really had (a page counted twice would halve the next).
 */
class RecordPathPagesIT {
    @Test
    void theRecordPathReadsAsManyPagesAsTheFastPath(@TempDir Path dir) throws Exception {
        long[] pages = new long[2];
        long[] calls = new long[2];
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 30_000)
                .build())) {
            for (boolean transform : new boolean[] {false, true}) {
                Path routes = dir.resolve("routes-" + transform);
                Files.createDirectories(routes);
                try (Stream<Path> files = Files.list(Path.of("routes"))) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                        Files.copy(f, routes.resolve(f.getFileName()));
                    }
                }
                if (transform) {
                    Files.writeString(routes.resolve("transform.camel.yaml"), "- route:\n    id: sfsync-transform\n"
                            + "    from:\n      uri: direct:sfsync-transform\n      steps:\n        - log:\n"
                            + "            loggingLevel: TRACE\n            message: a record\n", StandardCharsets.UTF_8);
                }
                SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                        .set("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.yaml")
                        .set("sfsync.bulk.page-bytes", "2000000")
                        .set("sfsync.warehouse.duckdb.path", dir.resolve(transform + ".duckdb").toString())
                        .set("sfsync.warehouse.stage-root", dir.resolve("stage" + transform).toString());
                try (RunningSfsync sfsync = new RunningSfsync(runtime)) {
                    SyncResult r = sfsync.sync().sync(SyncRequest.of("Account")
                            .withTarget("RAW", "A").withThresholds(1_000L, 1_000_000L));
                    assertThat(r.success()).as(r.logLine()).isTrue();
                    assertThat(r.actualRecords()).isEqualTo(30_000);
                    pages[transform ? 1 : 0] = r.pages();
                    calls[transform ? 1 : 0] = r.apiCalls();
                }
            }
        }
        // 2 MB pages of ~620-byte rows: the pages grow from the describe's first guess to ~1,500 rows
        assertThat(pages[0]).as("fast path pages").isBetween(15L, 30L);
        assertThat(pages[1]).as("record path pages").isEqualTo(pages[0]);
        assertThat(calls[1]).as("record path API calls").isEqualTo(calls[0]);
    }
}
