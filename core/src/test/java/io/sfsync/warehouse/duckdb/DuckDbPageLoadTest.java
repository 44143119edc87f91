package io.sfsync.warehouse.duckdb;

import static io.sfsync.warehouse.TestBatches.ACCOUNT_COLUMNS;
import static io.sfsync.warehouse.TestBatches.batch;
import static io.sfsync.warehouse.TestBatches.page;
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
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk pages loaded as they came (unparsed, one file each, read at commit) give the same tables as the same rows in
 * batches, on every path; a first full sync converts them straight into the new table and falls back to staging for
 * duplicate keys and values that do not convert.
 */
class DuckDbPageLoadTest {
    private static final String STAGE = "@SFSYNC_STAGE";
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
    void shouldLoadPagesIntoTheSameTableAsBatchesOnEveryPath() throws Exception {
        CsvBatch first = batch(0, ACCOUNT_COLUMNS,
                row("001000000000001AAA", "Acme, \"Quoted\" Inc.", DESCRIPTION, "Order-1", "Hot", "1234.5", "12.75",
                        "true", "42", "9007199254740993", "2024-01-15", "10:30:00.123Z", "2024-01-15T10:30:00.123Z",
                        "Zürich"),
                row("001000000000002AAA", null, null, null, null, null, null, "false", null, null, null, null,
                        "2024-02-29T23:59:59.999Z", null));
        CsvBatch second = batch(1, "\r\n", ACCOUNT_COLUMNS,
                row("001000000000003AAA", "", "a\nb", "", "", "-0.01", "1.5E3", "false", "-7", "0", "1999-12-31",
                        "00:00:00.000Z", "2000-01-01T00:00:00.000Z", ""));
        CsvBatch changes = batch(2, ACCOUNT_COLUMNS,
                row("001000000000002AAA", "now named", null, null, null, "5", null, "true", null, null, null,
                        "23:59:59.999Z", "2024-03-01T00:00:00.000Z", "Bern"),
                row("001000000000004AAA", "new", "d", "o", "s", "1", "2", "false", "3", "4", "2024-01-01",
                        "01:02:03.000Z", "2024-03-01T00:00:00.000Z", "c"));
        int n = 0;
        for (boolean viaStage : new boolean[] {false, true}) {
            TableRef byBatch = new TableRef("RAW", "BATCHES" + n);
            TableRef byPage = new TableRef("RAW", "PAGES" + n);
            n++;
            LoadOutcome fullBatches = loadBatches(spec(byBatch, TestBatches.account(), true, viaStage, "b" + n),
                    first, second);
            LoadOutcome fullPages = loadPages(spec(byPage, TestBatches.account(), true, viaStage, "p" + n), first,
                    second);
            assertThat(fullPages).isEqualTo(fullBatches);
            assertThat(all(byPage)).isEqualTo(all(byBatch)).hasSize(3);

            LoadOutcome incBatches = loadBatches(spec(byBatch, TestBatches.account(), false, viaStage, "bi" + n),
                    changes);
            LoadOutcome incPages = loadPages(spec(byPage, TestBatches.account(), false, viaStage, "pi" + n), changes);
            assertThat(List.of(incPages.rowsLoaded(), incPages.rowsInserted(), incPages.rowsUpdated()))
                    .containsExactly(2L, 1L, 1L);
            assertThat(incPages.watermark()).isEqualTo(incBatches.watermark());
            assertThat(all(byPage)).isEqualTo(all(byBatch)).hasSize(4);

            LoadOutcome againBatches = loadBatches(spec(byBatch, TestBatches.account(), true, viaStage, "bf" + n),
                    first, changes);
            LoadOutcome againPages = loadPages(spec(byPage, TestBatches.account(), true, viaStage, "pf" + n), first,
                    changes);
            assertThat(againPages).isEqualTo(againBatches);
            assertThat(all(byPage)).isEqualTo(all(byBatch)).hasSize(3);
        }
        assertThat(filesUnder(dir.resolve("stage"))).isEmpty();
        assertThat(dir.resolve("db/sfsync.duckdb.pages")).as("merge-path pages removed with their folders")
                .doesNotExist();
    }

