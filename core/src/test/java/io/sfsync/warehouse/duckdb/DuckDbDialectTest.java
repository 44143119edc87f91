package io.sfsync.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.warehouse.RunHistory;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.ColumnType;
import io.sfsync.warehouse.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the exact text of every DuckDB statement. */
class DuckDbDialectTest {
    private static final TableRef TARGET = new TableRef("RAW", "ORDERS");
    private static final TableRef STAGING = new TableRef("temp", "ORDERS__stg_r1");
    private static final TableRef FRESH = new TableRef("RAW", "ORDERS__new_r1");
    private static final Column ID = new Column("Id", ColumnType.text(18));
    private static final Column ORDER = new Column("Order", ColumnType.TEXT);
    private static final Column SELECT = new Column("Select", ColumnType.TEXT);
    private static final Column AMOUNT = new Column("Amount__c", ColumnType.decimal(18, 2));
    private static final Column START = new Column("Start__c", ColumnType.TIME);
    private static final Column ACTIVE = new Column("IsActive__c", ColumnType.BOOLEAN);
    private static final Column MODSTAMP = new Column("SystemModstamp", ColumnType.TIMESTAMP_TZ);
    private static final List<Column> COLUMNS = List.of(ID, ORDER, SELECT, AMOUNT, START, ACTIVE, MODSTAMP);

    private static final String SOURCE = "SELECT \"Id\", \"Order\", \"Select\","
            + " CAST(\"Amount__c\" AS DECIMAL(18,2)) AS \"Amount__c\", CAST(rtrim(\"Start__c\", 'Z') AS TIME) AS"
            + " \"Start__c\", CAST(\"IsActive__c\" AS BOOLEAN) AS \"IsActive__c\", CAST(\"SystemModstamp\" AS"
            + " TIMESTAMPTZ) AS \"SystemModstamp\" FROM \"temp\".\"ORDERS__stg_r1\" QUALIFY ROW_NUMBER() OVER"
            + " (PARTITION BY \"Id\" ORDER BY CAST(\"SystemModstamp\" AS TIMESTAMPTZ) DESC NULLS LAST,"
            + " \"_sfsync_batch\" DESC, rowid DESC) = 1";

    private final DuckDbDialect dialect = new DuckDbDialect();

    @Test
    void quotesReservedWordsAndMixedCaseExactly() {
        assertThat(dialect.quote("Order")).isEqualTo("\"Order\"");
        assertThat(dialect.quote("Select")).isEqualTo("\"Select\"");
        assertThat(dialect.quote("Amount__c")).isEqualTo("\"Amount__c\"");
        assertThat(dialect.table(TARGET)).isEqualTo("\"RAW\".\"ORDERS\"");
    }

    @Test
    void sessionSetup() {
        assertThat(dialect.sessionSetup()).containsExactly("SET TimeZone = 'UTC'");
    }

