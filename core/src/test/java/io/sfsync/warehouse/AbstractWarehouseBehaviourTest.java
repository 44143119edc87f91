package io.sfsync.warehouse;

import static io.sfsync.warehouse.TestBatches.ACCOUNT_COLUMNS;
import static io.sfsync.warehouse.TestBatches.batch;
import static io.sfsync.warehouse.TestBatches.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.api.SyncResult;
import io.sfsync.load.CsvBatch;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How every warehouse loads, whatever its dialect: one suite, one subclass per warehouse (as Debezium's JDBC sink
 * tests its dialects). {@code DuckDbWarehouseBehaviourTest} runs it on an embedded DuckDB file;
 * {@code SnowflakeWarehouseBehaviourManualIT} runs it on a real Snowflake account, by hand.
 *
 * <p>Everything goes through {@link Warehouse} and {@link LoadSession}; the checks read the tables back through
 * {@link #query}, which each subclass implements, with SQL built from the dialect's own quoting (both dialects quote
 * identifiers the same way). Values come back canonical: text as String, integers as Long, decimals as BigDecimal at
 * the column's scale, floats as Double, booleans as Boolean, dates as LocalDate, times as LocalTime, timestamps as
 * Instant.
 */
public abstract class AbstractWarehouseBehaviourTest {
    protected static final List<String> SIMPLE = List.of("Id", "Name", "Amount__c", "SystemModstamp");
    protected static final String DESCRIPTION = "line one, with \"quotes\"\nline two\r\nline three: café Zürich"
            + " 日本語 😀🚀 — ünïcödé";

    protected Warehouse warehouse;
    protected TableRef accounts;

    /** Opens the warehouse under test, empty: no table in {@link #schema()}. */
    protected abstract Warehouse open() throws Exception;

    /** Removes what the test created (nothing for a temporary DuckDB file). */
    protected void cleanUp() throws Exception {
    }

    /** The schema the test's tables go into. */
    protected abstract String schema();

    /** The stage the stage path uses ({@code @NAME}). */
    protected abstract String stageName();

    /** The schema of the run history. */
    protected abstract String controlSchema();

    /** Runs a query; every value canonical (see the class comment). */
    protected abstract List<List<Object>> query(String sql) throws Exception;

    /** The table's columns in order, each with its type as {@link #storedType} spells it. */
    protected abstract Map<String, String> columnTypes(TableRef table) throws Exception;

    /** How {@link #columnTypes} reports a column of this type. */
    protected abstract String storedType(ColumnType type);

    /** The base tables of the schema, sorted by name; empty when the schema does not exist. */
    protected abstract List<String> tables() throws Exception;

    /** The files of one run's folder in the stage, by name (as stored: Snowflake adds {@code .gz}), sorted. */
    protected abstract List<String> stagedFiles(String sobject, String runId) throws Exception;

    @BeforeEach
    final void openWarehouse() throws Exception {
        warehouse = open();
        accounts = new TableRef(schema(), "ACCOUNTS");
    }

    @AfterEach
    final void closeWarehouse() throws Exception {
        try {
            cleanUp();
        } finally {
            warehouse.close();
        }
    }