    @Test
    void shouldKeepTheNewestRowOfAKeyThatSeveralPagesHold() throws Exception {
        CsvBatch older = batch(0, SIMPLE, row("A", "old", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "first", "1.00", "2024-01-01T00:00:00.000Z"));
        CsvBatch newer = batch(1, SIMPLE, row("A", "new", "2.00", "2024-01-02T00:00:00.000Z"),
                row("B", "second", "2.00", "2024-01-01T00:00:00.000Z"));
        TableRef accounts = new TableRef("RAW", "ACCOUNTS");

        LoadOutcome outcome = loadPages(spec(accounts, TestBatches.simple("Account"), true, true, "r1"), older,
                newer);

        assertThat(List.of(outcome.rowsLoaded(), outcome.rowsInserted(), outcome.rowsUpdated()))
                .containsExactly(4L, 2L, 0L);
        assertThat(values("SELECT \"Id\", \"Name\", \"Amount__c\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\""))
                .containsExactly(List.of("A", "new", new BigDecimal("2.00")),
                        List.of("B", "second", new BigDecimal("2.00")));
        assertThat(tables()).containsExactly("ACCOUNTS");
    }

    @Test
    void shouldLoadManyPagesStraightIntoTheNewTableAndStillResolveAKeyThatALatePageRepeats() throws Exception {
        List<CsvBatch> pages = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            String[][] rows = new String[3][];
            for (int r = 0; r < 3; r++) {
                int id = p * 3 + r;
                rows[r] = row("K" + id, "name " + id, id + ".25", "2024-01-01T00:00:00.000Z");
            }
            pages.add(batch(p, SIMPLE, rows));
        }
        TableRef unique = new TableRef("RAW", "UNIQUE_KEYS");
        LoadOutcome once = loadPages(spec(unique, TestBatches.simple("Account"), true, false, "u1"),
                pages.toArray(CsvBatch[]::new));
        assertThat(List.of(once.rowsLoaded(), once.rowsInserted())).containsExactly(60L, 60L);
        assertThat(values("SELECT COUNT(*), SUM(\"Amount__c\") FROM \"RAW\".\"UNIQUE_KEYS\""))
                .containsExactly(List.of(60L, new BigDecimal("1785.00")));