    @Test
    void createSchema() {
        assertThat(dialect.createSchema("RAW")).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"RAW\"");
    }

    @Test
    void createTable() {
        assertThat(dialect.createTable(TARGET, COLUMNS)).isEqualTo("CREATE TABLE IF NOT EXISTS \"RAW\".\"ORDERS\""
                + " (\"Id\" VARCHAR, \"Order\" VARCHAR, \"Select\" VARCHAR, \"Amount__c\" DECIMAL(18,2),"
                + " \"Start__c\" TIME, \"IsActive__c\" BOOLEAN, \"SystemModstamp\" TIMESTAMPTZ)");
    }

    @Test
    void addColumn() {
        assertThat(dialect.addColumn(TARGET, AMOUNT))
                .isEqualTo("ALTER TABLE \"RAW\".\"ORDERS\" ADD COLUMN \"Amount__c\" DECIMAL(18,2)");
    }

    @Test
    void tableExistsBindsSchemaAndTable() {
        assertThat(dialect.tableExists()).isEqualTo("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_catalog = current_database() AND lower(table_schema) = lower(?)"
                + " AND lower(table_name) = lower(?)");
    }

    @Test
    void listColumnsBindsSchemaAndTable() {
        assertThat(dialect.listColumns()).isEqualTo("SELECT column_name FROM information_schema.columns"
                + " WHERE table_catalog = current_database() AND lower(table_schema) = lower(?)"
                + " AND lower(table_name) = lower(?) ORDER BY ordinal_position");
    }

    @Test
    void maxValue() {
        assertThat(dialect.maxValue(TARGET, "SystemModstamp"))
                .isEqualTo("SELECT MAX(\"SystemModstamp\") FROM \"RAW\".\"ORDERS\"");
    }

    @Test
    void stagingIsATemporaryTableNamedAfterTheRun() {
        assertThat(dialect.stagingTable(TARGET, "3f1c-9a")).isEqualTo(new TableRef("temp", "ORDERS__stg_3f1c_9a"));
    }

    @Test
    void createStaging() {
        assertThat(dialect.createStaging(STAGING, List.of("Id", "Order", "Amount__c")))
                .isEqualTo("CREATE OR REPLACE TEMP TABLE \"temp\".\"ORDERS__stg_r1\" (\"Id\" VARCHAR,"
                        + " \"Order\" VARCHAR,"
                        + " \"Amount__c\" VARCHAR, \"_sfsync_batch\" INTEGER)");
    }

    @Test
    void loadStagingReadsAllColumnsAsTextWithoutDetection() {
        assertThat(dialect.loadStaging(STAGING, List.of("Order", "Id")))
                .isEqualTo("INSERT INTO \"temp\".\"ORDERS__stg_r1\" (\"Order\", \"Id\", \"_sfsync_batch\")"
                        + " SELECT *, CAST(? AS INTEGER) FROM read_csv(?, columns = {'Order': 'VARCHAR',"
                        + " 'Id': 'VARCHAR'}, header = true, delim = ',', quote = '\"', escape = '\"', nullstr = '',"
                        + " allow_quoted_nulls = true, auto_detect = false, strict_mode = true,"
                        + " max_line_size = 16777216)");
    }

    @Test
    void loadStagingFilesReadsEveryPageInOneStatementWithTheBatchFromTheFileName() {
        assertThat(dialect.loadStagingFiles(STAGING, List.of("Order", "Id")))
                .isEqualTo("INSERT INTO \"temp\".\"ORDERS__stg_r1\" (\"Order\", \"Id\", \"_sfsync_batch\")"
                        + " SELECT \"Order\", \"Id\", CAST(regexp_extract(\"_sfsync_file\", '_([0-9]+)\\.csv$', 1)"
                        + " AS INTEGER) FROM read_csv(?, columns = {'Order': 'VARCHAR', 'Id': 'VARCHAR'},"
                        + " filename = '_sfsync_file', header = true, delim = ',', quote = '\"', escape = '\"',"
                        + " nullstr = '', allow_quoted_nulls = true, auto_detect = false, strict_mode = true,"
                        + " max_line_size = 16777216)");
    }

    @Test
    void insertFilesConvertsEveryPageStraightIntoATypedTable() {
        assertThat(dialect.insertFiles(FRESH, List.of(START, ID, AMOUNT)))
                .isEqualTo("INSERT INTO \"RAW\".\"ORDERS__new_r1\" (\"Start__c\", \"Id\", \"Amount__c\")"
                        + " SELECT CAST(rtrim(\"Start__c\", 'Z') AS TIME), \"Id\", CAST(\"Amount__c\" AS DECIMAL(18,2))"
                        + " FROM read_csv(?, columns = {'Start__c': 'VARCHAR', 'Id': 'VARCHAR', 'Amount__c': 'VARCHAR'},"
                        + " header = true, delim = ',', quote = '\"', escape = '\"', nullstr = '',"
                        + " allow_quoted_nulls = true, auto_detect = false, strict_mode = true,"
                        + " max_line_size = 16777216)");
    }

    @Test
    void stagingStats() {
        assertThat(dialect.stagingStats(STAGING, ID)).isEqualTo("SELECT COUNT(*), COUNT(DISTINCT \"Id\"),"
                + " COUNT(*) - COUNT(\"Id\") FROM \"temp\".\"ORDERS__stg_r1\"");
    }

    @Test
    void countNewKeys() {
        assertThat(dialect.countNewKeys(STAGING, TARGET, ID)).isEqualTo("SELECT COUNT(*) FROM (SELECT DISTINCT"
                + " \"Id\" AS k FROM \"temp\".\"ORDERS__stg_r1\" WHERE \"Id\" IS NOT NULL) AS s WHERE NOT EXISTS"
                + " (SELECT 1 FROM \"RAW\".\"ORDERS\" AS t WHERE t.\"Id\" = s.k)");
    }

    @Test
    void countNewKeysConvertsATypedKey() {
        Column number = new Column("Number__c", ColumnType.BIGINT);

        assertThat(dialect.countNewKeys(STAGING, TARGET, number)).isEqualTo("SELECT COUNT(*) FROM (SELECT DISTINCT"
                + " CAST(\"Number__c\" AS BIGINT) AS k FROM \"temp\".\"ORDERS__stg_r1\" WHERE \"Number__c\" IS NOT"
                + " NULL) AS s WHERE NOT EXISTS (SELECT 1 FROM \"RAW\".\"ORDERS\" AS t WHERE t.\"Number__c\" = s.k)");
    }

    @Test
    void mergeDeduplicatesNewestWatermarkFirst() {
        assertThat(dialect.merge(STAGING, TARGET, COLUMNS, ID, MODSTAMP, true)).isEqualTo("MERGE INTO"
                + " \"RAW\".\"ORDERS\" AS t USING (" + SOURCE + ") AS s ON t.\"Id\" = s.\"Id\" WHEN MATCHED AND"
                + " (t.\"SystemModstamp\" IS NULL OR s.\"SystemModstamp\" >= t.\"SystemModstamp\") AND (t.\"Order\","
                + " t.\"Select\", t.\"Amount__c\", t.\"Start__c\", t.\"IsActive__c\", t.\"SystemModstamp\") IS"
                + " DISTINCT FROM (s.\"Order\", s.\"Select\", s.\"Amount__c\", s.\"Start__c\", s.\"IsActive__c\","
                + " s.\"SystemModstamp\") THEN UPDATE SET \"Order\" = s.\"Order\", \"Select\" = s.\"Select\", \"Amount__c\" = s.\"Amount__c\","
                + " \"Start__c\" = s.\"Start__c\", \"IsActive__c\" = s.\"IsActive__c\","
                + " \"SystemModstamp\" = s.\"SystemModstamp\" WHEN NOT MATCHED THEN INSERT (\"Id\", \"Order\","
                + " \"Select\", \"Amount__c\", \"Start__c\", \"IsActive__c\", \"SystemModstamp\") VALUES (s.\"Id\","
                + " s.\"Order\", s.\"Select\", s.\"Amount__c\", s.\"Start__c\", s.\"IsActive__c\","
                + " s.\"SystemModstamp\")");
    }

    @Test
    void collectChangedRowsJoinsOnceWithTheMergesConditionFlagsEachColumnAndCarriesKeptColumns() {
        TableRef work = dialect.changedRowsTable(STAGING);
        assertThat(work).isEqualTo(new TableRef("temp", "ORDERS__stg_r1_chg"));
        List<Column> columns = List.of(ID, AMOUNT, START, MODSTAMP);
        String source = "SELECT \"Id\", CAST(\"Amount__c\" AS DECIMAL(18,2)) AS \"Amount__c\", CAST(rtrim(\"Start__c\","
                + " 'Z') AS TIME) AS \"Start__c\", CAST(\"SystemModstamp\" AS TIMESTAMPTZ) AS \"SystemModstamp\" FROM"
                + " \"temp\".\"ORDERS__stg_r1\"";
        assertThat(dialect.collectChangedRows(work, STAGING, TARGET, columns, ID, MODSTAMP, false, List.of("Old__c")))
                .isEqualTo("CREATE OR REPLACE TEMP TABLE \"temp\".\"ORDERS__stg_r1_chg\" AS SELECT s.\"Id\","
                        + " t.\"Old__c\","
                        + " t.\"Amount__c\" IS DISTINCT FROM s.\"Amount__c\" AS \"_sfsync_d0\","
                        + " t.\"Start__c\" IS DISTINCT FROM s.\"Start__c\" AS \"_sfsync_d1\","
                        + " t.\"SystemModstamp\" IS DISTINCT FROM s.\"SystemModstamp\" AS \"_sfsync_d2\","
                        + " t.\"Id\" IS NULL AS \"_sfsync_new\" FROM (" + source + ") AS s LEFT JOIN \"RAW\".\"ORDERS\""
                        + " AS t ON t.\"Id\" = s.\"Id\" WHERE t.\"Id\" IS NULL OR s.\"SystemModstamp\" >"
                        + " t.\"SystemModstamp\" OR ((t.\"SystemModstamp\" IS NULL OR s.\"SystemModstamp\" ="
                        + " t.\"SystemModstamp\") AND (t.\"Amount__c\" IS DISTINCT FROM s.\"Amount__c\" OR"
                        + " t.\"Start__c\" IS DISTINCT FROM s.\"Start__c\" OR t.\"SystemModstamp\" IS DISTINCT FROM"
                        + " s.\"SystemModstamp\"))");
        assertThat(dialect.collectChangedRows(work, STAGING, TARGET, List.of(ID, AMOUNT), ID, null, true, List.of()))
                .endsWith("WHERE t.\"Id\" IS NULL OR (t.\"Amount__c\" IS DISTINCT FROM s.\"Amount__c\")");
        assertThat(dialect.collectChangedRows(work, STAGING, TARGET, List.of(ID), ID, null, true, List.of()))
                .endsWith("WHERE t.\"Id\" IS NULL");
        assertThat(dialect.countCollectedRows(work, 2)).isEqualTo("SELECT COUNT(*) FILTER (WHERE \"_sfsync_new\"),"
                + " COUNT(*), COALESCE(BOOL_OR(NOT \"_sfsync_new\" AND \"_sfsync_d0\"), FALSE), COALESCE(BOOL_OR(NOT"
                + " \"_sfsync_new\" AND \"_sfsync_d1\"), FALSE) FROM \"temp\".\"ORDERS__stg_r1_chg\"");
        assertThat(dialect.updateChangedColumns(TARGET, work, source, ID, List.of("Amount__c", "SystemModstamp")))
                .isEqualTo("UPDATE \"RAW\".\"ORDERS\" AS t SET \"Amount__c\" = s.\"Amount__c\", \"SystemModstamp\" ="
                        + " s.\"SystemModstamp\" FROM (" + source + ") AS s WHERE t.\"Id\" = s.\"Id\" AND s.\"Id\" IN"
                        + " (SELECT \"Id\" FROM \"temp\".\"ORDERS__stg_r1_chg\" WHERE NOT \"_sfsync_new\")");
        assertThat(dialect.deleteChangedRows(TARGET, work, ID)).isEqualTo("DELETE FROM \"RAW\".\"ORDERS\" WHERE"
                + " \"Id\" IN (SELECT \"Id\" FROM \"temp\".\"ORDERS__stg_r1_chg\" WHERE NOT \"_sfsync_new\")");
        assertThat(dialect.insertCollectedRows(TARGET, work, source, ID, List.of("Id", "Amount__c"), List.of("Old__c"),
                false)).isEqualTo("INSERT INTO \"RAW\".\"ORDERS\" (\"Id\", \"Amount__c\", \"Old__c\") SELECT s.\"Id\","
                        + " s.\"Amount__c\", w.\"Old__c\" FROM (" + source + ") AS s JOIN \"temp\".\"ORDERS__stg_r1_chg\""
                        + " AS w ON w.\"Id\" = s.\"Id\"");
        assertThat(dialect.insertCollectedRows(TARGET, work, source, ID, List.of("Id"), List.of(), true))
                .isEqualTo("INSERT INTO \"RAW\".\"ORDERS\" (\"Id\") SELECT s.\"Id\" FROM (" + source + ") AS s JOIN"
                        + " \"temp\".\"ORDERS__stg_r1_chg\" AS w ON w.\"Id\" = s.\"Id\" WHERE w.\"_sfsync_new\"");
    }

    @Test
    void stagingViewReadsTheFilesInPlaceWithTheStagingTablesColumnsAndQuotedPaths() {
        assertThat(dialect.createStagingView(STAGING, List.of("Id", "Order", "Amount__c"), List.of("Amount__c", "Id"),
                List.of("/data/it's/Order_r1_000000.csv", "/data/b/Order_r1_000001.csv"))).isEqualTo(
                "CREATE OR REPLACE TEMP VIEW \"temp\".\"ORDERS__stg_r1\" AS SELECT \"Id\", CAST(NULL AS VARCHAR) AS"
                        + " \"Order\", \"Amount__c\", CAST(regexp_extract(\"_sfsync_file\", '_([0-9]+)\\.csv$', 1) AS"
                        + " INTEGER) AS \"_sfsync_batch\" FROM read_csv(['/data/it''s/Order_r1_000000.csv',"
                        + " '/data/b/Order_r1_000001.csv'], columns = {'Amount__c': 'VARCHAR', 'Id': 'VARCHAR'},"
                        + " filename = '_sfsync_file', header = true, delim = ',', quote = '\"', escape = '\"',"
                        + " nullstr = '', allow_quoted_nulls = true, auto_detect = false, strict_mode = true,"
                        + " max_line_size = 16777216)");
        assertThat(dialect.stagingStats(STAGING, ID, MODSTAMP)).isEqualTo("SELECT COUNT(*), COUNT(DISTINCT \"Id\"),"
                + " COUNT(*) - COUNT(\"Id\"), MAX(TRY_CAST(\"SystemModstamp\" AS TIMESTAMPTZ)) FROM"
                + " \"temp\".\"ORDERS__stg_r1\"");
        assertThat(dialect.dropView(STAGING)).isEqualTo("DROP VIEW IF EXISTS \"temp\".\"ORDERS__stg_r1\"");
        assertThat(dialect.copyToTempTable(STAGING, new TableRef("temp", "c"))).isEqualTo(
                "CREATE OR REPLACE TEMP TABLE \"temp\".\"c\" AS SELECT * FROM \"temp\".\"ORDERS__stg_r1\"");
    }

    @Test
    void mergeWithoutWatermarkKeepsTheLastBatchAndRow() {
        assertThat(dialect.merge(STAGING, TARGET, List.of(ID, ORDER), ID, null, true)).isEqualTo("MERGE INTO"
                + " \"RAW\".\"ORDERS\" AS t USING (SELECT \"Id\", \"Order\" FROM \"temp\".\"ORDERS__stg_r1\" QUALIFY"
                + " ROW_NUMBER() OVER (PARTITION BY \"Id\" ORDER BY \"_sfsync_batch\" DESC, rowid DESC) = 1) AS s"
                + " ON t.\"Id\" = s.\"Id\" WHEN MATCHED AND (t.\"Order\") IS DISTINCT FROM (s.\"Order\") THEN"
                + " UPDATE SET \"Order\" = s.\"Order\" WHEN NOT MATCHED"
                + " THEN INSERT (\"Id\", \"Order\") VALUES (s.\"Id\", s.\"Order\")");
    }

    @Test
    void countChangedRowsUsesTheMergesOwnCondition() {
        assertThat(dialect.countChangedRows(STAGING, TARGET, List.of(ID, AMOUNT, MODSTAMP), ID, MODSTAMP, false))
                .isEqualTo("SELECT COUNT(*) FROM (SELECT \"Id\", CAST(\"Amount__c\" AS DECIMAL(18,2)) AS"
                + " \"Amount__c\", CAST(\"SystemModstamp\" AS TIMESTAMPTZ) AS \"SystemModstamp\" FROM"
                + " \"temp\".\"ORDERS__stg_r1\") AS s JOIN \"RAW\".\"ORDERS\" AS t ON t.\"Id\" = s.\"Id\" WHERE"
                + " (t.\"SystemModstamp\" IS NULL OR s.\"SystemModstamp\" >= t.\"SystemModstamp\") AND"
                + " (t.\"Amount__c\", t.\"SystemModstamp\") IS DISTINCT FROM (s.\"Amount__c\", s.\"SystemModstamp\")");
    }

    @Test
    void mergeOfAKeyOnlyTableOnlyInserts() {
        assertThat(dialect.merge(STAGING, TARGET, List.of(ID), ID, null, true)).isEqualTo("MERGE INTO"
                + " \"RAW\".\"ORDERS\" AS t USING (SELECT \"Id\" FROM \"temp\".\"ORDERS__stg_r1\" QUALIFY"
                + " ROW_NUMBER() OVER (PARTITION BY \"Id\" ORDER BY \"_sfsync_batch\" DESC, rowid DESC) = 1) AS s"
                + " ON t.\"Id\" = s.\"Id\" WHEN NOT MATCHED THEN INSERT (\"Id\") VALUES (s.\"Id\")");
    }

    @Test
    void mergeOfUniqueKeysSkipsTheWindow() {
        assertThat(dialect.merge(STAGING, TARGET, List.of(ID, AMOUNT), ID, MODSTAMP, false)).isEqualTo("MERGE INTO"
                + " \"RAW\".\"ORDERS\" AS t USING (SELECT \"Id\", CAST(\"Amount__c\" AS DECIMAL(18,2)) AS"
                + " \"Amount__c\" FROM \"temp\".\"ORDERS__stg_r1\") AS s ON t.\"Id\" = s.\"Id\" WHEN MATCHED AND"
                + " (t.\"Amount__c\") IS DISTINCT FROM (s.\"Amount__c\") THEN UPDATE SET \"Amount__c\" ="
                + " s.\"Amount__c\" WHEN NOT MATCHED THEN INSERT (\"Id\", \"Amount__c\")"
                + " VALUES (s.\"Id\", s.\"Amount__c\")");
    }

    @Test
    void insertFromStagingOfUniqueKeysSkipsTheWindow() {
        assertThat(dialect.insertFromStaging(STAGING, FRESH, List.of(ID, START), ID, null, false)).isEqualTo(
                "INSERT INTO \"RAW\".\"ORDERS__new_r1\" (\"Id\", \"Start__c\") SELECT \"Id\","
                        + " CAST(rtrim(\"Start__c\", 'Z') AS TIME) AS \"Start__c\" FROM \"temp\".\"ORDERS__stg_r1\"");
    }

    @Test
    void insertFromStaging() {
        assertThat(dialect.insertFromStaging(STAGING, FRESH, COLUMNS, ID, MODSTAMP, true)).isEqualTo("INSERT INTO"
                + " \"RAW\".\"ORDERS__new_r1\" (\"Id\", \"Order\", \"Select\", \"Amount__c\", \"Start__c\","
                + " \"IsActive__c\", \"SystemModstamp\") " + SOURCE);
    }

    @Test
    void dropAndRenameAndReplace() {
        assertThat(dialect.dropTable(STAGING)).isEqualTo("DROP TABLE IF EXISTS \"temp\".\"ORDERS__stg_r1\"");
        assertThat(dialect.renameTable(FRESH, "ORDERS"))
                .isEqualTo("ALTER TABLE \"RAW\".\"ORDERS__new_r1\" RENAME TO \"ORDERS\"");
        assertThat(dialect.replaceTable(FRESH, TARGET)).containsExactly("DROP TABLE IF EXISTS \"RAW\".\"ORDERS\"",
                "ALTER TABLE \"RAW\".\"ORDERS__new_r1\" RENAME TO \"ORDERS\"");
    }

    @Test
    void firstUnconvertible() {
        assertThat(dialect.firstUnconvertible(STAGING, AMOUNT, ID)).isEqualTo("SELECT \"Id\", \"Amount__c\","
                + " \"_sfsync_batch\" FROM \"temp\".\"ORDERS__stg_r1\" WHERE \"Amount__c\" IS NOT NULL AND"
                + " TRY_CAST(\"Amount__c\" AS DECIMAL(18,2)) IS NULL ORDER BY \"_sfsync_batch\", rowid LIMIT 1");
        assertThat(dialect.firstUnconvertible(STAGING, START, ID)).contains("TRY_CAST(rtrim(\"Start__c\", 'Z') AS"
                + " TIME) IS NULL");
    }

    @Test
    void historyTable() {
        TableRef history = new TableRef("sfsync", "sfsync_history");

        assertThat(dialect.createHistoryTable(history, RunHistory.COLUMNS)).isEqualTo("CREATE TABLE IF NOT EXISTS"
                + " \"sfsync\".\"sfsync_history\" (\"run_id\" VARCHAR, \"sobject\" VARCHAR, \"target_table\" VARCHAR,"
                + " \"sync_method\" VARCHAR, \"estimated_records\" BIGINT, \"actual_records\" BIGINT,"
                + " \"sync_duration_seconds\" DOUBLE, \"last_modified_date\" TIMESTAMPTZ, \"sync_timestamp\""
                + " TIMESTAMPTZ, \"success\" BOOLEAN, \"error\" VARCHAR, \"bulk_job_id\" VARCHAR, \"rows_inserted\""
                + " BIGINT, \"rows_updated\" BIGINT, \"api_calls\" BIGINT, \"reason\" VARCHAR, \"retries\" BIGINT,"
                + " \"retry_wait_seconds\" DOUBLE, \"rows_deleted\" BIGINT, \"watermark\" TIMESTAMPTZ, \"schema_changes\" VARCHAR,"
                + " \"pages\" BIGINT, \"rows_per_second\" DOUBLE,"
                + " \"records_dropped\" BIGINT, \"formula_fields_refreshed\" BIGINT, \"resumed_from_page\" BIGINT,"
                + " \"resume_refused\" VARCHAR)");
        assertThat(dialect.insertHistory(history, List.of("run_id", "success", "reason"))).isEqualTo("INSERT INTO"
                + " \"sfsync\".\"sfsync_history\" (\"run_id\", \"success\", \"reason\") VALUES (?, ?, ?)");
    }

    @Test
    void updateFormulaColumnsSetsOnlyTheStagedColumnsOfRowsThatDifferAndInsertsNothing() {
        assertThat(dialect.updateFormulaColumns(STAGING, TARGET, List.of(ID, AMOUNT, ACTIVE), ID, false))
                .isEqualTo("UPDATE \"RAW\".\"ORDERS\" AS t SET \"Amount__c\" = s.\"Amount__c\", \"IsActive__c\" ="
                + " s.\"IsActive__c\" FROM (SELECT \"Id\", CAST(\"Amount__c\" AS DECIMAL(18,2)) AS \"Amount__c\","
                + " CAST(\"IsActive__c\" AS BOOLEAN) AS \"IsActive__c\" FROM \"temp\".\"ORDERS__stg_r1\") AS s"
                + " WHERE t.\"Id\" = s.\"Id\" AND (t.\"Amount__c\", t.\"IsActive__c\") IS DISTINCT FROM"
                + " (s.\"Amount__c\", s.\"IsActive__c\")");
    }
}