    @Test
    void shouldCreateTheTableWithMappedTypesAndConvertEveryValueExactly() throws Exception {
        CsvBatch lf = batch(0, ACCOUNT_COLUMNS,
                row("001000000000001AAA", "Acme, \"Quoted\" Inc.", DESCRIPTION, "Order-1", "Hot", "1234.5", "12.75",
                        "true", "42", "9007199254740993", "2024-01-15", "10:30:00.123Z", "2024-01-15T10:30:00.123Z",
                        "Zürich"),
                row("001000000000002AAA", null, null, null, null, null, null, "false", null, null, null, null,
                        "2024-02-29T23:59:59.999Z", null));
        CsvBatch crlf = batch(1, "\r\n", ACCOUNT_COLUMNS,
                row("001000000000003AAA", "", "a\nb", "", "", "-0.01", "1.5E3", "false", "-7", "0", "1999-12-31",
                        "00:00:00.000Z", "2000-01-01T00:00:00.000Z", ""));

        LoadOutcome outcome = load(spec(accounts, TestBatches.account(), true, false, "r1"), lf, crlf);

        assertThat(counts(outcome)).containsExactly(3L, 3L, 0L, 0L);
        Map<String, String> expectedTypes = new LinkedHashMap<>();
        for (SfField f : TestBatches.account().extracted()) {
            expectedTypes.put(f.name(), storedType(TypeMapping.columnType(f)));
        }
        assertThat(columnTypes(accounts)).containsExactlyEntriesOf(expectedTypes);

        List<Map<String, Object>> rows = rows(accounts, ACCOUNT_COLUMNS);
        Map<String, Object> full = rows.get(0);
        assertThat(full.get("Name")).isEqualTo("Acme, \"Quoted\" Inc.");
        assertThat(full.get("Description")).isEqualTo(DESCRIPTION);
        assertThat(full.get("Order")).isEqualTo("Order-1");
        assertThat(full.get("Select")).isEqualTo("Hot");
        assertThat(full.get("Amount__c")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(full.get("Rate__c")).isEqualTo(12.75);
        assertThat(full.get("IsActive__c")).isEqualTo(true);
        assertThat(full.get("NumberOfEmployees")).isEqualTo(42L);
        assertThat(full.get("Big__c")).isEqualTo(9007199254740993L);
        assertThat(full.get("CloseDate__c")).isEqualTo(LocalDate.of(2024, 1, 15));
        assertThat(full.get("Start__c")).isEqualTo(LocalTime.parse("10:30:00.123"));
        assertThat(full.get("SystemModstamp")).isEqualTo(Instant.parse("2024-01-15T10:30:00.123Z"));
        assertThat(full.get("BillingCity")).isEqualTo("Zürich");

        Map<String, Object> empty = rows.get(1);
        assertThat(empty.get("IsActive__c")).isEqualTo(false);
        assertThat(empty.get("SystemModstamp")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
        for (String c : List.of("Name", "Description", "Order", "Select", "Amount__c", "Rate__c",
                "NumberOfEmployees", "Big__c", "CloseDate__c", "Start__c", "BillingCity")) {
            assertThat(empty.get(c)).as(c).isNull();
        }

        Map<String, Object> crlfRow = rows.get(2);
        assertThat(crlfRow.get("Name")).isNull();
        assertThat(crlfRow.get("Description")).isEqualTo("a\nb");
        assertThat(crlfRow.get("Amount__c")).isEqualTo(new BigDecimal("-0.01"));
        assertThat(crlfRow.get("Rate__c")).isEqualTo(1500.0);
        assertThat(crlfRow.get("NumberOfEmployees")).isEqualTo(-7L);
        assertThat(crlfRow.get("Big__c")).isEqualTo(0L);
        assertThat(crlfRow.get("CloseDate__c")).isEqualTo(LocalDate.of(1999, 12, 31));
        assertThat(crlfRow.get("Start__c")).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(crlfRow.get("SystemModstamp")).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(crlfRow.get("BillingCity")).isNull();
    }

    @Test
    void shouldMergeCountingInsertedAndUpdatedKeysExactly() throws Exception {
        load(spec(accounts, simple(), false, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z"),
                row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z")));

        LoadOutcome outcome = load(spec(accounts, simple(), false, false, "r2"),
                batch(0, SIMPLE,
                        row("B", "beta v2", "20.00", "2024-01-02T00:00:00.000Z"),
                        row("D", "delta", "4.00", "2024-01-02T00:00:00.000Z")),
                batch(1, SIMPLE,
                        row("E", "epsilon", null, "2024-01-02T00:00:00.000Z")));

        assertThat(counts(outcome)).containsExactly(3L, 2L, 1L, 0L);
        assertThat(select(accounts, "Id", "Name", "Amount__c"))
                .containsExactly(List.of("A", "alpha", new BigDecimal("1.00")),
                        List.of("B", "beta v2", new BigDecimal("20.00")),
                        List.of("C", "gamma", new BigDecimal("3.00")),
                        List.of("D", "delta", new BigDecimal("4.00")),
                        listOf("E", "epsilon", null));
    }

    @Test
    void shouldNotCountOrRewriteRowsThatDidNotChangeAndNeverMoveARowBackwards() throws Exception {
        load(spec(accounts, simple(), false, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-05T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-05T00:00:00.000Z")));

        LoadOutcome replay = load(spec(accounts, simple(), false, false, "r2"), batch(0, SIMPLE,
                row("A", "alpha", "1.0", "2024-01-05T00:00:00.000Z"),
                row("B", "stale", "9.00", "2024-01-04T23:59:59.000Z")));

        assertThat(counts(replay)).as("the re-read row at the watermark and an older copy change nothing")
                .containsExactly(2L, 0L, 0L, 0L);
        LoadOutcome sameSecond = load(spec(accounts, simple(), false, false, "r3"),
                batch(0, SIMPLE, row("A", "alpha changed in the same second", "1.00", "2024-01-05T00:00:00.000Z")));
        assertThat(counts(sameSecond)).containsExactly(1L, 0L, 1L, 0L);
        assertThat(select(accounts, "Id", "Name", "Amount__c"))
                .containsExactly(List.of("A", "alpha changed in the same second", new BigDecimal("1.00")),
                        List.of("B", "beta", new BigDecimal("2.00")));
    }

    @Test
    void shouldKeepTheNewestWatermarkAmongDuplicateKeys() throws Exception {
        LoadOutcome outcome = load(spec(accounts, simple(), false, false, "r1"),
                batch(0, SIMPLE,
                        row("X", "old", "1", "2024-01-01T10:00:00.000Z"),
                        row("Y", "first of a tie", "1", "2024-01-01T10:00:00.000Z"),
                        row("Y", "second of a tie", "2", "2024-01-01T10:00:00.000Z")),
                batch(1, SIMPLE, row("X", "newest", "3", "2024-01-01T12:00:00.001Z")),
                batch(2, SIMPLE, row("X", "middle", "2", "2024-01-01T12:00:00.000Z")));

        assertThat(counts(outcome)).containsExactly(5L, 2L, 0L, 0L);
        assertThat(select(accounts, "Id", "Name"))
                .containsExactly(List.of("X", "newest"), List.of("Y", "second of a tie"));
    }

    @Test
    void shouldLetTheLaterBatchWinWithoutWatermarkWhateverTheArrivalOrder() throws Exception {
        LoadSpec spec = new LoadSpec(accounts, simple(), "Id", null, false, false, null, "r1");

        load(spec, batch(1, SIMPLE, row("X", "later batch", "2", null)),
                batch(0, SIMPLE, row("X", "earlier batch", "1", null)));

        assertThat(select(accounts, "Name")).containsExactly(List.of("later batch"));
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
        TableRef viaMerge = new TableRef(schema(), "ACC_MERGE");
        TableRef viaStage = new TableRef(schema(), "ACC_STAGE");
        load(spec(viaMerge, TestBatches.account(), false, false, "m1"), batches);

        LoadOutcome outcome;
        try (LoadSession session = warehouse.openLoad(spec(viaStage, TestBatches.account(), false, true, "s1"))) {
            for (CsvBatch b : batches) {
                session.addBatch(b);
            }
            assertThat(stagedFiles("Account", "s1")).extracting(AbstractWarehouseBehaviourTest::withoutGzip)
                    .containsExactly("Account_s1_000000.csv", "Account_s1_000001.csv");
            assertThat(warehouse.tableExists(viaStage)).as("nothing loaded before commit").isFalse();
            outcome = session.commit();
        }

        assertThat(counts(outcome)).containsExactly(3L, 2L, 0L, 0L);
        assertThat(query("SELECT COUNT(*) FROM " + t(viaStage))).containsExactly(List.of(2L));
        assertThat(query("SELECT * FROM " + t(viaMerge) + " EXCEPT SELECT * FROM " + t(viaStage))).isEmpty();
        assertThat(query("SELECT * FROM " + t(viaStage) + " EXCEPT SELECT * FROM " + t(viaMerge))).isEmpty();
        assertThat(columnTypes(viaStage)).isEqualTo(columnTypes(viaMerge));
        assertThat(stagedFiles("Account", "s1")).isEmpty();
        assertThat(stagedFiles("Account", "m1")).isEmpty();
        assertThat(tables()).containsExactly("ACC_MERGE", "ACC_STAGE");
    }

    @Test
    void shouldLeaveTheTargetUnchangedAndKeepStageFilesWhenAValueDoesNotConvert() throws Exception {
        load(spec(accounts, simple(), false, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        List<List<Object>> before = select(accounts, SIMPLE.toArray(new String[0]));

        LoadSession session = warehouse.openLoad(spec(accounts, simple(), false, true, "r2"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha v2", "5.00", "2024-01-02T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z")));
        session.addBatch(batch(1, SIMPLE, row("C", "gamma", "12abc", "2024-01-02T00:00:00.000Z")));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("column Amount__c of " + accounts + " is "
                        + warehouse.dialect().typeName(ColumnType.decimal(18, 2)))
                .hasMessageContaining("Id C has '12abc' in batch 1")
                .hasMessageContaining("Account_r2_000001.csv")
                .hasMessageContaining("unchanged")
                .hasMessageContaining("Stage files kept");

        assertThat(select(accounts, SIMPLE.toArray(new String[0]))).isEqualTo(before);
        assertThat(stagedFiles("Account", "r2")).hasSize(2);
        assertThat(tables()).containsExactly("ACCOUNTS");
        assertThatThrownBy(session::commit).isInstanceOf(WarehouseException.class).hasMessageContaining("aborted");
        session.close();
    }

    @Test
    void shouldNotCreateTheTargetWhenTheFirstLoadFails() throws Exception {
        LoadSession session = warehouse.openLoad(spec(accounts, TestBatches.account(), false, false, "r1"));
        session.addBatch(batch(0, List.of("Id", "Start__c", "SystemModstamp"),
                row("A", "10:30:00.000Z", "2024-01-01T00:00:00.000Z"),
                row("B", "25:99", "2024-01-01T00:00:00.000Z")));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("column Start__c of " + accounts + " is "
                        + warehouse.dialect().typeName(ColumnType.TIME) + ", but Id B has '25:99' in batch 0");
        assertThat(warehouse.tableExists(accounts)).isFalse();
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldLeaveTheTargetUnchangedOnAbortAndOnCloseWithoutCommit() throws Exception {
        load(spec(accounts, simple(), false, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        List<List<Object>> before = select(accounts, SIMPLE.toArray(new String[0]));

        LoadSession aborted = warehouse.openLoad(spec(accounts, simple(), false, true, "r2"));
        aborted.addBatch(batch(0, SIMPLE, row("A", "changed", "9.00", "2024-01-02T00:00:00.000Z")));
        aborted.abort();
        try (LoadSession closed = warehouse.openLoad(spec(accounts, simple(), true, false, "r3"))) {
            closed.addBatch(batch(0, SIMPLE, row("Z", "replacement", "9.00", "2024-01-02T00:00:00.000Z")));
        }

        assertThat(select(accounts, SIMPLE.toArray(new String[0]))).isEqualTo(before);
        assertThat(tables()).containsExactly("ACCOUNTS");
        assertThat(stagedFiles("Account", "r2")).hasSize(1);
        assertThatThrownBy(aborted::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
    }

    @Test
    void shouldReplaceAtomicallyKeepingTheOldTableWhenTheReplaceFails() throws Exception {
        load(spec(accounts, simple(), true, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z"),
                row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z")));
        List<List<Object>> before = select(accounts, SIMPLE.toArray(new String[0]));

        LoadSession failing = warehouse.openLoad(spec(accounts, simple(), true, false, "r2"));
        failing.addBatch(batch(0, SIMPLE, row("B", "beta v2", "20.00", "2024-01-02T00:00:00.000Z")));
        failing.addBatch(batch(1, SIMPLE, row("D", "delta", "not a number", "2024-01-02T00:00:00.000Z")));
        assertThatThrownBy(failing::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("Amount__c");
        assertThat(select(accounts, SIMPLE.toArray(new String[0]))).isEqualTo(before);
        assertThat(tables()).containsExactly("ACCOUNTS");

        LoadOutcome outcome = load(spec(accounts, simple(), true, false, "r3"),
                batch(0, SIMPLE, row("B", "beta v2", "20.00", "2024-01-02T00:00:00.000Z"),
                        row("D", "delta", "4.00", "2024-01-02T00:00:00.000Z")));

        assertThat(counts(outcome)).as("loaded, inserted, updated, deleted (A and C are gone)")
                .containsExactly(2L, 1L, 1L, 2L);
        assertThat(select(accounts, "Id", "Name")).containsExactly(List.of("B", "beta v2"), List.of("D", "delta"));
        assertThat(tables()).containsExactly("ACCOUNTS");
    }

    @Test
    void shouldReplaceATableWhoseColumnsChanged() throws Exception {
        load(spec(accounts, simple(), true, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));

        load(spec(accounts, TestBatches.account(), true, true, "r2"), batch(0, List.of("Id", "Order"),
                row("A", "o1")));

        if (warehouse.dialect().replacesInPlace()) {
            // The same table, new columns appended: its grants and policies stay with it.
            assertThat(warehouse.columns(accounts)).containsExactlyInAnyOrderElementsOf(ACCOUNT_COLUMNS)
                    .startsWith(SIMPLE.toArray(new String[0]));
        } else {
            assertThat(warehouse.columns(accounts)).containsExactlyElementsOf(ACCOUNT_COLUMNS);
        }
        assertThat(select(accounts, "Id", "Order", "Name")).containsExactly(listOf("A", "o1", null));
        assertThat(tables()).containsExactly("ACCOUNTS");
    }

    @Test
    void shouldAddColumnsForFieldsAddedSinceTheTableWasCreated() throws Exception {
        load(spec(accounts, simple(), false, false, "r1"),
                batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        List<SfField> fields = new ArrayList<>(simple().fields());
        fields.add(TestBatches.field("Score__c", "double", 0, 5, 1, 0));
        SObjectSchema grown = new SObjectSchema("Account", fields);

        LoadOutcome outcome = load(spec(accounts, grown, false, false, "r2"),
                batch(0, List.of("Id", "Name", "Amount__c", "SystemModstamp", "Score__c"),
                        row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z", "4.5")));

        assertThat(counts(outcome)).containsExactly(1L, 1L, 0L, 0L);
        assertThat(columnTypes(accounts)).containsEntry("Score__c", storedType(ColumnType.decimal(5, 1)));

        fields.add(TestBatches.field("Flag__c", "boolean", 0, 0, 0, 0));
        LoadSession failing = warehouse.openLoad(spec(accounts, new SObjectSchema("Account", fields), false, false,
                "r3"));
        failing.addBatch(batch(0, List.of("Id", "Flag__c"), row("C", "maybe")));
        assertThatThrownBy(failing::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("column Flag__c of " + accounts + " is BOOLEAN, but Id C has 'maybe'");
        assertThat(warehouse.columns(accounts)).as("a failed load adds no column").doesNotContain("Flag__c");
        assertThat(select(accounts, "Id", "Score__c"))
                .containsExactly(listOf("A", null), List.of("B", new BigDecimal("4.5")));
    }

    @Test
    void shouldReportTablesColumnsAndWatermarks() throws Exception {
        assertThat(warehouse.tableExists(accounts)).isFalse();
        assertThat(warehouse.columns(accounts)).isEmpty();
        assertThat(warehouse.maxWatermark(accounts, "SystemModstamp")).isEmpty();

        load(spec(accounts, simple(), false, false, "r1"), batch(0, SIMPLE, row("A", "alpha", "1", null)));
        assertThat(warehouse.maxWatermark(accounts, "SystemModstamp")).as("only NULLs").isEmpty();

        load(spec(accounts, simple(), false, false, "r2"), batch(0, SIMPLE,
                row("B", "beta", "1", "2024-03-01T08:00:00.250Z"),
                row("C", "gamma", "1", "2024-02-01T08:00:00.000Z")));

        assertThat(warehouse.tableExists(accounts)).isTrue();
        assertThat(warehouse.tableExists(new TableRef(schema().toLowerCase(), "accounts")))
                .as("another case names the same table unless identifiers are case-sensitive")
                .isEqualTo(!warehouse.dialect().caseSensitiveIdentifiers());
        assertThat(warehouse.tableExists(new TableRef(schema(), "OTHER"))).isFalse();
        assertThat(warehouse.columns(accounts)).containsExactlyElementsOf(SIMPLE);
        assertThat(warehouse.maxWatermark(accounts, "SystemModstamp"))
                .contains(Instant.parse("2024-03-01T08:00:00.250Z"));
        assertThat(warehouse.maxWatermark(accounts, "LastModifiedDate")).isEmpty();
    }

    @Test
    void shouldRejectInjectionInEveryNameBeforeTouchingTheDatabase() throws Exception {
        TableRef evil = new TableRef(schema(), "ACCOUNTS; DROP TABLE x");

        assertThatThrownBy(() -> warehouse.openLoad(spec(evil, simple(), false, false, "r1")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> warehouse.tableExists(evil)).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> warehouse.maxWatermark(accounts, "x\"); DROP TABLE y; --"))
                .isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> warehouse.openLoad(spec(accounts, simple(), false, false, "../../etc")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
        assertThatThrownBy(() -> warehouse.stageAvailable("@../escape"))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldRefuseBatchesThatDoNotFitTheSchema() throws Exception {
        try (LoadSession session = warehouse.openLoad(spec(accounts, simple(), false, false, "r1"))) {
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
        assertThatThrownBy(() -> warehouse.openLoad(new LoadSpec(accounts, simple(), "ExternalId__c", null, false,
                false, null, "r2")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC))
                .hasMessageContaining("ExternalId__c");
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldRefuseRowsWithoutAMatchKey() throws Exception {
        LoadSession session = warehouse.openLoad(spec(accounts, simple(), false, false, "r1"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1", null), row(null, "nobody", "1", null)));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                .hasMessageContaining("1 rows of Account have no Id");
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldRecordEveryRunInTheHistoryTable() throws Exception {
        Instant started = Instant.parse("2024-05-01T12:00:00.123Z");
        warehouse.recordHistory(SyncResult.builder().runId("r1").sobject("Account").targetTable(accounts.toString())
                .syncMethod("bulk_api_full").estimatedRecords(1200).actualRecords(1200).syncDurationSeconds(4.5)
                .syncTimestamp(started).success(true).bulkJobId("750x0000001").rowsInserted(1200).apiCalls(7)
                .reason("first sync").build());
        warehouse.recordHistory(SyncResult.builder().runId("r2").sobject("Account").targetTable(accounts.toString())
                .syncMethod("regular_api_incremental").estimatedRecords(3).syncDurationSeconds(0.25)
                .lastModifiedDate(started).syncTimestamp(started.plusSeconds(60)).error("LOAD_FAILED: Amount__c")
                .apiCalls(2).reason("incremental").retries(1).build());

        TableRef history = new TableRef(controlSchema(), "sfsync_history");
        assertThat(warehouse.columns(history)).startsWith("run_id", "sobject", "target_table", "sync_method");
        assertThat(select(history, "run_id", "sync_method", "actual_records", "sync_duration_seconds",
                "last_modified_date", "sync_timestamp", "success", "error", "bulk_job_id", "api_calls"))
                .containsExactly(
                        listOf("r1", "bulk_api_full", 1200L, 4.5, null, started, true, null, "750x0000001", 7L),
                        listOf("r2", "regular_api_incremental", 0L, 0.25, started, started.plusSeconds(60), false,
                                "LOAD_FAILED: Amount__c", null, 2L));
    }

    // --- State, deletes, reconciliation, schema drift -----------------------------------------------------------

    private static final List<String> WITH_DELETED = List.of("Id", "Name", "Amount__c", "SystemModstamp", "IsDeleted");

    private static SObjectSchema withDeleted() {
        List<SfField> fields = new ArrayList<>(simple().fields());
        fields.add(TestBatches.field("IsDeleted", "boolean", 0, 0, 0, 0));
        return new SObjectSchema("Account", fields);
    }

    private LoadSpec spec(TableRef target, SObjectSchema schema, boolean fullReplace, String runId,
            io.sfsync.api.DeleteMode mode, boolean reconcile) {
        return new LoadSpec(target, schema, "Id", "SystemModstamp", fullReplace, false, stageName(), runId, mode,
                reconcile, fullReplace ? "bulk_api_full" : "bulk_api_incremental");
    }

    private LoadOutcome load(LoadSpec spec, List<CsvBatch> ids, CsvBatch... batches) {
        try (LoadSession session = warehouse.openLoad(spec)) {
            for (CsvBatch b : batches) {
                session.addBatch(b);
            }
            for (CsvBatch b : ids) {
                session.addIds(b);
            }
            return session.commit("750" + spec.runId());
        }
    }

    @Test
    void shouldAdvanceTheStateWithTheLoadNeverBackwardsAndLeaveItWhenTheLoadFails() throws Exception {
        assertThat(warehouse.syncState(accounts)).isEmpty();
        load(spec(accounts, simple(), false, "r1", null, false), List.of(), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z")));
        var first = warehouse.syncState(accounts).orElseThrow();
        assertThat(List.of(first.targetTable(), first.sobject(), first.watermarkField(), first.lastRunId(),
                first.lastJobId(), first.lastSyncMethod(), first.deleteMode())).containsExactly(accounts.toString(),
                        "Account", "SystemModstamp", "r1", "750r1", "bulk_api_incremental", "soft");
        assertThat(first.watermark()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));

        LoadOutcome overlap = load(spec(accounts, simple(), false, "r2", null, false), List.of(), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        assertThat(overlap.watermark()).as("re-reading older rows keeps the watermark")
                .isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(warehouse.syncState(accounts).orElseThrow().lastRunId()).isEqualTo("r2");

        assertThatThrownBy(() -> load(spec(accounts, simple(), false, "r3", null, false), List.of(), batch(0, SIMPLE,
                row("C", "gamma", "not a number", "2024-01-09T00:00:00.000Z"))))
                .isInstanceOf(WarehouseException.class);
        var after = warehouse.syncState(accounts).orElseThrow();
        assertThat(List.of(after.lastRunId(), after.watermark())).as("a failed load leaves the state as it was")
                .containsExactly("r2", Instant.parse("2024-01-02T00:00:00Z"));
    }

    @Test
    void shouldKeepDeletedRowsFlaggedInSoftModeAndRemoveThemInHardMode() throws Exception {
        TableRef soft = new TableRef(schema(), "SOFT_DELETES");
        TableRef hard = new TableRef(schema(), "HARD_DELETES");
        for (TableRef t : List.of(soft, hard)) {
            load(spec(t, withDeleted(), false, "r1", null, false), List.of(), batch(0, WITH_DELETED,
                    row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z", "false"),
                    row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z", "false"),
                    row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z", "false")));
        }
        CsvBatch changes = batch(0, WITH_DELETED,
                row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z", "true"),
                row("D", "created and deleted", "4.00", "2024-01-02T00:00:00.000Z", "true"),
                row("E", "epsilon", "5.00", "2024-01-02T00:00:00.000Z", "false"));

        LoadOutcome softOutcome = load(spec(soft, withDeleted(), false, "r2", io.sfsync.api.DeleteMode.SOFT, false),
                List.of(), changes);
        LoadOutcome hardOutcome = load(spec(hard, withDeleted(), false, "r2", io.sfsync.api.DeleteMode.HARD, false),
                List.of(), changes);

        assertThat(select(soft, "Id", "IsDeleted")).containsExactly(listOf("A", false), listOf("B", true),
                listOf("C", false), listOf("D", true), listOf("E", false));
        assertThat(counts(softOutcome)).containsExactly(3L, 2L, 1L, 0L);
        assertThat(select(hard, "Id", "IsDeleted")).containsExactly(listOf("A", false), listOf("C", false),
                listOf("E", false));
        assertThat(counts(hardOutcome)).as("B deleted, D never inserted, E inserted").containsExactly(3L, 1L, 0L, 1L);

        LoadOutcome undeleted = load(spec(hard, withDeleted(), false, "r3", io.sfsync.api.DeleteMode.HARD, false),
                List.of(), batch(0, WITH_DELETED,
                        row("B", "beta", "2.00", "2024-01-03T00:00:00.000Z", "false"),
                        row("D", "created and deleted", "4.00", "2024-01-02T00:00:00.000Z", "true")));
        assertThat(select(hard, "Id")).as("an undeleted record comes back")
                .containsExactly(listOf("A"), listOf("B"), listOf("C"), listOf("E"));
        assertThat(counts(undeleted)).containsExactly(2L, 1L, 0L, 0L);
        assertThat(warehouse.syncState(hard).orElseThrow().deleteMode()).isEqualTo("hard");
    }

    @Test
    void shouldTreatRowsWhoseIdSalesforceNoLongerHasAsDeletedWhenReconciling() throws Exception {
        TableRef soft = new TableRef(schema(), "SOFT_RECONCILED");
        TableRef hard = new TableRef(schema(), "HARD_RECONCILED");
        for (TableRef t : List.of(soft, hard)) {
            load(spec(t, withDeleted(), false, "r1", null, false), List.of(), batch(0, WITH_DELETED,
                    row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z", "false"),
                    row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z", "false"),
                    row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z", "false")));
        }
        CsvBatch changed = batch(0, WITH_DELETED, row("A", "alpha v2", "1.00", "2024-01-02T00:00:00.000Z", "false"));
        List<CsvBatch> ids = List.of(batch(1, List.of("Id"), row("A")), batch(2, List.of("Id"), row("C")));

        LoadOutcome softOutcome = load(spec(soft, withDeleted(), false, "r2", io.sfsync.api.DeleteMode.SOFT, true),
                ids, changed);
        LoadOutcome hardOutcome = load(spec(hard, withDeleted(), false, "r2", io.sfsync.api.DeleteMode.HARD, true),
                ids, changed);

        assertThat(select(soft, "Id", "Name", "IsDeleted")).containsExactly(listOf("A", "alpha v2", false),
                listOf("B", "beta", true), listOf("C", "gamma", false));
        assertThat(counts(softOutcome)).containsExactly(1L, 0L, 1L, 1L);
        assertThat(select(hard, "Id", "Name")).containsExactly(listOf("A", "alpha v2"), listOf("C", "gamma"));
        assertThat(counts(hardOutcome)).containsExactly(1L, 0L, 1L, 1L);

        List<List<Object>> before = select(soft, "Id", "Name", "IsDeleted");
        assertThatThrownBy(() -> load(spec(soft, withDeleted(), false, "r3", io.sfsync.api.DeleteMode.SOFT, true),
                List.of(), batch(0, WITH_DELETED, row("C", "gamma v2", "3.00", "2024-01-03T00:00:00.000Z", "false"))))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("read no Id at all");
        assertThat(select(soft, "Id", "Name", "IsDeleted")).isEqualTo(before);
    }

    @Test
    void shouldChangeExactlyWhatChangedWhetherFewOrManyColumnsDifferKeepingKeptColumns() throws Exception {
        List<SfField> withOld = new ArrayList<>(TestBatches.account().fields());
        withOld.add(TestBatches.field("Old__c", "string", 40, 0, 0, 0));
        List<String> oldColumns = new ArrayList<>(ACCOUNT_COLUMNS);
        oldColumns.add("Old__c");
        String[] a = {"A", "alpha", "d", "o", "s", "1.00", "1.5", "true", "1", "2", "2024-01-01", "10:00:00.000Z",
            "2024-01-01T00:00:00.000Z", "Bern", "kept a"};
        String[] b = {"B", "beta", "d", "o", "s", "2.00", "2.5", "false", "2", "3", "2024-01-02", "11:00:00.000Z",
            "2024-01-01T00:00:00.000Z", "Genf", "kept b"};
        load(spec(accounts, new SObjectSchema("Account", withOld), true, false, "r1"), batch(0, oldColumns, a, b));
        SObjectSchema now = TestBatches.account();

        LoadOutcome few = load(spec(accounts, now, false, false, "r2"), batch(0, ACCOUNT_COLUMNS,
                row("A", "alpha 2", "d", "o", "s", "1.00", "1.5", "true", "1", "2", "2024-01-01", "10:00:00.000Z",
                        "2024-01-02T00:00:00.000Z", "Bern"),
                row("B", "beta", "d", "o", "s", "2.00", "2.5", "false", "2", "3", "2024-01-02", "11:00:00.000Z",
                        "2024-01-01T00:00:00.000Z", "Genf"),
                row("C", "gamma", null, null, null, null, null, null, null, null, null, null,
                        "2024-01-02T00:00:00.000Z", null)));
        assertThat(counts(few)).as("two columns of A changed, B is read again unchanged, C is new")
                .containsExactly(3L, 1L, 1L, 0L);
        assertThat(select(accounts, "Id", "Name", "Amount__c", "Start__c", "Old__c")).containsExactly(
                listOf("A", "alpha 2", new BigDecimal("1.00"), LocalTime.of(10, 0), "kept a"),
                listOf("B", "beta", new BigDecimal("2.00"), LocalTime.of(11, 0), "kept b"),
                listOf("C", "gamma", null, null, null));

        LoadOutcome many = load(spec(accounts, now, false, false, "r3"), batch(0, ACCOUNT_COLUMNS,
                row("A", "alpha 3", "d3", "o3", "s3", "3.00", "3.5", "false", "3", "4", "2024-03-01", "12:00:00.000Z",
                        "2024-01-03T00:00:00.000Z", "Basel"),
                row("B", "beta", "d", "o", "s", "2.00", "2.5", "false", "2", "3", "2024-01-02", "11:00:00.000Z",
                        "2023-12-31T00:00:00.000Z", "older, so not taken"),
                row("D", "delta", null, null, null, "4.00", null, null, null, null, null, null,
                        "2024-01-03T00:00:00.000Z", null)));
        assertThat(counts(many)).as("most columns of A changed, B is older, D is new")
                .containsExactly(3L, 1L, 1L, 0L);
        assertThat(select(accounts, "Id", "Name", "Description", "Amount__c", "IsActive__c", "Start__c",
                "BillingCity", "Old__c")).containsExactly(
                        listOf("A", "alpha 3", "d3", new BigDecimal("3.00"), false, LocalTime.of(12, 0), "Basel",
                                "kept a"),
                        listOf("B", "beta", "d", new BigDecimal("2.00"), false, LocalTime.of(11, 0), "Genf",
                                "kept b"),
                        listOf("C", "gamma", null, null, null, null, null, null),
                        listOf("D", "delta", null, new BigDecimal("4.00"), null, null, null, null));
    }

    @Test
    void shouldKeepColumnsOfRemovedFieldsWidenGrownFieldsAndReportEachChangeOnce() throws Exception {
        List<SfField> withScore = new ArrayList<>(simple().fields());
        withScore.add(TestBatches.field("Score__c", "double", 0, 5, 1, 0));
        load(spec(accounts, new SObjectSchema("Account", withScore), false, "r1", null, false), List.of(),
                batch(0, List.of("Id", "Name", "Amount__c", "SystemModstamp", "Score__c"),
                        row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z", "4.5")));
        List<SfField> grown = new ArrayList<>(simple().fields());
        grown.set(2, TestBatches.field("Amount__c", "currency", 0, 20, 2, 0));
        SObjectSchema withoutScore = new SObjectSchema("Account", grown);

        LoadOutcome changed = load(spec(accounts, withoutScore, false, "r2", null, false), List.of(), batch(0, SIMPLE,
                row("B", "beta", "123456789012345678.25", "2024-01-02T00:00:00.000Z")));

        assertThat(changed.schemaChanges()).containsExactly(
                "kept column Score__c: the field is no longer in Salesforce (new rows get NULL)",
                "widened column Amount__c from " + storedType(ColumnType.decimal(18, 2)) + " to "
                        + storedType(ColumnType.decimal(20, 2)));
        assertThat(columnTypes(accounts)).containsEntry("Amount__c", storedType(ColumnType.decimal(20, 2)))
                .containsKey("Score__c");
        assertThat(select(accounts, "Id", "Amount__c", "Score__c")).containsExactly(
                listOf("A", new BigDecimal("1.00"), new BigDecimal("4.5")),
                listOf("B", new BigDecimal("123456789012345678.25"), null));
        LoadOutcome again = load(spec(accounts, withoutScore, false, "r3", null, false), List.of(), batch(0, SIMPLE,
                row("C", "gamma", "3.00", "2024-01-03T00:00:00.000Z")));
        assertThat(again.schemaChanges()).as("each change is reported once").isEmpty();
        LoadOutcome update = load(spec(accounts, withoutScore, false, "r3b", null, false), List.of(), batch(0,
                SIMPLE, row("A", "alpha v2", "1.00", "2024-01-05T00:00:00.000Z")));
        assertThat(counts(update)).containsExactly(1L, 0L, 1L, 0L);
        assertThat(select(accounts, "Id", "Name", "Score__c")).as("a changed row keeps its kept column's value")
                .containsExactly(listOf("A", "alpha v2", new BigDecimal("4.5")), listOf("B", "beta", null),
                        listOf("C", "gamma", null));

        LoadOutcome full = load(spec(accounts, withoutScore, true, "r4", null, false), List.of(), batch(0, SIMPLE,
                row("A", "alpha v2", "1.00", "2024-01-05T00:00:00.000Z"),
                row("D", "delta", "4.00", "2024-01-04T00:00:00.000Z")));
        assertThat(full.schemaChanges()).isEmpty();
        assertThat(select(accounts, "Id", "Score__c")).as("a full sync keeps the column and its old values")
                .containsExactly(listOf("A", new BigDecimal("4.5")), listOf("D", null));
        assertThat(counts(full)).as("B and C are gone from Salesforce").containsExactly(2L, 1L, 0L, 2L);
    }

    protected LoadSpec spec(TableRef target, SObjectSchema schema, boolean fullReplace, boolean viaStage,
            String runId) {
        return new LoadSpec(target, schema, "Id", "SystemModstamp", fullReplace, viaStage, stageName(), runId);
    }

    protected LoadOutcome load(LoadSpec spec, CsvBatch... batches) {
        try (LoadSession session = warehouse.openLoad(spec)) {
            for (CsvBatch b : batches) {
                session.addBatch(b);
            }
            return session.commit();
        }
    }

    /** The quoted {@code schema.table}. */
    protected String t(TableRef table) {
        return warehouse.dialect().table(table);
    }

    /** These columns of every row, ordered by the first one. */
    protected List<List<Object>> select(TableRef table, String... columns) throws Exception {
        StringJoiner list = new StringJoiner(", ");
        for (String c : columns) {
            list.add(warehouse.dialect().quote(c));
        }
        return query("SELECT " + list + " FROM " + t(table) + " ORDER BY " + warehouse.dialect().quote(columns[0]));
    }

    /** Every row of these columns by name, ordered by the first one. */
    protected List<Map<String, Object>> rows(TableRef table, List<String> columns) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> values : select(table, columns.toArray(new String[0]))) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), values.get(i));
            }
            out.add(row);
        }
        return out;
    }

    protected static SObjectSchema simple() {
        return TestBatches.simple("Account");
    }

    protected static List<Object> listOf(Object... values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v);
        }
        return out;
    }

    private static String withoutGzip(String name) {
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /** Rows loaded, inserted, updated, deleted. */
    protected static List<Long> counts(LoadOutcome o) {
        return List.of(o.rowsLoaded(), o.rowsInserted(), o.rowsUpdated(), o.rowsDeleted());
    }
}
