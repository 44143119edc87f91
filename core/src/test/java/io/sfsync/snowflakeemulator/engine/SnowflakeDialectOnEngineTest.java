package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.warehouse.RunHistory;
import io.sfsync.warehouse.SyncStateTable;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.ColumnType;
import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.snowflake.SnowflakeDialect;
import io.sfsync.warehouse.snowflake.SnowflakeStageStatements;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every statement SnowflakeDialect builds, run on the engine against realistic staged CSV (gzip, header row, every
 * field quoted, empty field for null), as sfsync's Snowflake load runs them.
 */
class SnowflakeDialectOnEngineTest extends EngineTestSupport {

    private final SnowflakeDialect dialect = new SnowflakeDialect();
    private final SnowflakeStageStatements stages = dialect.stages();
    private final Column id = new Column("Id", ColumnType.text(18));
    private final Column name = new Column("Name", ColumnType.text(20));
    private final Column amount = new Column("Amount__c", ColumnType.decimal(10, 2));
    private final Column deleted = new Column("IsDeleted", ColumnType.BOOLEAN);
    private final Column modified = new Column("LastModifiedDate", ColumnType.TIMESTAMP_TZ);
    private final Column close = new Column("CloseDate", ColumnType.DATE);
    private final Column start = new Column("Start__c", ColumnType.TIME);
    private final Column count = new Column("Count__c", ColumnType.BIGINT);
    private final Column ratio = new Column("Ratio__c", ColumnType.DOUBLE);
    private final List<Column> columns = List.of(id, name, amount, deleted, modified, close, start, count, ratio);
    private final List<String> header = columns.stream().map(Column::name).toList();
    private final TableRef target = new TableRef("RAW", "Account");
    private SnowflakeStageStatements.StageRef stage;

    @BeforeEach
    void setUpSession() throws SnowflakeError {
        for (String sql : dialect.sessionSetup()) {
            assertThat(run(sql).statementTypeId()).isEqualTo(0x4100);
        }
        assertThat(single(dialect.schemaExists(), "RAW")).isEqualTo(0L);
        run(dialect.createSchema("RAW"));
        assertThat(single(dialect.schemaExists(), "RAW")).isEqualTo(1L);
        run("USE SCHEMA PUBLIC");
        stage = stages.stage("@SALESFORCE_STAGE");
        assertThat(single(stages.stageExists(stage), null, "SALESFORCE_STAGE")).isEqualTo(0L);
        run(stages.createStage(stage));
        assertThat(single(stages.stageExists(stage), null, "SALESFORCE_STAGE")).isEqualTo(1L);
    }

