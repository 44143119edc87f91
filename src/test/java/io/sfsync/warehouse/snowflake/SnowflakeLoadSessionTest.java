package io.sfsync.warehouse.snowflake;

import static io.sfsync.warehouse.TestBatches.batch;
import static io.sfsync.warehouse.TestBatches.row;
import static io.sfsync.warehouse.snowflake.FakeSnowflake.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.load.CsvBatch;
import io.sfsync.state.SyncStateTable;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.LoadSession;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.TestBatches;
import io.sfsync.warehouse.TypeMapping;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order and text of every statement a Snowflake load sends, for each path and each failure, against
 * {@link FakeSnowflake} (JDBC proxies that record and answer): the orchestration is tested here, the statements'
 * text in {@link SnowflakeDialectTest}, and the same behaviour end to end on DuckDB and, by hand, on a real account
 * ({@code SnowflakeWarehouseBehaviourManualIT}).
 */
class SnowflakeLoadSessionTest {
    private static final TableRef ACCOUNTS = new TableRef("RAW", "ACCOUNTS");
    private static final TableRef STAGING = new TableRef("RAW", "ACCOUNTS__stg_r1");
    private static final List<String> SIMPLE = List.of("Id", "Name", "Amount__c", "SystemModstamp");
    private static final String STAGE = "@SALESFORCE_STAGE";

    private final SnowflakeDialect dialect = new SnowflakeDialect();
    private final List<Column> columns = TypeMapping.columns(TestBatches.simple("Account").extracted());
    private final Column id = columns.get(0);
    private final Column modstamp = columns.get(3);
    private static final TableRef STATE = new TableRef("SFSYNC_CONTROL", "sfsync_state");
    private final FakeSnowflake fake = new FakeSnowflake()
            .answerWhen(s -> s.startsWith("SELECT COLUMN_NAME FROM") && s.endsWith("[SFSYNC_CONTROL, sfsync_state]"),
                    SyncStateTable.COLUMNS.stream().map(c -> row(c.name())).toArray(Object[][]::new))
            .answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA", row(1L))
            .answerWithLabels("PUT", List.of("source", "target", "status"), row("a.csv", "a.csv.gz", "UPLOADED"));
    private SnowflakeWarehouse warehouse;

