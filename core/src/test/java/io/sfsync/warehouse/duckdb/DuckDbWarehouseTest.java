package io.sfsync.warehouse.duckdb;

import static io.sfsync.warehouse.TestBatches.batch;
import static io.sfsync.warehouse.TestBatches.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.load.CsvBatch;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.LoadSession;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.TestBatches;
import io.sfsync.warehouse.TypeMapping;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is particular to DuckDB (one file, a folder as the stage, transactional DDL, read_csv limits), on a real
 * DuckDB file in a temporary folder. How loading behaves is {@link DuckDbWarehouseBehaviourTest}'s.
 */
class DuckDbWarehouseTest {
    private static final String STAGE = "@SFSYNC_STAGE";
    private static final TableRef ACCOUNTS = new TableRef("RAW", "ACCOUNTS");
    private static final List<String> SIMPLE = List.of("Id", "Name", "Amount__c", "SystemModstamp");
    private static final String DESCRIPTION = "line one, with \"quotes\"\nline two\r\nline three: café Zürich"
            + " 日本語 😀🚀 — ünïcödé";

    @TempDir
    Path dir;

    private DuckDbWarehouse warehouse;

    @BeforeEach
    void open() {
        warehouse = new DuckDbWarehouse(dir.resolve("db/sfsync.duckdb"), dir.resolve("stage"), "ops");
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void shouldLoadARowLongerThanDuckDbsDefaultLineLimit() throws Exception {
        String longText = "ü😀 long text, \"quoted\"\n".repeat(120_000);

        load(spec(ACCOUNTS, TestBatches.account(), true, false, "r1"),
                batch(0, List.of("Id", "Description"), row("A", longText), row("B", "short")));

        assertThat(longText.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(3_000_000);
        assertThat(values("SELECT \"Description\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\""))
                .containsExactly(List.of(longText), List.of("short"));
    }

    @Test
    void shouldWriteEachBatchAsItsOwnStageFileByteForByte() throws Exception {
        CsvBatch first = batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"));
        CsvBatch second = batch(1, "\r\n", SIMPLE, row("B", DESCRIPTION, "2.00", "2024-01-01T00:00:00.000Z"));

        try (LoadSession session = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, true,
                "s1"))) {
            session.addBatch(first);
            session.addBatch(second);
            Path run = warehouse.stageFolder(STAGE).resolve("Account/s1");
            assertThat(filesUnder(run)).as("the pages, and the marker that names the folder's target")
                    .containsExactly(run.resolve("Account_s1_000000.csv"), run.resolve("Account_s1_000001.csv"),
                            run.resolve(io.sfsync.warehouse.KeptFiles.MARKER));
            assertThat(Files.readAllBytes(run.resolve("Account_s1_000001.csv"))).isEqualTo(second.csv());
            session.commit();
        }
        assertThat(filesUnder(warehouse.stageFolder(STAGE))).isEmpty();
    }