    /** What the driver does for a PUT with AUTO_COMPRESS: gzip the local file into the stage folder. */
    private String put(String location, String fileName, String csv) throws SnowflakeError, IOException {
        Path local = dir.resolve(fileName);
        Files.writeString(local, csv, StandardCharsets.UTF_8);
        QueryResult r = run(stages.put(local, location));
        assertThat(r.statementTypeId()).isEqualTo(0x7102);
        FileTransfer t = r.transfer();
        assertThat(t.command()).isEqualTo("UPLOAD");
        assertThat(t.sourceLocations()).containsExactly(local.toAbsolutePath().toString());
        assertThat(t.autoCompress()).isTrue();
        assertThat(t.overwrite()).isTrue();
        assertThat(t.sourceCompression()).isEqualTo("NONE");
        Files.createDirectories(t.stageDirectory());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(t.stageDirectory().resolve(fileName
                + ".gz")))) {
            out.write(csv.getBytes(StandardCharsets.UTF_8));
        }
        return fileName + ".gz";
    }

    private static String csv(String... rows) {
        StringBuilder b = new StringBuilder();
        for (String r : rows) {
            b.append(r).append("\r\n");
        }
        return b.toString();
    }

    private static final String HEADER = "\"Id\",\"Name\",\"Amount__c\",\"IsDeleted\",\"LastModifiedDate\",\"CloseDate\","
            + "\"Start__c\",\"Count__c\",\"Ratio__c\"";

    @Test
    void stagePathLoadMergeAndReplace() throws Exception {
        String location = stages.stageLocation(stage, StageFiles.runFolder("Account", "r1"));
        String file0 = put(location, StageFiles.fileName("Account", "r1", 0), csv(HEADER,
                "\"001A\",\"Acme\",\"12.50\",\"false\",\"2024-01-15T10:30:00.000Z\",\"2024-02-01\",\"10:30:00.000Z\","
                        + "\"7\",\"0.5\"",
                "\"001B\",\"\",\"\",\"true\",\"2024-01-16T10:30:00.000Z\",\"\",\"\",\"\",\"\""));
        String file1 = put(location, StageFiles.fileName("Account", "r1", 1), csv(HEADER,
                "\"001A\",\"Acme \"\"New\"\"\nline 2\",\"13.00\",\"false\",\"2024-01-17T10:30:00.000Z\",\"2024-02-01\","
                        + "\"10:30:00.000Z\",\"8\",\"1.5\""));
        List<List<Object>> listed = rows(stages.list(location));
        assertThat(listed).extracting(r -> r.get(0)).containsExactly(
                "salesforce_stage/Account/r1/Account_r1_000000.csv.gz",
                "salesforce_stage/Account/r1/Account_r1_000001.csv.gz");

        TableRef staging = dialect.stagingTable(target, "r1");
        run(dialect.createStaging(staging, header));
        QueryResult copy = run(stages.copyIntoStaging(staging, header, location, List.of(file0, file1)));
        assertThat(copy.statementTypeId()).isEqualTo(0x3600);
        assertThat(copy.columns()).extracting(ColumnMeta::name).containsExactly("file", "status", "rows_parsed",
                "rows_loaded", "error_limit", "errors_seen", "first_error", "first_error_line",
                "first_error_character", "first_error_column_name");
        assertThat(copy.rows()).extracting(r -> r[1] + " " + r[3]).containsExactly("LOADED 2", "LOADED 1");
        // load metadata: the same files are not loaded twice
        assertThat(rows(stages.copyIntoStaging(staging, header, location, List.of(file0, file1))))
                .containsExactly(List.of("Copy executed with 0 files processed."));
        assertThat(rows("SELECT \"Id\", \"Name\", \"_sfsync_batch\", \"_sfsync_row\" FROM " + dialect.table(staging)
                + " ORDER BY 3, 4")).containsExactly(
                Arrays.asList("001A", "Acme", new BigDecimal("0"), new BigDecimal("1")),
                Arrays.asList("001B", null, new BigDecimal("0"), new BigDecimal("2")),
                Arrays.asList("001A", "Acme \"New\"\nline 2", new BigDecimal("1"), new BigDecimal("1")));

        assertThat(rows(dialect.stagingStats(staging, id))).containsExactly(List.of(3L, 2L, 0L));
        List<Column> typed = columns.stream().filter(c -> !c.type().isText()).toList();
        assertThat(rows(dialect.conversionFailures(staging, typed)).get(0)).allMatch(v -> v.equals(0L));

        assertThat(single(dialect.tableExists(), "RAW", "Account")).isEqualTo(0L);
        run(dialect.createTable(target, columns));
        assertThat(single(dialect.tableExists(), "RAW", "Account")).isEqualTo(1L);
        assertThat(single(dialect.tableExists(), "RAW", "ACCOUNT")).isEqualTo(0L);
        assertThat(rows(dialect.listColumns(), "RAW", "Account")).extracting(r -> r.get(0))
                .containsExactlyElementsOf(header);
        List<ColumnType> types = new ArrayList<>();
        for (List<Object> r : rows(dialect.listColumnTypes(), "RAW", "Account")) {
            types.add(dialect.columnType((String) r.get(1), r.get(2) == null ? 0 : ((Number) r.get(2)).longValue(),
                    r.get(3) == null ? 0 : ((Number) r.get(3)).intValue(),
                    r.get(4) == null ? 0 : ((Number) r.get(4)).intValue()));
        }
        assertThat(types).containsExactlyElementsOf(columns.stream().map(c -> c.type().kind()
                == ColumnType.Kind.INTEGER ? ColumnType.BIGINT : c.type()).toList());

        assertThat(single(dialect.countNewKeys(staging, target, id))).isEqualTo(2L);
        QueryResult merge = run(dialect.merge(staging, target, columns, id, modified, true));
        assertThat(merge.columns()).extracting(ColumnMeta::name).containsExactly("number of rows inserted",
                "number of rows updated");
        assertThat(merge.rows().get(0)).containsExactly(2L, 0L);
        assertThat(single(dialect.countChangedRows(staging, target, columns, id, modified, true))).isEqualTo(0L);
        assertThat(rows("SELECT * FROM " + dialect.table(target) + " ORDER BY \"Id\"")).containsExactly(
                Arrays.asList("001A", "Acme \"New\"\nline 2", new BigDecimal("13.00"), false,
                        OffsetDateTime.parse("2024-01-17T10:30:00Z"), LocalDate.of(2024, 2, 1), LocalTime.of(10, 30),
                        new BigDecimal("8"), 1.5),
                Arrays.asList("001B", null, null, true, OffsetDateTime.parse("2024-01-16T10:30:00Z"), null, null,
                        null, null));
        assertThat(single(dialect.maxValue(target, "LastModifiedDate")))
                .isEqualTo(OffsetDateTime.parse("2024-01-17T10:30:00Z"));
        assertThat(single(dialect.maxStaged(staging, modified))).isEqualTo(OffsetDateTime.parse(
                "2024-01-17T10:30:00Z"));
        assertThat(single(dialect.countRows(target))).isEqualTo(2L);

        // full replace: a fresh table, swapped in, then the old rows dropped
        TableRef fresh = new TableRef("RAW", "Account_r1_new");
        run(dialect.createTable(fresh, columns));
        assertThat(run(dialect.insertFromStaging(staging, fresh, columns, id, modified, true)).rows().get(0))
                .containsExactly(2L);
        run(dialect.addColumn(target, new Column("Legacy__c", ColumnType.text(10))));
        run("UPDATE " + dialect.table(target) + " SET \"Legacy__c\" = 'kept'");
        run(dialect.addColumn(fresh, new Column("Legacy__c", ColumnType.text(10))));
        assertThat(run(dialect.copyColumns(fresh, target, id, List.of("Legacy__c"))).rows().get(0)[0])
                .isEqualTo(2L);
        for (String sql : dialect.replaceTable(fresh, target)) {
            run(sql);
        }
        assertThat(single(dialect.tableExists(), "RAW", "Account_r1_new")).isEqualTo(0L);
        assertThat(rows("SELECT \"Legacy__c\" FROM " + dialect.table(target))).containsOnly(List.of("kept"));
        run(dialect.widenColumn(target, new Column("Name", ColumnType.text(40))));
        run(dialect.widenColumn(target, new Column("Amount__c", ColumnType.decimal(12, 2))));
        assertThat(rows(dialect.listColumnTypes(), "RAW", "Account").subList(1, 3)).containsExactly(
                Arrays.asList("Name", "TEXT", 40L, null, null), Arrays.asList("Amount__c", "NUMBER", null, 12L, 2L));
        run(dialect.renameTable(target, "Account_old"));
        assertThat(single(dialect.tableExists(), "RAW", "Account_old")).isEqualTo(1L);

        assertThat(rows(stages.remove(location))).extracting(r -> r.get(1)).containsExactly("removed", "removed");
        assertThat(rows(stages.list(location))).isEmpty();
        run(dialect.dropTable(staging));
    }

    @Test
    void badValuesFailStrictConversionsAndAreDiagnosed() throws Exception {
        String location = stages.userStageLocation(StageFiles.runFolder("Account", "r2"));
        String file = put(location, StageFiles.fileName("Account", "r2", 0), csv(HEADER,
                "\"001A\",\"Acme\",\"12.5x\",\"false\",\"2024-01-15T10:30:00.000Z\",\"2024-02-01\",\"10:30:00.000Z\","
                        + "\"7\",\"0.5\""));
        TableRef staging = dialect.stagingTable(target, "r2");
        run(dialect.createStaging(staging, header));
        run(stages.copyIntoStaging(staging, header, location, List.of(file)));
        List<Column> typed = columns.stream().filter(c -> !c.type().isText()).toList();
        assertThat(rows(dialect.conversionFailures(staging, typed)).get(0))
                .containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 0L);
        assertThat(rows(dialect.firstUnconvertible(staging, amount, id)))
                .containsExactly(List.of("001A", "12.5x", new BigDecimal("0")));
        run(dialect.createTable(target, columns));
        SnowflakeError e = error(dialect.merge(staging, target, columns, id, modified, false));
        assertThat(e.errorCode()).isEqualTo("100038");
        assertThat(e.getMessage()).isEqualTo("Numeric value '12.5x' is not recognized");
        assertThat(rows(stages.remove(location))).hasSize(1);
    }

    @Test
    void deletesReconciliationAndStateStatements() throws Exception {
        run(dialect.createTable(target, columns));
        run("INSERT INTO " + dialect.table(target) + " (\"Id\", \"IsDeleted\", \"LastModifiedDate\") VALUES"
                + " ('001A', FALSE, '2024-01-01 00:00:00+00'), ('001B', FALSE, '2024-01-01 00:00:00+00'),"
                + " ('001C', TRUE, '2024-01-01 00:00:00+00')");
        TableRef staging = dialect.stagingTable(target, "r3");
        run(dialect.createStaging(staging, header));
        run("INSERT INTO " + dialect.table(staging) + " (\"Id\", \"IsDeleted\", \"LastModifiedDate\","
                + " \"_sfsync_batch\", \"_sfsync_row\") VALUES ('001A', 'true', '2024-02-01T00:00:00.000Z', 0, 1)");
        assertThat(rows(dialect.flaggedKeys(staging, columns, id, modified, deleted, true)))
                .containsExactly(List.of("001A"));
        assertThat(run(dialect.deleteFlaggedFromTarget(target, staging, columns, id, modified, deleted, true))
                .rows().get(0)).containsExactly(1L);
        assertThat(run(dialect.deleteFlaggedFromStaging(staging, columns, id, modified, deleted, true))
                .rows().get(0)).containsExactly(1L);
        assertThat(run(dialect.deleteTrue(target, "IsDeleted")).rows().get(0)).containsExactly(1L);

        TableRef ids = new TableRef("RAW", "Account_r3_ids");
        run(dialect.createStaging(ids, List.of("Id")));
        run("INSERT INTO " + dialect.table(ids) + " (\"Id\") VALUES ('001X')");
        assertThat(single(dialect.countMissingKeys(target, ids, id))).isEqualTo(1L);
        assertThat(run(dialect.flagMissingKeys(target, ids, id, "IsDeleted")).rows().get(0)[0]).isEqualTo(1L);
        assertThat(run(dialect.deleteMissingKeys(target, ids, id)).rows().get(0)).containsExactly(1L);
        // Snowflake has no FILTER clause: sfsync's Snowflake path never sends countCollectedRows
        assertThat(dialect.mergesThroughWorkTable()).isFalse();
        assertThat(error(dialect.countCollectedRows(ids, 0)).errorCode()).isEqualTo("001003");

        TableRef state = new TableRef("SFSYNC_CONTROL", "sfsync_state");
        run(dialect.createSchema(state.schema()));
        run(dialect.createTable(state, SyncStateTable.COLUMNS));
        run(dialect.createTable(state, SyncStateTable.COLUMNS));
        List<String> names = SyncStateTable.COLUMNS.stream().map(Column::name).toList();
        Object[] values = new Object[names.size()];
        values[0] = "RAW.Account";
        values[3] = OffsetDateTime.parse("2024-01-17T10:30:00Z");
        assertThat(run(dialect.insertHistory(state, names), values).rows().get(0)).containsExactly(1L);
        assertThat(rows(dialect.selectByKey(state, List.of("target_table", "watermark"), "target_table"),
                "RAW.Account")).containsExactly(List.of("RAW.Account", OffsetDateTime.parse("2024-01-17T10:30:00Z")));
        assertThat(run(dialect.deleteByKey(state, "target_table"), "RAW.Account").rows().get(0)).containsExactly(1L);

        TableRef history = new TableRef("SFSYNC_CONTROL", RunHistory.TABLE_NAME);
        run(dialect.createHistoryTable(history, RunHistory.COLUMNS));
        List<String> historyNames = RunHistory.COLUMNS.stream().map(Column::name).toList();
        Object[] h = new Object[historyNames.size()];
        h[0] = "run-1";
        h[4] = new BigDecimal(10);
        h[6] = 1.25;
        h[8] = OffsetDateTime.parse("2024-01-17T10:30:00Z");
        h[9] = Boolean.TRUE;
        run(dialect.insertHistory(history, historyNames), h);
        assertThat(rows("SELECT \"run_id\", \"estimated_records\", \"sync_duration_seconds\", \"success\" FROM "
                + dialect.table(history))).containsExactly(List.of("run-1", new BigDecimal("10"), 1.25, true));
    }
}