    @AfterEach
    void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void shouldPutCopyAndRemoveEachBatchThenCreateAndMergeInOneTransactionOnTheMergePath() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(3L, 3L, 0L))
                .answerWithLabels("MERGE INTO", List.of("number of rows inserted", "number of rows updated"), row(3L, 0L));
        CsvBatch b = batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z"),
                row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z"));

        LoadOutcome outcome = load(spec(false, false, "r1"), b);

        assertThat(outcome).isEqualTo(new LoadOutcome(3, 3, 0));
        assertThat(statements().subList(0, 7)).containsExactly(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ? [RAW]",
                dialect.createStaging(STAGING, SIMPLE),
                "PUT 'file://<tmp>/Account_r1_000000.csv' @~/sfsync/Account/r1/ AUTO_COMPRESS = TRUE"
                        + " SOURCE_COMPRESSION = NONE OVERWRITE = TRUE",
                dialect.copyIntoStaging(STAGING, SIMPLE, "@~/sfsync/Account/r1/", List.of("Account_r1_000000.csv.gz")),
                "REMOVE @~/sfsync/Account/r1/Account_r1_000000.csv.gz",
                dialect.stagingStats(STAGING, id),
                dialect.conversionFailures(STAGING, List.of(columns.get(2), modstamp)));
        assertThat(statements()).containsSequence(stateSetupAndRead());
        List<String> s = statements();
        assertThat(s.subList(s.indexOf(dialect.tableExists() + " [RAW, ACCOUNTS]"), s.size())).containsExactly(
                dialect.tableExists() + " [RAW, ACCOUNTS]",
                dialect.createTable(ACCOUNTS, columns),
                "-- autocommit false",
                dialect.merge(STAGING, ACCOUNTS, columns, id, modstamp, false),
                stateWrite("null", "null").get(0),
                stateWrite("null", "null").get(1),
                "-- commit",
                "-- autocommit true",
                dialect.dropTable(STAGING));
        assertThat(warehouse.dialect().sessionSetup()).allSatisfy(x -> assertThat(fake.log).contains(x));
    }

    @Test
    void shouldAddNewColumnsToAnExistingTargetBeforeTheTransaction() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(2L, 1L, 0L))
                .answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES", row(1L))
                .answer("SELECT COLUMN_NAME", row("Id", "TEXT", 18L, null, null),
                        row("Name", "TEXT", 80L, null, null), row("AMOUNT__C", "NUMBER", null, 18L, 2L))
                .answerWithLabels("MERGE INTO", List.of("number of rows inserted", "number of rows updated"), row(0L, 1L));

        LoadOutcome outcome = load(spec(false, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("A", "alpha v2", "2.00", "2024-01-02T00:00:00.000Z")));

        assertThat(List.of(outcome.rowsLoaded(), outcome.rowsInserted(), outcome.rowsUpdated()))
                .containsExactly(2L, 0L, 1L);
        assertThat(outcome.schemaChanges()).containsExactly(
                "kept column AMOUNT__C: the field is no longer in Salesforce (new rows get NULL)",
                "widened column Name from VARCHAR(80) to VARCHAR(255)",
                "added column Amount__c (NUMBER(18,2))",
                "added column SystemModstamp (TIMESTAMP_TZ)");
        List<String> s = statements();
        assertThat(s.subList(s.indexOf(dialect.tableExists() + " [RAW, ACCOUNTS]"), s.size())).containsExactly(
                dialect.tableExists() + " [RAW, ACCOUNTS]",
                dialect.listColumnTypes() + " [RAW, ACCOUNTS]",
                "ALTER TABLE \"RAW\".\"ACCOUNTS\" ALTER COLUMN \"Name\" SET DATA TYPE VARCHAR(255)",
                "ALTER TABLE \"RAW\".\"ACCOUNTS\" ADD COLUMN \"Amount__c\" NUMBER(18,2)",
                "ALTER TABLE \"RAW\".\"ACCOUNTS\" ADD COLUMN \"SystemModstamp\" TIMESTAMP_TZ",
                "-- autocommit false",
                dialect.merge(STAGING, ACCOUNTS, columns, id, modstamp, true),
                stateWrite("null", "AMOUNT__C").get(0),
                stateWrite("null", "AMOUNT__C").get(1),
                "-- commit",
                "-- autocommit true",
                dialect.dropTable(STAGING));
    }

    @Test
    void shouldKeepBatchesInTheNamedStageUntilCommitThenCopyThemAllAndRemoveThemAfterTheMerge() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(3L, 3L, 0L))
                .answerWithLabels("MERGE INTO", List.of("number of rows inserted", "number of rows updated"), row(3L, 0L));
        TableRef staging = new TableRef("RAW", "ACCOUNTS__stg_s1");
        List<String> reordered = List.of("Name", "Id", "Amount__c", "SystemModstamp");

        LoadOutcome outcome;
        try (LoadSession session = open(spec(false, true, "s1"))) {
            session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
            session.addBatch(batch(1, SIMPLE, row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z")));
            session.addBatch(batch(2, reordered, row("gamma", "C", "3.00", "2024-01-01T00:00:00.000Z")));
            assertThat(statements()).as("nothing copied before commit").noneMatch(s -> s.startsWith("COPY"));
            outcome = session.commit();
        }

        assertThat(outcome).isEqualTo(new LoadOutcome(3, 3, 0));
        String location = "@\"SALESFORCE_STAGE\"/Account/s1/";
        List<String> s = statements();
        assertThat(s).filteredOn(x -> x.startsWith("PUT")).containsExactly(
                "PUT 'file://<tmp>/Account_s1_000000.csv' " + location
                        + " AUTO_COMPRESS = TRUE SOURCE_COMPRESSION = NONE OVERWRITE = TRUE",
                "PUT 'file://<tmp>/Account_s1_000001.csv' " + location
                        + " AUTO_COMPRESS = TRUE SOURCE_COMPRESSION = NONE OVERWRITE = TRUE",
                "PUT 'file://<tmp>/Account_s1_000002.csv' " + location
                        + " AUTO_COMPRESS = TRUE SOURCE_COMPRESSION = NONE OVERWRITE = TRUE");
        assertThat(s).filteredOn(x -> x.startsWith("COPY")).containsExactly(
                dialect.copyIntoStaging(staging, SIMPLE, location,
                        List.of("Account_s1_000000.csv.gz", "Account_s1_000001.csv.gz")),
                dialect.copyIntoStaging(staging, reordered, location, List.of("Account_s1_000002.csv.gz")));
        assertThat(s).noneMatch(x -> x.startsWith("REMOVE @~"));
        assertThat(s.subList(s.size() - 4, s.size())).containsExactly("-- commit", "-- autocommit true",
                dialect.dropTable(staging), "REMOVE " + location);
    }

    @Test
    void shouldPutEachPageAsItCameIntoTheNamedStageAndCopyThemAllAtCommit() {
        List<String> uploaded = new ArrayList<>();
        fake.watch(x -> {
            if (x.startsWith("PUT 'file://")) {
                String path = x.substring("PUT 'file://".length(), x.indexOf("' "));
                try {
                    uploaded.add(Files.readString(Path.of(path)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }).answer("SELECT COUNT(*), COUNT(DISTINCT", row(3L, 3L, 0L))
                .answerWithLabels("MERGE INTO", List.of("number of rows inserted", "number of rows updated"), row(3L, 0L));
        TableRef staging = new TableRef("RAW", "ACCOUNTS__stg_p1");
        CsvBatch first = batch(0, "\r\n", SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "two\nlines", "2.00", "2024-01-01T00:00:00.000Z"));
        CsvBatch second = batch(1, SIMPLE, row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z"));

        LoadOutcome outcome;
        try (LoadSession session = open(spec(false, true, "p1"))) {
            session.addPage(TestBatches.page(first));
            session.addPage(TestBatches.page(second));
            assertThat(statements()).as("nothing copied before commit").noneMatch(x -> x.startsWith("COPY"));
            outcome = session.commit();
        }

        assertThat(outcome).isEqualTo(new LoadOutcome(3, 3, 0));
        assertThat(uploaded).as("each page byte for byte").containsExactly(first.text(), second.text());
        String location = "@\"SALESFORCE_STAGE\"/Account/p1/";
        List<String> s = statements();
        assertThat(s).filteredOn(x -> x.startsWith("PUT")).containsExactly(
                "PUT 'file://<tmp>/Account_p1_000000.csv' " + location
                        + " AUTO_COMPRESS = TRUE SOURCE_COMPRESSION = NONE OVERWRITE = TRUE",
                "PUT 'file://<tmp>/Account_p1_000001.csv' " + location
                        + " AUTO_COMPRESS = TRUE SOURCE_COMPRESSION = NONE OVERWRITE = TRUE");
        assertThat(s).filteredOn(x -> x.startsWith("COPY")).containsExactly(dialect.copyIntoStaging(staging, SIMPLE,
                location, List.of("Account_p1_000000.csv.gz", "Account_p1_000001.csv.gz")));
        assertThat(s.subList(s.size() - 4, s.size())).containsExactly("-- commit", "-- autocommit true",
                dialect.dropTable(staging), "REMOVE " + location);
    }

    @Test
    void shouldCopyEachPageAtOnceOnTheMergePathAndCheckTheRowsItAnnounced() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(2L, 2L, 0L));
        TableRef staging = new TableRef("RAW", "ACCOUNTS__stg_p2");
        CsvBatch page = batch(0, SIMPLE, row("A", "alpha", "1.00", null), row("B", "beta", "2.00", null));
        LoadSession session = open(spec(false, false, "p2"));
        session.addPage(TestBatches.page(page, 3));

        assertThat(statements()).containsSequence(
                "PUT 'file://<tmp>/Account_p2_000000.csv' @~/sfsync/Account/p2/ AUTO_COMPRESS = TRUE"
                        + " SOURCE_COMPRESSION = NONE OVERWRITE = TRUE",
                dialect.copyIntoStaging(staging, SIMPLE, "@~/sfsync/Account/p2/", List.of("Account_p2_000000.csv.gz")),
                "REMOVE @~/sfsync/Account/p2/Account_p2_000000.csv.gz");
        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                .hasMessageContaining("held 3 rows, but 2 were staged");

        try (LoadSession unknown = open(spec(false, false, "p3"))) {
            unknown.addPage(TestBatches.page(page, -1));
            unknown.addPage(TestBatches.page(batch(1, SIMPLE)));
            assertThat(unknown.commit().rowsLoaded()).as("a page that does not say is not counted against").isEqualTo(2);
        }
    }

    @Test
    void shouldCheckEveryValueBeforeAnyDdlAndKeepTheStageFilesOnATypeMismatch() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(3L, 3L, 0L))
                .answer("SELECT COUNT_IF(", row(1L, 0L))
                .answer("SELECT \"Id\", \"Amount__c\", \"_sfsync_batch\"", row("C", "12abc", 1));
        LoadSession session = open(spec(false, true, "r2"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha v2", "5.00", "2024-01-02T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z")));
        session.addBatch(batch(1, SIMPLE, row("C", "gamma", "12abc", "2024-01-02T00:00:00.000Z")));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("column Amount__c of RAW.ACCOUNTS is NUMBER(18,2), but Id C has '12abc' in"
                        + " batch 1 (stage file Account_r2_000001.csv.gz)")
                .hasMessageContaining("RAW.ACCOUNTS is unchanged")
                .hasMessageContaining("Stage files kept in @\"SALESFORCE_STAGE\"/Account/r2/: Account_r2_000000.csv.gz,"
                        + " Account_r2_000001.csv.gz.");
        TableRef staging = new TableRef("RAW", "ACCOUNTS__stg_r2");
        List<String> s = statements();
        assertThat(s).noneMatch(x -> x.startsWith("CREATE TABLE") || x.startsWith("ALTER TABLE")
                || x.startsWith("MERGE") || x.startsWith("REMOVE") || x.startsWith("INSERT"));
        assertThat(s.subList(s.size() - 3, s.size())).containsExactly(
                dialect.firstUnconvertible(staging, columns.get(2), id),
                dialect.dropTable(staging),
                dialect.dropTable(new TableRef("RAW", "ACCOUNTS__new_r2")));
        assertThatThrownBy(session::commit).isInstanceOf(WarehouseException.class).hasMessageContaining("aborted");
        session.close();
    }

    @Test
    void shouldRollBackAndDropTheTargetItCreatedWhenTheFirstMergeFails() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(1L, 1L, 0L))
                .fail("MERGE INTO", "Insufficient privileges to operate on table 'ACCOUNTS'");
        LoadSession session = open(spec(false, true, "r1"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                .hasMessageContaining("the table is unchanged: Insufficient privileges")
                .hasMessageContaining("Stage files kept in @\"SALESFORCE_STAGE\"/Account/r1/: Account_r1_000000.csv.gz");
        List<String> s = statements();
        assertThat(s.subList(s.indexOf(dialect.merge(STAGING, ACCOUNTS, columns, id, modstamp, false)), s.size()))
                .containsExactly(dialect.merge(STAGING, ACCOUNTS, columns, id, modstamp, false),
                        "-- rollback", "-- autocommit true", dialect.dropTable(ACCOUNTS), dialect.dropTable(STAGING),
                        dialect.dropTable(new TableRef("RAW", "ACCOUNTS__new_r1")));
        assertThat(s).noneMatch(x -> x.startsWith("REMOVE"));
    }

    @Test
    void shouldReplaceAnExistingTableInPlaceInOneTransactionWithItsStateRow() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(2L, 2L, 0L))
                .answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES", row(1L))
                .answer("SELECT COLUMN_NAME", row("Id", "TEXT", 18L, null, null),
                        row("Name", "TEXT", 255L, null, null), row("Amount__c", "NUMBER", null, 18L, 2L),
                        row("SystemModstamp", "TIMESTAMP_TZ", null, null, null))
                .answerWithLabels("MERGE INTO", List.of("number of rows inserted", "number of rows updated"),
                        row(1L, 1L));

        LoadOutcome outcome = load(spec(true, false, "r1"), batch(0, SIMPLE,
                row("B", "beta v2", "20.00", "2024-01-02T00:00:00.000Z"),
                row("D", "delta", "4.00", "2024-01-02T00:00:00.000Z")));

        assertThat(List.of(outcome.rowsLoaded(), outcome.rowsInserted(), outcome.rowsUpdated(),
                outcome.rowsDeleted())).containsExactly(2L, 1L, 1L, 1L);
        assertThat(outcome.schemaChanges()).isEmpty();
        List<String> s = statements();
        assertThat(s.subList(s.indexOf(dialect.tableExists() + " [RAW, ACCOUNTS]"), s.size())).containsExactly(
                dialect.tableExists() + " [RAW, ACCOUNTS]",
                dialect.listColumnTypes() + " [RAW, ACCOUNTS]",
                "-- autocommit false",
                dialect.mergeReplacing(STAGING, ACCOUNTS, columns, id, modstamp, false),
                dialect.deleteMissingKeys(ACCOUNTS, STAGING, id),
                stateWrite("null", "null").get(0),
                stateWrite("null", "null").get(1),
                "-- commit",
                "-- autocommit true",
                dialect.dropTable(STAGING));
        assertThat(s).noneMatch(x -> x.contains("SWAP WITH") || x.contains("__new_r1\" RENAME"));
    }

    @Test
    void shouldRenameTheNewTableIntoPlaceWhenThereIsNoTargetYet() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(1L, 1L, 0L))
                .answer("SELECT COUNT(*) FROM \"RAW\".\"ACCOUNTS__new_r1\"", row(1L));
        TableRef fresh = new TableRef("RAW", "ACCOUNTS__new_r1");

        LoadOutcome outcome = load(spec(true, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));

        assertThat(List.of(outcome.rowsLoaded(), outcome.rowsInserted(), outcome.rowsUpdated()))
                .containsExactly(1L, 1L, 0L);
        List<String> s = statements();
        assertThat(s.subList(s.indexOf(dialect.tableExists() + " [RAW, ACCOUNTS]"), s.size())).containsExactly(
                dialect.tableExists() + " [RAW, ACCOUNTS]",
                dialect.dropTable(fresh),
                dialect.createTable(fresh, columns),
                dialect.insertFromStaging(STAGING, fresh, columns, id, modstamp, false),
                dialect.countRows(fresh),
                "ALTER TABLE \"RAW\".\"ACCOUNTS__new_r1\" RENAME TO \"RAW\".\"ACCOUNTS\"",
                stateWrite("null", "null").get(0),
                stateWrite("null", "null").get(1),
                dialect.dropTable(STAGING));
    }

    @Test
    void shouldKeepTheOldTableWhenTheNewOneFailsToLoad() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(1L, 1L, 0L))
                .answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES", row(1L))
                .fail("MERGE INTO", "Warehouse 'LOAD_WH' cannot be resumed");
        LoadSession session = open(spec(true, false, "r1"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                .hasMessageContaining("the table is unchanged: Warehouse 'LOAD_WH' cannot be resumed");
        assertThat(statements()).noneMatch(x -> x.contains("SWAP WITH") || x.contains("RENAME TO"))
                .containsSubsequence("-- rollback", dialect.dropTable(STAGING));
    }

    @Test
    void shouldRefuseToLoadWhenTheStagedRowsDoNotAddUp() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(1L, 1L, 0L));
        LoadSession session = open(spec(false, false, "r1"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1.00", null), row("B", "beta", "2.00", null)));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                .hasMessageContaining("held 2 rows, but 1 were staged");
        assertThat(statements()).noneMatch(x -> x.startsWith("CREATE TABLE") || x.startsWith("MERGE"));
    }

    @Test
    void shouldRefuseRowsWithoutAMatchKey() {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(2L, 1L, 1L));
        LoadSession session = open(spec(false, false, "r1"));
        session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1", null), row(null, "nobody", "1", null)));

        assertThatThrownBy(session::commit)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                .hasMessageContaining("1 rows of Account have no Id");
    }

    @Test
    void shouldReportAFailedUploadAndAcceptTheBatchAgain() {
        FakeSnowflake skipping = new FakeSnowflake()
                .answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA", row(1L))
                .answerWithLabels("PUT", List.of("source", "status"), row("a", "SKIPPED"));
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), skipping);
                LoadSession session = w.openLoad(spec(false, true, "r1"))) {
            CsvBatch b = batch(0, SIMPLE, row("A", "alpha", "1", null));

            assertThatThrownBy(() -> session.addBatch(b))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.STAGE_NOT_WRITABLE))
                    .hasMessageContaining("batch 0 of Account was not uploaded to @\"SALESFORCE_STAGE\"/Account/r1/:"
                            + " PUT reported SKIPPED");

            skipping.answerFirst("PUT");
            session.addBatch(b);
            assertThat(skipping.log.stream().filter(x -> x.startsWith("PUT"))).hasSize(2);
        }
    }

    @Test
    void shouldRejectBadSpecsBeforeTouchingSnowflake() {
        warehouse = new SnowflakeWarehouse(settings(Map.of()), fake);

        assertThatThrownBy(() -> warehouse.openLoad(new LoadSpec(new TableRef("RAW", "ACCOUNTS; DROP TABLE x"),
                TestBatches.simple("Account"), "Id", null, false, false, null, "r1")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> warehouse.openLoad(new LoadSpec(ACCOUNTS, TestBatches.simple("Account"),
                "ExternalId__c", null, false, false, null, "r1")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
        assertThatThrownBy(() -> warehouse.openLoad(new LoadSpec(ACCOUNTS, TestBatches.simple("Account"), "Id", null,
                false, true, null, "r1")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> warehouse.openLoad(spec(false, false, "../../etc")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
        assertThat(fake.opened).hasValue(0);
    }

    @Test
    void shouldReturnTheSessionToThePoolAndDeleteTheLocalFilesWhateverTheOutcome() throws IOException {
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(1L, 1L, 0L));
        List<Path> before = tempFolders();

        load(spec(false, false, "r1"), batch(0, SIMPLE, row("A", "alpha", "1.00", null)));
        try (LoadSession aborted = warehouse.openLoad(spec(false, true, "r2"))) {
            aborted.addBatch(batch(0, SIMPLE, row("A", "alpha", "1.00", null)));
        }

        assertThat(fake.opened).as("one session, reused").hasValue(1);
        assertThat(fake.closed).hasValue(0);
        assertThat(tempFolders()).isEqualTo(before);
        warehouse.close();
        assertThat(fake.closed).hasValue(1);
    }

    @Test
    void shouldLoadTheIdsAndDeleteInsideTheMergeTransactionInHardModeWithReconciliation() {
        List<io.sfsync.salesforce.SfField> fields = new ArrayList<>(TestBatches.simple("Account").fields());
        fields.add(TestBatches.field("IsDeleted", "boolean", 0, 0, 0, 0));
        io.sfsync.salesforce.SObjectSchema schema = new io.sfsync.salesforce.SObjectSchema("Account", fields);
        List<Column> all = TypeMapping.columns(schema.extracted());
        Column deleted = all.get(4);
        List<String> header = List.of("Id", "Name", "Amount__c", "SystemModstamp", "IsDeleted");
        TableRef ids = new TableRef("RAW", "ACCOUNTS__stg_r1_ids");
        fake.answer("SELECT COUNT(*), COUNT(DISTINCT", row(2L, 2L, 0L))
                .answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES", row(1L))
                .answer("SELECT COLUMN_NAME", row("Id", "TEXT", 18L, null, null), row("Name", "TEXT", 255L, null, null),
                        row("Amount__c", "NUMBER", null, 18L, 2L), row("SystemModstamp", "TIMESTAMP_TZ", null, null, null),
                        row("IsDeleted", "BOOLEAN", null, null, null))
                .answer("SELECT COUNT(*) FROM \"RAW\".\"ACCOUNTS__stg_r1_ids\"", row(1L))
                .answer("DELETE FROM \"RAW\".\"ACCOUNTS\" WHERE \"Id\" NOT IN", row(1L));
        LoadSpec spec = new LoadSpec(ACCOUNTS, schema, "Id", "SystemModstamp", false, false, STAGE, "r1",
                io.sfsync.api.DeleteMode.HARD, true, "bulk_api_incremental");

        try (LoadSession session = open(spec)) {
            session.addBatch(batch(0, header, row("A", "alpha", "1.00", "2024-01-02T00:00:00.000Z", "false"),
                    row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z", "true")));
            session.addIds(batch(1, List.of("Id"), row("A")));
            session.commit("750r1");
        }

        List<String> s = statements();
        assertThat(s).containsSequence(dialect.createStaging(STAGING, header), dialect.createStaging(ids,
                List.of("Id")));
        assertThat(s).containsSequence(
                "PUT 'file://<tmp>/ids_Account_r1_000001.csv' @~/sfsync/Account/r1/ AUTO_COMPRESS = TRUE"
                        + " SOURCE_COMPRESSION = NONE OVERWRITE = TRUE",
                dialect.copyIntoStaging(ids, List.of("Id"), "@~/sfsync/Account/r1/",
                        List.of("ids_Account_r1_000001.csv.gz")),
                "REMOVE @~/sfsync/Account/r1/ids_Account_r1_000001.csv.gz");
        assertThat(s.subList(s.indexOf("-- autocommit false"), s.size())).containsExactly(
                "-- autocommit false",
                dialect.deleteFlaggedFromTarget(ACCOUNTS, STAGING, all, id, modstamp, deleted, false),
                dialect.deleteFlaggedFromStaging(STAGING, all, id, modstamp, deleted, false),
                dialect.deleteTrue(ACCOUNTS, "IsDeleted"),
                dialect.merge(STAGING, ACCOUNTS, all, id, modstamp, false),
                dialect.countRows(ids),
                dialect.deleteMissingKeys(ACCOUNTS, ids, id),
                dialect.deleteByKey(STATE, "target_table") + " [RAW.ACCOUNTS]",
                dialect.insertHistory(STATE, SyncStateTable.COLUMNS.stream().map(Column::name).toList())
                        + " [RAW.ACCOUNTS, Account, SystemModstamp, null, r1, 750r1, bulk_api_incremental, <now>, null,"
                        + " hard]",
                "-- commit",
                "-- autocommit true",
                dialect.dropTable(STAGING),
                dialect.dropTable(ids));
    }

    /** The state table made ready (once per warehouse), then read, then the run's newest staged watermark. */
    private List<String> stateSetupAndRead() {
        return List.of(dialect.schemaExists() + " [SFSYNC_CONTROL]",
                dialect.createTable(STATE, SyncStateTable.COLUMNS),
                dialect.listColumns() + " [SFSYNC_CONTROL, sfsync_state]",
                dialect.tableExists() + " [SFSYNC_CONTROL, sfsync_state]",
                dialect.maxStaged(STAGING, modstamp));
    }

    /** The target's state row replaced (inside the load's transaction on the merge path). */
    private List<String> stateWrite(String method, String retained) {
        return List.of(dialect.deleteByKey(STATE, "target_table") + " [RAW.ACCOUNTS]",
                dialect.insertHistory(STATE, SyncStateTable.COLUMNS.stream().map(Column::name).toList())
                        + " [RAW.ACCOUNTS, Account, SystemModstamp, null, r1, null, " + method + ", <now>, " + retained
                        + ", soft]");
    }

    private List<String> statements() {
        List<String> out = new ArrayList<>();
        for (String s : fake.statements()) {
            out.add(s.replaceAll("'file://[^']*/", "'file://<tmp>/")
                    .replaceAll("\\d{4}-\\d\\d-\\d\\d[T ][0-9:.]+Z?", "<now>"));
        }
        return out;
    }

    private LoadSession open(LoadSpec spec) {
        if (warehouse == null) {
            warehouse = new SnowflakeWarehouse(settings(Map.of()), fake);
        }
        return warehouse.openLoad(spec);
    }

    private LoadOutcome load(LoadSpec spec, CsvBatch... batches) {
        try (LoadSession session = open(spec)) {
            for (CsvBatch b : batches) {
                session.addBatch(b);
            }
            return session.commit();
        }
    }

    private static LoadSpec spec(boolean fullReplace, boolean viaStage, String runId) {
        return new LoadSpec(ACCOUNTS, TestBatches.simple("Account"), "Id", "SystemModstamp", fullReplace, viaStage,
                STAGE, runId);
    }

    static SnowflakeSettings settings(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>();
        p.put("sfsync.warehouse.snowflake.account-url", "https://acme-prod.snowflakecomputing.com");
        p.put("sfsync.warehouse.snowflake.user", "SFSYNC");
        p.put("sfsync.warehouse.snowflake.password", "not-a-real-password");
        p.put("sfsync.warehouse.snowflake.database", "ANALYTICS");
        p.put("sfsync.warehouse.snowflake.schema", "RAW");
        p.putAll(extra);
        return SnowflakeSettings.from(p::get);
    }

    private static List<Path> tempFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sfsync-Account-")).sorted().toList();
        }
    }
}