    @Test
    void shouldMatchTableNamesIgnoringCaseAsDuckDbDoes() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));

        assertThat(warehouse.tableExists(new TableRef("raw", "accounts"))).isTrue();
        assertThat(warehouse.columns(new TableRef("raw", "accounts"))).containsExactlyElementsOf(SIMPLE);
        assertThat(warehouse.maxWatermark(ACCOUNTS, "systemmodstamp")).isPresent();
    }

    @Test
    void shouldKeepTheOldTableWhenTheSwapItselfFails() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), true, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        List<List<Object>> before = values("SELECT * FROM \"RAW\".\"ACCOUNTS\"");

        try (Connection other = warehouse.connect()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                // Another transaction alters the table, so the replace's DROP conflicts after the new table is loaded.
                s.execute("ALTER TABLE \"RAW\".\"ACCOUNTS\" ADD COLUMN \"Extra\" INTEGER");
            }
            LoadSession session = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), true, false,
                    "r2"));
            session.addBatch(batch(0, SIMPLE, row("Z", "zeta", "9.00", "2024-01-02T00:00:00.000Z")));

            assertThatThrownBy(session::commit)
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                    .hasMessageContaining("unchanged")
                    .hasMessageContaining("conflict");
            other.rollback();
        }

        assertThat(values("SELECT * FROM \"RAW\".\"ACCOUNTS\"")).isEqualTo(before);
        assertThat(tables()).containsExactly("ACCOUNTS");
        assertThat(load(spec(ACCOUNTS, TestBatches.simple("Account"), true, false, "r3"),
                batch(0, SIMPLE, row("Z", "zeta", "9.00", "2024-01-02T00:00:00.000Z"))).rowsInserted())
                .isEqualTo(1);
    }

    @Test
    void shouldRestoreTheOldTableWhenTheSwapStatementsAreRolledBack() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), true, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        List<List<Object>> before = values("SELECT * FROM \"RAW\".\"ACCOUNTS\"");
        DuckDbDialect dialect = new DuckDbDialect();
        TableRef fresh = new TableRef("RAW", "ACCOUNTS__new_x");

        try (Connection c = warehouse.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(dialect.createTable(fresh, TypeMapping.columns(
                    TestBatches.simple("Account").extracted())));
            for (String sql : dialect.replaceTable(fresh, ACCOUNTS)) {
                s.execute(sql);
            }
            assertThat(values(c, "SELECT COUNT(*) FROM \"RAW\".\"ACCOUNTS\"")).containsExactly(List.of(0L));
            c.rollback();
        }

        assertThat(values("SELECT * FROM \"RAW\".\"ACCOUNTS\"")).isEqualTo(before);
        assertThat(tables()).containsExactly("ACCOUNTS");
    }

    @Test
    void shouldRefuseMalformedCsvNamingTheBatch() throws Exception {
        try (LoadSession session = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, false,
                "r1"))) {
            CsvBatch broken = new CsvBatch(3, SIMPLE, "\"Id\",\"Name\",\"Amount__c\",\"SystemModstamp\"\n\"A\",\"x\"\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), 1);

            assertThatThrownBy(() -> session.addBatch(broken))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                    .hasMessageContaining("batch 3 of Account");
        }
    }

    @Test
    void shouldTellWhetherTheStageCanBeWritten() throws Exception {
        assertThat(warehouse.stageAvailable(STAGE)).isTrue();
        assertThat(Files.isDirectory(dir.resolve("stage/SFSYNC_STAGE"))).isTrue();
        assertThat(filesUnder(dir.resolve("stage"))).isEmpty();

        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the stage folder should be");
        try (DuckDbWarehouse other = new DuckDbWarehouse(dir.resolve("db/sfsync.duckdb"), blocked, "ops")) {
            assertThat(other.stageAvailable(STAGE)).isFalse();
            assertThat(other.stageProblem(STAGE)).isEqualTo("its folder " + blocked.resolve("SFSYNC_STAGE")
                    + " cannot be created because " + blocked + " is a file (check sfsync.warehouse.stage-root)");
            assertThatThrownBy(() -> other.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, true,
                    "r1"))).isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.STAGE_NOT_WRITABLE));
        }
        Files.writeString(dir.resolve("stage/FILE"), "a file where a stage folder should be");
        assertThat(warehouse.stageProblem("@FILE")).isEqualTo("its folder " + dir.resolve("stage/FILE")
                + " is a file (check sfsync.warehouse.stage-root)");
        assertThatThrownBy(() -> warehouse.stageAvailable("@../escape"))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
    }

    @Test
    void shouldReportAnUnopenableFileAsUnreachable() throws Exception {
        Path notADatabase = dir.resolve("garbage.duckdb");
        Files.writeString(notADatabase, "this is not a DuckDB database file, just text that is long enough");

        assertThatThrownBy(() -> new DuckDbWarehouse(notADatabase).open())
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.UNREACHABLE))
                .hasMessageContaining(notADatabase.toString());
    }

    @Test
    void shouldLoadSeveralObjectsConcurrentlyIntoOneFile() throws Exception {
        int objects = 4;
        int batches = 5;
        int rowsPerBatch = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(objects);
        try {
            List<Future<LoadOutcome>> futures = new ArrayList<>();
            for (int o = 0; o < objects; o++) {
                int object = o;
                futures.add(pool.submit(() -> {
                    TableRef table = new TableRef("RAW", "OBJ" + object);
                    LoadSpec spec = spec(table, TestBatches.simple("Obj" + object), object % 2 == 0, object >= 2,
                            "c" + object);
                    try (LoadSession session = warehouse.openLoad(spec)) {
                        for (int b = 0; b < batches; b++) {
                            String[][] rows = new String[rowsPerBatch][];
                            for (int r = 0; r < rowsPerBatch; r++) {
                                int id = b * rowsPerBatch + r;
                                rows[r] = row("K" + id, "name " + id, id + ".25", "2024-01-01T00:00:00.000Z");
                            }
                            session.addBatch(batch(b, SIMPLE, rows));
                        }
                        return session.commit();
                    }
                }));
            }
            for (Future<LoadOutcome> f : futures) {
                assertThat(List.of(f.get().rowsLoaded(), f.get().rowsInserted(), f.get().rowsUpdated()))
                        .containsExactly(10_000L, 10_000L, 0L);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int o = 0; o < objects; o++) {
            assertThat(values("SELECT COUNT(*), SUM(\"Amount__c\") FROM \"RAW\".\"OBJ" + o + "\""))
                    .containsExactly(List.of(10_000L, new BigDecimal("49997500.00")));
        }
    }

    private LoadSpec spec(TableRef target, SObjectSchema schema, boolean fullReplace, boolean viaStage,
            String runId) {
        return new LoadSpec(target, schema, "Id", "SystemModstamp", fullReplace, viaStage, STAGE, runId);
    }

    private LoadOutcome load(LoadSpec spec, CsvBatch... batches) {
        try (LoadSession session = warehouse.openLoad(spec)) {
            for (CsvBatch b : batches) {
                session.addBatch(b);
            }
            return session.commit();
        }
    }

    private List<String> tables() throws SQLException {
        return DuckDbQueries.rawTables(warehouse);
    }

    private List<List<Object>> values(String sql) throws SQLException {
        return DuckDbQueries.values(warehouse, sql);
    }

    private static List<List<Object>> values(Connection c, String sql) throws SQLException {
        return DuckDbQueries.values(c, sql);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        return DuckDbQueries.filesUnder(root);
    }

    @Test
    void shouldRefuseATargetSchemaNamedLikeTheDatabaseFile() {
        TableRef clash = new TableRef("SFSYNC", "ACCOUNTS");
        assertThatThrownBy(() -> warehouse.openLoad(spec(clash, TestBatches.simple("Account"), false, false, "r1")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC))
                .hasMessageContaining("has the name of the database file sfsync.duckdb")
                .hasMessageContaining("choose another schema");
    }
}