        pages.add(batch(20, SIMPLE, row("K1", "renamed", "9.00", "2024-01-02T00:00:00.000Z")));
        TableRef repeated = new TableRef("RAW", "REPEATED_KEY");
        LoadOutcome twice = loadPages(spec(repeated, TestBatches.simple("Account"), true, true, "u2"),
                pages.toArray(CsvBatch[]::new));
        assertThat(List.of(twice.rowsLoaded(), twice.rowsInserted())).containsExactly(61L, 60L);
        assertThat(values("SELECT \"Name\", \"Amount__c\" FROM \"RAW\".\"REPEATED_KEY\" WHERE \"Id\" = 'K1'"))
                .containsExactly(List.of("renamed", new BigDecimal("9.00")));
        assertThat(tables()).containsExactly("REPEATED_KEY", "UNIQUE_KEYS");
    }

    @Test
    void shouldReadIncrementalPagesInPlaceAndStillResolveRepeatedKeysHardDeletesAndBadValues() throws Exception {
        // A stage folder whose path holds a quote: the view names the files as SQL literals.
        warehouse.close();
        warehouse = new DuckDbWarehouse(dir.resolve("db/sfsync.duckdb"), dir.resolve("it's stage"), "ops");
        SObjectSchema schema = new SObjectSchema("Account", List.of(TestBatches.field("Id", "id", 18, 0, 0, 0),
                TestBatches.field("Name", "string", 255, 0, 0, 0), TestBatches.field("IsDeleted", "boolean", 0, 0, 0, 0),
                TestBatches.field("Amount__c", "currency", 0, 18, 2, 0),
                TestBatches.field("SystemModstamp", "datetime", 0, 0, 0, 0)));
        List<String> header = List.of("Id", "Name", "IsDeleted", "Amount__c", "SystemModstamp");
        TableRef accounts = new TableRef("RAW", "ACCOUNTS");
        String day1 = "2024-01-01T00:00:00.000Z";
        String day2 = "2024-01-02T00:00:00.000Z";
        for (boolean viaStage : new boolean[] {false, true}) {
            String run = viaStage ? "s" : "m";
            loadPages(spec(accounts, schema, true, viaStage, run + "0"), batch(0, header,
                    row("A", "a", "false", "1.00", day1), row("B", "b", "false", "1.00", day1),
                    row("C", "c", "false", "1.00", day1)));

            // unique keys: read in place; an unchanged row (C) is not counted
            LoadOutcome plain = loadPages(spec(accounts, schema, false, viaStage, run + "1"),
                    batch(0, header, row("A", "a2", "false", "2.00", day2), row("C", "c", "false", "1.00", day1)),
                    batch(1, header, row("D", "d", "false", "4.00", day2)));
            assertThat(List.of(plain.rowsLoaded(), plain.rowsInserted(), plain.rowsUpdated()))
                    .containsExactly(3L, 1L, 1L);

            // a key in two pages: the newest row wins
            loadPages(spec(accounts, schema, false, viaStage, run + "2"),
                    batch(0, header, row("B", "b-new", "false", "3.00", day2)),
                    batch(1, header, row("B", "b-old", "false", "9.00", day1)));

            // hard delete: the deleted record's row goes
            LoadOutcome hard = loadPages(new LoadSpec(accounts, schema, "Id", "SystemModstamp", false, viaStage, STAGE,
                    run + "3", io.sfsync.api.DeleteMode.HARD, false, null),
                    batch(0, header, row("D", "d", "true", "4.00", "2024-01-03T00:00:00.000Z")));
            assertThat(hard.rowsDeleted()).isEqualTo(1L);

            assertThat(values("SELECT \"Id\", \"Name\", \"Amount__c\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY \"Id\""))
                    .containsExactly(List.of("A", "a2", new BigDecimal("2.00")),
                            List.of("B", "b-new", new BigDecimal("3.00")),
                            List.of("C", "c", new BigDecimal("1.00")));

            // a value that does not convert is named with its key and batch; the table is unchanged
            assertThatThrownBy(() -> loadPages(spec(accounts, schema, false, viaStage, run + "4"),
                    batch(0, header, row("A", "a3", "false", "5.00", "2024-01-04T00:00:00.000Z")),
                    batch(1, header, row("E", "e", "false", "a lot", "2024-01-04T00:00:00.000Z"))))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                    .hasMessageContaining("Amount__c").hasMessageContaining("E has 'a lot' in batch 1");
            assertThat(values("SELECT \"Name\" FROM \"RAW\".\"ACCOUNTS\" WHERE \"Id\" = 'A'"))
                    .containsExactly(List.of("a2"));
            assertThat(tables()).containsExactly("ACCOUNTS");
            try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE \"RAW\".\"ACCOUNTS\"");
            }
        }
    }

    @Test
    void shouldFailAtCommitWhenOneOfManyPagesIsMalformedAndLeaveNoTable() throws Exception {
        try (LoadSession session = warehouse.openLoad(spec(new TableRef("RAW", "ACCOUNTS"),
                TestBatches.simple("Account"), true, true, "e1"))) {
            session.addPage(page(new CsvBatch(0, SIMPLE, "\"Id\",\"Name\",\"Amount__c\",\"SystemModstamp\"\n\"A\",\"x\"\n"
                    .getBytes(StandardCharsets.UTF_8), 1)));
            for (int p = 1; p < 12; p++) {
                session.addPage(page(batch(p, SIMPLE, row("K" + p, "n", "1", "2024-01-01T00:00:00.000Z"))));
            }

            assertThatThrownBy(session::commit)
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                    .hasMessageContaining("Account_e1_000000.csv").hasMessageContaining("could not be read as CSV");
            assertThat(filesUnder(dir.resolve("stage"))).as("stage files kept after a failure, and the marker"
                    + " naming their target for the retention").hasSize(12 + 1)
                    .anyMatch(p -> p.getFileName().toString().equals(io.sfsync.warehouse.KeptFiles.MARKER));
        }
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldNameAValueOfAPageThatDoesNotConvert() throws Exception {
        CsvBatch good = batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"));
        CsvBatch bad = batch(1, SIMPLE, row("B", "beta", "a lot", "2024-01-01T00:00:00.000Z"));

        assertThatThrownBy(() -> loadPages(spec(new TableRef("RAW", "ACCOUNTS"), TestBatches.simple("Account"), true,
                false, "r1"), good, bad))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                .hasMessageContaining("Amount__c").hasMessageContaining("'a lot' in batch 1");
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldFailWhenAPageHoldsFewerRowsThanItAnnounced() throws Exception {
        CsvBatch cut = batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"),
                row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z"));
        for (boolean full : new boolean[] {true, false}) {
            try (LoadSession session = warehouse.openLoad(spec(new TableRef("RAW", "ACCOUNTS"),
                    TestBatches.simple("Account"), full, true, "r" + full))) {
                session.addPage(page(cut, 3));

                assertThatThrownBy(session::commit)
                        .isInstanceOfSatisfying(WarehouseException.class,
                                e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                        .hasMessageContaining("announced 3 rows (Sforce-NumberOfRecords), but 2 were read")
                        .hasMessageContaining("Account_r" + full + "_000000.csv");
            }
            assertThat(tables()).isEmpty();
            assertThat(filesUnder(dir.resolve("stage")).stream().map(p -> p.getFileName().toString()))
                    .contains("Account_r" + full + "_000000.csv");
        }
    }

    @Test
    void shouldRefuseAMalformedPageNamingItsFile() throws Exception {
        CsvBatch broken = new CsvBatch(4, SIMPLE, "\"Id\",\"Name\",\"Amount__c\",\"SystemModstamp\"\n\"A\",\"x\"\n"
                .getBytes(StandardCharsets.UTF_8), 1);
        for (boolean full : new boolean[] {true, false}) {
            try (LoadSession session = warehouse.openLoad(spec(new TableRef("RAW", "ACCOUNTS"),
                    TestBatches.simple("Account"), full, false, "m" + full))) {
                session.addPage(page(broken));

                assertThatThrownBy(session::commit)
                        .isInstanceOfSatisfying(WarehouseException.class,
                                e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                        .hasMessageContaining("Account_m" + full + "_000004.csv")
                        .hasMessageContaining("could not be read as CSV");
            }
        }
        assertThat(tables()).isEmpty();
    }

    @Test
    void shouldRefuseAPageWithAColumnTheTableDoesNotHaveAndAReusedSequence() {
        try (LoadSession session = warehouse.openLoad(spec(new TableRef("RAW", "ACCOUNTS"),
                TestBatches.simple("Account"), true, false, "r1"))) {
            assertThatThrownBy(() -> session.addPage(page(batch(0, List.of("Id", "Nope"), row("A", "x")))))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.SCHEMA_MISMATCH))
                    .hasMessageContaining("page 0 of Account has a column 'Nope'");
            session.addPage(page(batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"))));
            assertThatThrownBy(() -> session.addBatch(batch(0, SIMPLE, row("B", "b", "1", "2024-01-01T00:00:00Z"))))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
        }
    }

    private LoadSpec spec(TableRef target, SObjectSchema schema, boolean fullReplace, boolean viaStage,
            String runId) {
        return new LoadSpec(target, schema, "Id", "SystemModstamp", fullReplace, viaStage, STAGE, runId);
    }

    private LoadOutcome loadBatches(LoadSpec spec, CsvBatch... batches) {
        try (LoadSession session = warehouse.openLoad(spec)) {
            for (CsvBatch b : batches) {
                session.addBatch(b);
            }
            return session.commit();
        }
    }

    private LoadOutcome loadPages(LoadSpec spec, CsvBatch... batches) {
        try (LoadSession session = warehouse.openLoad(spec)) {
            for (CsvBatch b : batches) {
                session.addPage(page(b));
            }
            return session.commit();
        }
    }

    private List<List<Object>> all(TableRef table) throws SQLException {
        return values("SELECT * FROM \"" + table.schema() + "\".\"" + table.table() + "\" ORDER BY \"Id\"");
    }

    private List<String> tables() throws SQLException {
        return DuckDbQueries.rawTables(warehouse);
    }

    private List<List<Object>> values(String sql) throws SQLException {
        return DuckDbQueries.values(warehouse, sql);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        return DuckDbQueries.filesUnder(root);
    }
}
