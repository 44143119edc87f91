package io.sfsync.warehouse.duckdb;

import static io.sfsync.warehouse.TestBatches.ACCOUNT_COLUMNS;
import static io.sfsync.warehouse.TestBatches.batch;
import static io.sfsync.warehouse.TestBatches.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.load.CsvBatch;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
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
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads into a real DuckDB file in a temporary folder. */
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
        warehouse = new DuckDbWarehouse(dir.resolve("db/sfsync.duckdb"), dir.resolve("stage"), "sfsync");
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void shouldCreateTheTableWithMappedTypesAndCastEveryValueExactly() throws Exception {
        CsvBatch lf = batch(0, ACCOUNT_COLUMNS,
                row("001000000000001AAA", "Acme, \"Quoted\" Inc.", DESCRIPTION, "Order-1", "Hot", "1234.5", "12.75",
                        "true", "42", "9007199254740993", "2024-01-15", "10:30:00.123Z", "2024-01-15T10:30:00.123Z",
                        "Zürich"),
                row("001000000000002AAA", null, null, null, null, null, null, "false", null, null, null, null,
                        "2024-02-29T23:59:59.999Z", null));
        CsvBatch crlf = batch(1, "\r\n", ACCOUNT_COLUMNS,
                row("001000000000003AAA", "", "a\nb", "", "", "-0.01", "1.5E3", "false", "-7", "0", "1999-12-31",
                        "00:00:00.000Z", "2000-01-01T00:00:00.000Z", ""));

        LoadOutcome outcome = load(spec(ACCOUNTS, TestBatches.account(), true, false, "r1"), lf, crlf);

        assertThat(outcome).isEqualTo(new LoadOutcome(3, 3, 0));
        assertThat(columnTypes(ACCOUNTS)).containsExactly(
                Map.entry("Id", "VARCHAR"), Map.entry("Name", "VARCHAR"), Map.entry("Description", "VARCHAR"),
                Map.entry("Order", "VARCHAR"), Map.entry("Select", "VARCHAR"),
                Map.entry("Amount__c", "DECIMAL(18,2)"), Map.entry("Rate__c", "DOUBLE"),
                Map.entry("IsActive__c", "BOOLEAN"), Map.entry("NumberOfEmployees", "INTEGER"),
                Map.entry("Big__c", "BIGINT"), Map.entry("CloseDate__c", "DATE"), Map.entry("Start__c", "TIME"),
                Map.entry("SystemModstamp", "TIMESTAMP WITH TIME ZONE"), Map.entry("BillingCity", "VARCHAR"));

        List<Map<String, Object>> rows = rows("SELECT * FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\"");
        Map<String, Object> full = rows.get(0);
        assertThat(full.get("Name")).isEqualTo("Acme, \"Quoted\" Inc.");
        assertThat(full.get("Description")).isEqualTo(DESCRIPTION);
        assertThat(full.get("Order")).isEqualTo("Order-1");
        assertThat(full.get("Select")).isEqualTo("Hot");
        assertThat(full.get("Amount__c")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(full.get("Rate__c")).isEqualTo(12.75);
        assertThat(full.get("IsActive__c")).isEqualTo(true);
        assertThat(full.get("NumberOfEmployees")).isEqualTo(42);
        assertThat(full.get("Big__c")).isEqualTo(9007199254740993L);
        assertThat(full.get("CloseDate__c")).isEqualTo(LocalDate.of(2024, 1, 15));
        assertThat(full.get("Start__c")).isEqualTo(LocalTime.parse("10:30:00.123"));
        assertThat(((OffsetDateTime) full.get("SystemModstamp")).toInstant())
                .isEqualTo(Instant.parse("2024-01-15T10:30:00.123Z"));
        assertThat(full.get("BillingCity")).isEqualTo("Zürich");

        Map<String, Object> empty = rows.get(1);
        assertThat(empty.get("IsActive__c")).isEqualTo(false);
        assertThat(((OffsetDateTime) empty.get("SystemModstamp")).toInstant())
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
        for (String c : List.of("Name", "Description", "Order", "Select", "Amount__c", "Rate__c",
                "NumberOfEmployees", "Big__c", "CloseDate__c", "Start__c", "BillingCity")) {
            assertThat(empty.get(c)).as(c).isNull();
        }

        Map<String, Object> crlfRow = rows.get(2);
        assertThat(crlfRow.get("Name")).isNull();
        assertThat(crlfRow.get("Description")).isEqualTo("a\nb");
        assertThat(crlfRow.get("Amount__c")).isEqualTo(new BigDecimal("-0.01"));
        assertThat(crlfRow.get("Rate__c")).isEqualTo(1500.0);
        assertThat(crlfRow.get("NumberOfEmployees")).isEqualTo(-7);
        assertThat(crlfRow.get("Start__c")).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(crlfRow.get("BillingCity")).isNull();
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
    void shouldMergeCountingInsertedAndUpdatedKeysExactly() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z"),
                row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z")));

        LoadOutcome outcome = load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r2"),
                batch(0, SIMPLE,
                        row("B", "beta v2", "20.00", "2024-01-02T00:00:00.000Z"),
                        row("D", "delta", "4.00", "2024-01-02T00:00:00.000Z")),
                batch(1, SIMPLE,
                        row("E", "epsilon", null, "2024-01-02T00:00:00.000Z")));

        assertThat(outcome).isEqualTo(new LoadOutcome(3, 2, 1));
        assertThat(values("SELECT \"Id\", \"Name\", \"Amount__c\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\""))
                .containsExactly(List.of("A", "alpha", new BigDecimal("1.00")),
                        List.of("B", "beta v2", new BigDecimal("20.00")),
                        List.of("C", "gamma", new BigDecimal("3.00")),
                        List.of("D", "delta", new BigDecimal("4.00")),
                        listOf("E", "epsilon", null));
    }

    @Test
    void shouldNotCountOrRewriteRowsThatDidNotChangeAndNeverMoveARowBackwards() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-05T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-05T00:00:00.000Z")));

        LoadOutcome replay = load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r2"), batch(0, SIMPLE,
                row("A", "alpha", "1.0", "2024-01-05T00:00:00.000Z"),
                row("B", "stale", "9.00", "2024-01-04T23:59:59.000Z")));

        assertThat(replay).as("the re-read row at the watermark and an older copy change nothing")
                .isEqualTo(new LoadOutcome(2, 0, 0));
        LoadOutcome sameSecond = load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r3"),
                batch(0, SIMPLE, row("A", "alpha changed in the same second", "1.00", "2024-01-05T00:00:00.000Z")));
        assertThat(sameSecond).isEqualTo(new LoadOutcome(1, 0, 1));
        assertThat(values("SELECT \"Id\", \"Name\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\""))
                .containsExactly(List.of("A", "alpha changed in the same second"), List.of("B", "beta"));
    }

    @Test
    void shouldKeepTheNewestWatermarkAmongDuplicateKeys() throws Exception {
        LoadOutcome outcome = load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"),
                batch(0, SIMPLE,
                        row("X", "old", "1", "2024-01-01T10:00:00.000Z"),
                        row("Y", "first of a tie", "1", "2024-01-01T10:00:00.000Z"),
                        row("Y", "second of a tie", "2", "2024-01-01T10:00:00.000Z")),
                batch(1, SIMPLE, row("X", "newest", "3", "2024-01-01T12:00:00.001Z")),
                batch(2, SIMPLE, row("X", "middle", "2", "2024-01-01T12:00:00.000Z")));

        assertThat(outcome).isEqualTo(new LoadOutcome(5, 2, 0));
        assertThat(values("SELECT \"Id\", \"Name\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\""))
                .containsExactly(List.of("X", "newest"), List.of("Y", "second of a tie"));
    }

    @Test
    void shouldLetTheLaterBatchWinWithoutWatermarkWhateverTheArrivalOrder() throws Exception {
        LoadSpec spec = new LoadSpec(ACCOUNTS, TestBatches.simple("Account"), "Id", null, false, false, null, "r1");

        load(spec, batch(1, SIMPLE, row("X", "later batch", "2", null)),
                batch(0, SIMPLE, row("X", "earlier batch", "1", null)));

        assertThat(values("SELECT \"Name\" FROM \"RAW\".\"ACCOUNTS\"")).containsExactly(List.of("later batch"));
    }

    @Test
    void shouldProduceTheSameTableThroughTheStageAndLeaveNoFiles() throws Exception {
        CsvBatch[] batches = {
            batch(0, ACCOUNT_COLUMNS, row("001A", "one", DESCRIPTION, "o", "s", "1.5", "2.5", "true", "1", "1",
                    "2024-01-01", "01:02:03.004Z", "2024-01-01T00:00:00.000Z", "x"),
                    row("001B", "two", null, null, null, "9", null, "false", null, null, null, null,
                            "2024-01-01T00:00:00.000Z", null)),
            batch(1, ACCOUNT_COLUMNS, row("001A", "one v2", "d", "o", "s", "1.25", "2.5", "false", "2", "2",
                    "2024-01-02", "01:02:03.004Z", "2024-01-02T00:00:00.000Z", "y")),
        };
        TableRef viaMerge = new TableRef("RAW", "ACC_MERGE");
        TableRef viaStage = new TableRef("RAW", "ACC_STAGE");
        load(spec(viaMerge, TestBatches.account(), false, false, "m1"), batches);

        LoadOutcome outcome;
        try (LoadSession session = warehouse.openLoad(spec(viaStage, TestBatches.account(), false, true, "s1"))) {
            for (CsvBatch b : batches) {
                session.addBatch(b);
            }
            Path run = warehouse.stageFolder(STAGE).resolve("Account/s1");
            assertThat(filesUnder(run)).containsExactly(run.resolve("Account_s1_000000.csv"),
                    run.resolve("Account_s1_000001.csv"));
            assertThat(Files.readAllBytes(run.resolve("Account_s1_000001.csv"))).isEqualTo(batches[1].csv());
            assertThat(warehouse.tableExists(viaStage)).as("nothing loaded before commit").isFalse();
            outcome = session.commit();
        }

        assertThat(outcome).isEqualTo(new LoadOutcome(3, 2, 0));
        assertThat(values("SELECT COUNT(*) FROM \"RAW\".\"ACC_STAGE\"")).containsExactly(List.of(2L));
        assertThat(values("SELECT * FROM \"RAW\".\"ACC_MERGE\" EXCEPT SELECT * FROM \"RAW\".\"ACC_STAGE\"")).isEmpty();
        assertThat(values("SELECT * FROM \"RAW\".\"ACC_STAGE\" EXCEPT SELECT * FROM \"RAW\".\"ACC_MERGE\"")).isEmpty();
        assertThat(columnTypes(viaStage)).isEqualTo(columnTypes(viaMerge));
        assertThat(filesUnder(warehouse.stageFolder(STAGE))).isEmpty();
        assertThat(tables()).containsExactlyInAnyOrder("ACC_MERGE", "ACC_STAGE");
    }

    @Test
    void shouldLeaveTheTargetUnchangedAndKeepStageFilesWhenAValueDoesNotConvert() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        List<List<Object>> before = values("SELECT * FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\"");

        LoadSession session = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, true, "r2"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha v2", "5.00", "2024-01-02T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z")));
        session.addBatch(batch(1, SIMPLE, row("C", "gamma", "12abc", "2024-01-02T00:00:00.000Z")));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("column Amount__c of RAW.ACCOUNTS is DECIMAL(18,2)")
                .hasMessageContaining("Id C has '12abc' in batch 1")
                .hasMessageContaining("Account_r2_000001.csv")
                .hasMessageContaining("unchanged")
                .hasMessageContaining("Stage files kept");

        assertThat(values("SELECT * FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\"")).isEqualTo(before);
        Path run = warehouse.stageFolder(STAGE).resolve("Account/r2");
        assertThat(filesUnder(run)).hasSize(2);
        assertThat(tables()).containsExactly("ACCOUNTS");
        assertThatThrownBy(session::commit).isInstanceOf(WarehouseException.class).hasMessageContaining("aborted");
        session.close();
    }

    @Test
    void shouldNotCreateTheTargetWhenTheFirstLoadFails() throws Exception {
        LoadSession session = warehouse.openLoad(spec(ACCOUNTS, TestBatches.account(), false, false, "r1"));
        session.addBatch(batch(0, List.of("Id", "Start__c", "SystemModstamp"),
                row("A", "10:30:00.000Z", "2024-01-01T00:00:00.000Z"),
                row("B", "25:99", "2024-01-01T00:00:00.000Z")));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("column Start__c of RAW.ACCOUNTS is TIME, but Id B has '25:99' in batch 0");
        assertThat(warehouse.tableExists(ACCOUNTS)).isFalse();
    }

    @Test
    void shouldLeaveTheTargetUnchangedOnAbortAndOnCloseWithoutCommit() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        List<List<Object>> before = values("SELECT * FROM \"RAW\".\"ACCOUNTS\"");

        LoadSession aborted = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, true, "r2"));
        aborted.addBatch(batch(0, SIMPLE, row("A", "changed", "9.00", "2024-01-02T00:00:00.000Z")));
        aborted.abort();
        try (LoadSession closed = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), true, false,
                "r3"))) {
            closed.addBatch(batch(0, SIMPLE, row("Z", "replacement", "9.00", "2024-01-02T00:00:00.000Z")));
        }

        assertThat(values("SELECT * FROM \"RAW\".\"ACCOUNTS\"")).isEqualTo(before);
        assertThat(tables()).containsExactly("ACCOUNTS");
        assertThat(filesUnder(warehouse.stageFolder(STAGE).resolve("Account/r2"))).hasSize(1);
        assertThatThrownBy(aborted::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
    }

    @Test
    void shouldReplaceAtomicallyKeepingTheOldTableWhenTheReplaceFails() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), true, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z"),
                row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z")));
        List<List<Object>> before = values("SELECT * FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\"");

        LoadSession failing = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), true, false, "r2"));
        failing.addBatch(batch(0, SIMPLE, row("B", "beta v2", "20.00", "2024-01-02T00:00:00.000Z")));
        failing.addBatch(batch(1, SIMPLE, row("D", "delta", "not a number", "2024-01-02T00:00:00.000Z")));
        assertThatThrownBy(failing::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("Amount__c");
        assertThat(values("SELECT * FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\"")).isEqualTo(before);
        assertThat(tables()).containsExactly("ACCOUNTS");

        LoadOutcome outcome = load(spec(ACCOUNTS, TestBatches.simple("Account"), true, false, "r3"),
                batch(0, SIMPLE, row("B", "beta v2", "20.00", "2024-01-02T00:00:00.000Z"),
                        row("D", "delta", "4.00", "2024-01-02T00:00:00.000Z")));

        assertThat(outcome).isEqualTo(new LoadOutcome(2, 1, 1));
        assertThat(values("SELECT \"Id\", \"Name\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\""))
                .containsExactly(List.of("B", "beta v2"), List.of("D", "delta"));
        assertThat(tables()).containsExactly("ACCOUNTS");
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
                batch(0, SIMPLE, row("Z", "zeta", "9.00", "2024-01-02T00:00:00.000Z"))))
                .isEqualTo(new LoadOutcome(1, 1, 0));
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
    void shouldReplaceATableWhoseColumnsChanged() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), true, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));

        load(spec(ACCOUNTS, TestBatches.account(), true, true, "r2"), batch(0, List.of("Id", "Order"),
                row("A", "o1")));

        assertThat(warehouse.columns(ACCOUNTS)).containsExactlyElementsOf(ACCOUNT_COLUMNS);
        assertThat(values("SELECT \"Id\", \"Order\", \"Name\" FROM \"RAW\".\"ACCOUNTS\""))
                .containsExactly(listOf("A", "o1", null));
    }

    @Test
    void shouldAddColumnsForFieldsAddedSinceTheTableWasCreated() throws Exception {
        load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        List<SfField> fields = new ArrayList<>(TestBatches.simple("Account").fields());
        fields.add(TestBatches.field("Score__c", "double", 0, 5, 1, 0));
        SObjectSchema grown = new SObjectSchema("Account", fields);

        LoadOutcome outcome = load(spec(ACCOUNTS, grown, false, false, "r2"),
                batch(0, List.of("Id", "Name", "Amount__c", "SystemModstamp", "Score__c"),
                        row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z", "4.5")));

        assertThat(outcome).isEqualTo(new LoadOutcome(1, 1, 0));
        assertThat(columnTypes(ACCOUNTS)).containsEntry("Score__c", "DECIMAL(5,1)");

        fields.add(TestBatches.field("Flag__c", "boolean", 0, 0, 0, 0));
        LoadSession failing = warehouse.openLoad(spec(ACCOUNTS, new SObjectSchema("Account", fields), false, false,
                "r3"));
        failing.addBatch(batch(0, List.of("Id", "Flag__c"), row("C", "maybe")));
        assertThatThrownBy(failing::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("column Flag__c of RAW.ACCOUNTS is BOOLEAN, but Id C has 'maybe'");
        assertThat(warehouse.columns(ACCOUNTS)).as("the column added in the failed transaction is gone")
                .doesNotContain("Flag__c");
        assertThat(values("SELECT \"Id\", \"Score__c\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\""))
                .containsExactly(listOf("A", null), List.of("B", new BigDecimal("4.5")));
    }

    @Test
    void shouldReportTablesColumnsAndWatermarks() throws Exception {
        assertThat(warehouse.tableExists(ACCOUNTS)).isFalse();
        assertThat(warehouse.columns(ACCOUNTS)).isEmpty();
        assertThat(warehouse.maxWatermark(ACCOUNTS, "SystemModstamp")).isEmpty();

        load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1", null)));
        assertThat(warehouse.maxWatermark(ACCOUNTS, "SystemModstamp")).as("only NULLs").isEmpty();

        load(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r2"), batch(0, SIMPLE,
                row("B", "beta", "1", "2024-03-01T08:00:00.250Z"),
                row("C", "gamma", "1", "2024-02-01T08:00:00.000Z")));

        assertThat(warehouse.tableExists(ACCOUNTS)).isTrue();
        assertThat(warehouse.tableExists(new TableRef("raw", "accounts"))).as("DuckDB ignores case").isTrue();
        assertThat(warehouse.tableExists(new TableRef("RAW", "OTHER"))).isFalse();
        assertThat(warehouse.columns(ACCOUNTS)).containsExactlyElementsOf(SIMPLE);
        assertThat(warehouse.maxWatermark(ACCOUNTS, "SystemModstamp"))
                .contains(Instant.parse("2024-03-01T08:00:00.250Z"));
        assertThat(warehouse.maxWatermark(ACCOUNTS, "LastModifiedDate")).isEmpty();
    }

    @Test
    void shouldRejectInjectionInEveryNameBeforeTouchingTheDatabase() throws Exception {
        TableRef evil = new TableRef("RAW", "ACCOUNTS; DROP TABLE x");

        assertThatThrownBy(() -> warehouse.openLoad(spec(evil, TestBatches.simple("Account"), false, false, "r1")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> warehouse.tableExists(evil)).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> warehouse.maxWatermark(ACCOUNTS, "x\"); DROP TABLE y; --"))
                .isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, false,
                "../../etc"))).isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldRefuseBatchesThatDoNotFitTheSchema() throws Exception {
        try (LoadSession session = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, false,
                "r1"))) {
            assertThatThrownBy(() -> session.addBatch(batch(0, List.of("Id", "Bogus__c"), row("A", "x"))))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.SCHEMA_MISMATCH))
                    .hasMessageContaining("Bogus__c");
            session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1", null)));
            assertThatThrownBy(() -> session.addBatch(batch(0, SIMPLE, row("B", "beta", "1", null))))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC))
                    .hasMessageContaining("already added");
        }
        assertThatThrownBy(() -> warehouse.openLoad(new LoadSpec(ACCOUNTS, TestBatches.simple("Account"),
                "ExternalId__c", null, false, false, null, "r2")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC))
                .hasMessageContaining("ExternalId__c");
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldRefuseRowsWithoutAMatchKey() throws Exception {
        LoadSession session = warehouse.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, false, "r1"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1", null), row(null, "nobody", "1", null)));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                .hasMessageContaining("1 rows of Account have no Id");
        assertThat(tables()).isEmpty();
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
        try (DuckDbWarehouse other = new DuckDbWarehouse(dir.resolve("db/sfsync.duckdb"), blocked, "sfsync")) {
            assertThat(other.stageAvailable(STAGE)).isFalse();
            assertThatThrownBy(() -> other.openLoad(spec(ACCOUNTS, TestBatches.simple("Account"), false, true,
                    "r1"))).isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.STAGE_NOT_WRITABLE));
        }
        assertThatThrownBy(() -> warehouse.stageAvailable("@../escape"))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
    }

    @Test
    void shouldReportAnUnopenableFileAsUnreachable() throws Exception {
        Path notADatabase = dir.resolve("garbage.duckdb");
        Files.writeString(notADatabase, "this is not a DuckDB database file, just text that is long enough");

        assertThatThrownBy(() -> new DuckDbWarehouse(notADatabase))
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
                assertThat(f.get()).isEqualTo(new LoadOutcome(10_000, 10_000, 0));
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

    private Map<String, String> columnTypes(TableRef table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = '" + table.schema() + "' AND table_name = '" + table.table()
                        + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private List<String> tables() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'RAW' ORDER BY table_name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<Map<String, Object>> rows(String sql) throws SQLException {
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

    private List<List<Object>> values(String sql) throws SQLException {
        try (Connection c = warehouse.connect()) {
            return values(c, sql);
        }
    }

    private static List<List<Object>> values(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static List<Object> listOf(Object... values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v);
        }
        return out;
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
