package io.sfsync.warehouse.snowflake;

import static io.sfsync.warehouse.TestBatches.batch;
import static io.sfsync.warehouse.TestBatches.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.snowflakeemulator.engine.QueryRecord;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.LoadSession;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.TestBatches;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a Snowflake load orchestrates its statements, seen from the offline Snowflake's query history (through the real
 * driver): batches wait in a stage and are copied by one COPY at commit; every value is checked before any DDL; bad
 * specs never reach Snowflake; the user stage and the local files are cleaned up whatever the outcome; a refused
 * upload can be retried. What the loads produce is the behaviour suite's ({@link SnowflakeWarehouseBehaviourIT}).
 */
@LoopbackOnly
class SnowflakeLoadSessionIT {
    private static final List<String> SIMPLE = List.of("Id", "Name", "Amount__c", "SystemModstamp");

    @TempDir
    static Path dir;
    private static OfflineSnowflake offline;
    private SnowflakeWarehouse warehouse;
    private TableRef target;
    private int seen;

    @BeforeAll
    static void start() throws Exception {
        offline = OfflineSnowflake.start(dir.resolve("snowflake"), false, "RAW", "SFSYNC_CONTROL");
        offline.admin("CREATE STAGE \"RAW\".\"SALESFORCE_STAGE\"",
                "GRANT READ, WRITE ON STAGE \"RAW\".\"SALESFORCE_STAGE\" TO ROLE " + OfflineSnowflake.ROLE,
                "CREATE STAGE \"RAW\".\"LOCKED\"");
    }

    @AfterAll
    static void stop() {
        if (offline != null) {
            offline.close();
        }
    }

    @BeforeEach
    void open() {
        Map<String, String> p = new HashMap<>(offline.settings());
        p.put(SnowflakeSettings.PREFIX + "schema", "RAW");
        warehouse = new SnowflakeWarehouse(SnowflakeSettings.from(p::get));
        target = new TableRef("RAW", "ACC_" + Long.toHexString(System.nanoTime()).toUpperCase());
        seen = offline.emulator().engine().queryHistory().size();
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    /** Statements sfsync's user ran since the test began. */
    private List<QueryRecord> statements() {
        List<QueryRecord> all = offline.emulator().engine().queryHistory();
        return all.subList(seen, all.size()).stream().filter(q -> q.user().equals(OfflineSnowflake.USER)).toList();
    }

    private long count(String prefix) {
        return statements().stream().filter(q -> q.sqlText().startsWith(prefix)).count();
    }

    private LoadSpec spec(boolean full, boolean viaStage, String stage, String runId) {
        return new LoadSpec(target, TestBatches.simple("Account"), "Id", "SystemModstamp", full, viaStage, stage,
                runId);
    }

    private List<String> userStage() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("LIST @~")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void shouldPutEveryBatchThenCopyThemAllWithOneStatementAtCommitAndEmptyTheUserStage() throws Exception {
        LoadOutcome outcome;
        try (LoadSession session = warehouse.openLoad(spec(false, false, null, "m1"))) {
            session.addBatch(batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
            session.addBatch(batch(1, SIMPLE, row("B", "beta", "2.00", "2024-01-01T00:00:00.000Z")));
            session.addBatch(batch(2, SIMPLE, row("C", "gamma", "3.00", "2024-01-01T00:00:00.000Z")));
            assertThat(count("COPY INTO")).as("nothing copied before the commit").isZero();
            outcome = session.commit();
        }

        assertThat(outcome.rowsInserted()).isEqualTo(3);
        assertThat(count("PUT ")).isEqualTo(3);
        assertThat(count("COPY INTO")).isEqualTo(1);
        assertThat(statements()).filteredOn(q -> q.sqlText().startsWith("COPY INTO"))
                .allSatisfy(q -> assertThat(q.files()).isEqualTo(3));
        assertThat(userStage()).isEmpty();
        assertThat(statements()).filteredOn(q -> q.sqlText().startsWith("MERGE INTO")
                || q.sqlText().startsWith("CREATE TABLE IF NOT EXISTS \"RAW\""))
                .isNotEmpty()
                .allSatisfy(q -> assertThat(q.queryTag()).isEqualTo("sfsync Account -> " + target + " run m1"));
    }

    @Test
    void shouldCheckEveryValueBeforeAnyDdlAndLeaveNothingBehind() throws Exception {
        List<Path> before = tempFolders();
        try (LoadSession session = warehouse.openLoad(spec(false, false, null, "bad1"))) {
            session.addBatch(batch(0, SIMPLE, row("A", "alpha", "not a number", "2024-01-01T00:00:00.000Z")));
            assertThatThrownBy(session::commit)
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.TYPE_MISMATCH))
                    .hasMessageContaining("Amount__c").hasMessageContaining("'not a number'");
        }

        assertThat(warehouse.tableExists(target)).isFalse();
        assertThat(statements()).noneMatch(q -> q.sqlText().startsWith("CREATE TABLE IF NOT EXISTS \"RAW\".\""
                + target.table() + "\""));
        assertThat(userStage()).isEmpty();
        assertThat(tempFolders()).isEqualTo(before);
    }

    @Test
    void shouldRejectBadSpecsBeforeTouchingSnowflake() {
        assertThatThrownBy(() -> warehouse.openLoad(new LoadSpec(new TableRef("RAW", "ACCOUNTS; DROP TABLE x"),
                TestBatches.simple("Account"), "Id", null, false, false, null, "r1")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> warehouse.openLoad(new LoadSpec(target, TestBatches.simple("Account"),
                "ExternalId__c", null, false, false, null, "r1")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
        assertThatThrownBy(() -> warehouse.openLoad(spec(false, false, null, "../../etc")))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
        assertThat(statements()).isEmpty();
    }

    @Test
    void shouldReportARefusedUploadAndAcceptTheSameBatchOnceTheStageIsWritable() throws Exception {
        try (LoadSession session = warehouse.openLoad(spec(false, true, "@RAW.LOCKED", "s1"))) {
            var b = batch(0, SIMPLE, row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z"));
            assertThatThrownBy(() -> session.addBatch(b))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.STAGE_NOT_WRITABLE))
                    .hasMessageContaining("cannot upload batch 0 of Account to @\"RAW\".\"LOCKED\"/Account/s1/");

            offline.admin("GRANT READ, WRITE ON STAGE \"RAW\".\"LOCKED\" TO ROLE " + OfflineSnowflake.ROLE);
            session.addBatch(b);
            assertThat(session.commit().rowsInserted()).isEqualTo(1);
        }
        assertThat(count("PUT ")).isEqualTo(2);
    }

    @Test
    void shouldUseOneSessionForLoadsOneAfterAnother() throws Exception {
        for (String run : List.of("p1", "p2")) {
            try (LoadSession session = warehouse.openLoad(spec(false, false, null, run))) {
                session.addBatch(batch(0, SIMPLE, row("A", "alpha " + run, "1.00", "2024-01-01T00:00:00.000Z")));
                session.commit();
            }
        }
        assertThat(statements().stream().map(QueryRecord::sessionId).distinct()).hasSize(1);
    }

    private static List<Path> tempFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sfsync-Account-")).sorted().toList();
        }
    }
}
