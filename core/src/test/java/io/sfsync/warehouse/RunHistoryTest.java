package io.sfsync.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncResult;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    private static final SyncResult SUCCESS = SyncResult.builder().runId("run-1").sobject("Account")
            .targetTable("RAW.ACCOUNTS").syncMethod("BULK_STAGE").estimatedRecords(50_000).actualRecords(49_998)
            .syncDurationSeconds(12.5).lastModifiedDate(Instant.parse("2024-01-15T10:30:00.123Z"))
            .syncTimestamp(Instant.parse("2024-01-16T00:00:00Z")).success(true).bulkJobId("750xx0000000001")
            .rowsInserted(40_000).rowsUpdated(9_998).apiCalls(7).reason("estimated 50000 rows > bulk threshold 10000")
            .retries(2).build();
    private static final SyncResult FAILURE = SyncResult.builder().runId("run-2").sobject("Contact")
            .targetTable("RAW.CONTACTS").syncDurationSeconds(0.25).syncTimestamp(Instant.parse("2024-01-16T00:05:00Z"))
            .error("Salesforce login failed: check the client id").apiCalls(1).build();

    @TempDir
    Path dir;

    @Test
    void shouldHaveTheColumnsOfSyncResultInItsOrder() {
        assertThat(RunHistory.COLUMNS).extracting(Column::name).containsExactlyElementsOf(SUCCESS.asMap().keySet());
    }

    @Test
    void shouldAppendRunsWithEveryFieldTyped() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("h.duckdb"), dir.resolve("stage"), "ops")) {
            warehouse.recordHistory(SUCCESS);
            warehouse.recordHistory(FAILURE);

            List<Map<String, Object>> rows = rows(warehouse,
                    "SELECT * FROM \"ops\".\"sfsync_history\" ORDER BY run_id");

            assertThat(rows).hasSize(2);
            Map<String, Object> ok = rows.get(0);
            assertThat(ok.keySet()).containsExactlyElementsOf(SUCCESS.asMap().keySet());
            assertThat(ok).containsEntry("run_id", "run-1").containsEntry("sobject", "Account")
                    .containsEntry("target_table", "RAW.ACCOUNTS").containsEntry("sync_method", "BULK_STAGE")
                    .containsEntry("estimated_records", 50_000L).containsEntry("actual_records", 49_998L)
                    .containsEntry("sync_duration_seconds", 12.5).containsEntry("success", true)
                    .containsEntry("error", null).containsEntry("bulk_job_id", "750xx0000000001")
                    .containsEntry("rows_inserted", 40_000L).containsEntry("rows_updated", 9_998L)
                    .containsEntry("api_calls", 7L)
                    .containsEntry("reason", "estimated 50000 rows > bulk threshold 10000");
            assertThat(((OffsetDateTime) ok.get("last_modified_date")).toInstant())
                    .isEqualTo(SUCCESS.lastModifiedDate());
            assertThat(((OffsetDateTime) ok.get("sync_timestamp")).toInstant()).isEqualTo(SUCCESS.syncTimestamp());

            Map<String, Object> failed = rows.get(1);
            assertThat(failed).containsEntry("sync_method", null).containsEntry("estimated_records", -1L)
                    .containsEntry("last_modified_date", null).containsEntry("success", false)
                    .containsEntry("error", "Salesforce login failed: check the client id")
                    .containsEntry("bulk_job_id", null).containsEntry("reason", null);
            assertThat(warehouse.historyTable().toString()).isEqualTo("ops.sfsync_history");
        }
    }

    @Test
    void shouldRecordConcurrentRunsWithoutLosingAny() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("h.duckdb"))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            warehouse.recordHistory(SyncResult.builder().runId("r" + thread + "-" + i)
                                    .sobject("Obj" + thread).targetTable("RAW.T").syncMethod("REST_MERGE")
                                    .estimatedRecords(1).actualRecords(1).syncDurationSeconds(0.1)
                                    .syncTimestamp(Instant.EPOCH).success(true).rowsInserted(1).apiCalls(1).reason("x")
                                    .build());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(rows(warehouse,
                    "SELECT COUNT(DISTINCT run_id) AS n FROM \"SFSYNC_CONTROL\".\"sfsync_history\""))
                    .containsExactly(Map.of("n", 40L));
        }
    }

    private static List<Map<String, Object>> rows(DuckDbWarehouse warehouse, String sql) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
