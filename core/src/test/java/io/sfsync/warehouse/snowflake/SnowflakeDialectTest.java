package io.sfsync.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.ColumnType;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the exact text of every Snowflake statement. No connection is involved: Snowflake SQL is tested as text. */
class SnowflakeDialectTest {
    private static final TableRef TARGET = new TableRef("RAW", "ORDERS");
    private static final TableRef STAGING = new TableRef("RAW", "ORDERS__stg_r1");
    private static final TableRef FRESH = new TableRef("RAW", "ORDERS__new_r1");
    private static final Column ID = new Column("Id", ColumnType.text(18));
    private static final Column ORDER = new Column("Order", ColumnType.text(80));
    private static final Column SELECT = new Column("Select", ColumnType.TEXT);
    private static final Column AMOUNT = new Column("Amount__c", ColumnType.decimal(18, 2));
    private static final Column START = new Column("Start__c", ColumnType.TIME);
    private static final Column ACTIVE = new Column("IsActive__c", ColumnType.BOOLEAN);
    private static final Column MODSTAMP = new Column("SystemModstamp", ColumnType.TIMESTAMP_TZ);
    private static final List<Column> COLUMNS = List.of(ID, ORDER, SELECT, AMOUNT, START, ACTIVE, MODSTAMP);

    private static final String SOURCE = "SELECT \"Id\", \"Order\", \"Select\","
            + " TO_NUMBER(\"Amount__c\", 18, 2) AS \"Amount__c\","
            + " TO_TIME(\"Start__c\", 'HH24:MI:SS.FF3\"Z\"') AS \"Start__c\","
            + " TO_BOOLEAN(\"IsActive__c\") AS \"IsActive__c\","
            + " TO_TIMESTAMP_TZ(\"SystemModstamp\", 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"') AS \"SystemModstamp\""
            + " FROM \"RAW\".\"ORDERS__stg_r1\" QUALIFY ROW_NUMBER() OVER (PARTITION BY \"Id\" ORDER BY"
            + " TO_TIMESTAMP_TZ(\"SystemModstamp\", 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"') DESC NULLS LAST,"
            + " \"_sfsync_batch\" DESC, \"_sfsync_row\" DESC) = 1";

    private static final String CHANGED = "(t.\"SystemModstamp\" IS NULL OR s.\"SystemModstamp\" >="
            + " t.\"SystemModstamp\") AND (t.\"Order\" IS DISTINCT FROM s.\"Order\""
            + " OR t.\"Select\" IS DISTINCT FROM s.\"Select\" OR t.\"Amount__c\" IS DISTINCT FROM s.\"Amount__c\""
            + " OR t.\"Start__c\" IS DISTINCT FROM s.\"Start__c\""
            + " OR t.\"IsActive__c\" IS DISTINCT FROM s.\"IsActive__c\""
            + " OR t.\"SystemModstamp\" IS DISTINCT FROM s.\"SystemModstamp\")";

    private static final String FILE_FORMAT = "FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP FIELD_DELIMITER = ','"
            + " SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '\"' ESCAPE = NONE ESCAPE_UNENCLOSED_FIELD = NONE"
            + " EMPTY_FIELD_AS_NULL = TRUE NULL_IF = () ENCODING = 'UTF8' TRIM_SPACE = FALSE"
            + " REPLACE_INVALID_CHARACTERS = FALSE)";

    private final SnowflakeDialect dialect = new SnowflakeDialect();
    private final SnowflakeStageStatements stages = dialect.stages();

    @Test
    void quotesReservedWordsAndMixedCaseExactlyAndIsCaseSensitive() {
        assertThat(dialect.quote("Order")).isEqualTo("\"Order\"");
        assertThat(dialect.quote("Select")).isEqualTo("\"Select\"");
        assertThat(dialect.quote("Amount__c")).isEqualTo("\"Amount__c\"");
        assertThat(dialect.table(TARGET)).isEqualTo("\"RAW\".\"ORDERS\"");
        assertThat(dialect.caseSensitiveIdentifiers()).isTrue();
        assertThat(dialect.name()).isEqualTo("snowflake");
    }

    @Test
    void rejectsInjectionInEveryIdentifier() {
        assertThatThrownBy(() -> dialect.quote("x\"; DROP TABLE y; --"))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> dialect.createTable(TARGET, List.of(ID, new Column("a\" VARCHAR); --",
                ColumnType.TEXT)))).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> stages.stage("@STAGE; DROP STAGE X")).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> stages.stage("@A.B.C.D")).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> stages.stageLocation(stages.stage("@S"), "Account/../x"))
                .isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> stages.copyIntoStaging(STAGING, List.of("Id"), "@~/sfsync/Account/r1/",
                List.of("x.csv.gz') PURGE = TRUE --"))).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> dialect.renameTable(TARGET, "B; DROP TABLE C")).isInstanceOf(WarehouseException.class);
    }

    @Test
    void typeNames() {
        assertThat(dialect.typeName(ColumnType.text(18))).isEqualTo("VARCHAR(18)");
        assertThat(dialect.typeName(ColumnType.TEXT)).isEqualTo("VARCHAR");
        assertThat(dialect.typeName(ColumnType.BOOLEAN)).isEqualTo("BOOLEAN");
        assertThat(dialect.typeName(ColumnType.INTEGER)).isEqualTo("NUMBER(38,0)");
        assertThat(dialect.typeName(ColumnType.BIGINT)).isEqualTo("NUMBER(38,0)");
        assertThat(dialect.typeName(ColumnType.decimal(16, 2))).isEqualTo("NUMBER(16,2)");
        assertThat(dialect.typeName(ColumnType.DOUBLE)).isEqualTo("FLOAT");
        assertThat(dialect.typeName(ColumnType.DATE)).isEqualTo("DATE");
        assertThat(dialect.typeName(ColumnType.TIMESTAMP_TZ)).isEqualTo("TIMESTAMP_TZ");
        assertThat(dialect.typeName(ColumnType.TIME)).isEqualTo("TIME");
    }

    @Test
    void sessionSetupPinsJsonResultsUtcAndCaseSensitiveQuotedIdentifiers() {
        assertThat(dialect.sessionSetup()).containsExactly(
                "ALTER SESSION SET JDBC_QUERY_RESULT_FORMAT = 'JSON'",
                "ALTER SESSION SET TIMEZONE = 'UTC'",
                "ALTER SESSION SET QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE");
    }

    @Test
    void schemaStatements() {
        assertThat(dialect.schemaExists())
                .isEqualTo("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?");
        assertThat(dialect.createSchema("RAW")).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"RAW\"");
    }

    @Test
    void createTable() {
        assertThat(dialect.createTable(TARGET, COLUMNS)).isEqualTo("CREATE TABLE IF NOT EXISTS \"RAW\".\"ORDERS\""
                + " (\"Id\" VARCHAR(18), \"Order\" VARCHAR(80), \"Select\" VARCHAR, \"Amount__c\" NUMBER(18,2),"
                + " \"Start__c\" TIME, \"IsActive__c\" BOOLEAN, \"SystemModstamp\" TIMESTAMP_TZ)");
    }

    @Test
    void addColumn() {
        assertThat(dialect.addColumn(TARGET, AMOUNT))
                .isEqualTo("ALTER TABLE \"RAW\".\"ORDERS\" ADD COLUMN \"Amount__c\" NUMBER(18,2)");
    }

    @Test
    void informationSchemaLookupsBindExactNames() {
        assertThat(dialect.tableExists()).isEqualTo("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'");
        assertThat(dialect.listColumns()).isEqualTo("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION");
    }

    @Test
    void maxValue() {
        assertThat(dialect.maxValue(TARGET, "SystemModstamp"))
                .isEqualTo("SELECT MAX(\"SystemModstamp\") FROM \"RAW\".\"ORDERS\"");
    }

    @Test
    void stagingIsATemporaryTableInTheTargetSchema() {
        assertThat(dialect.stagingTable(TARGET, "3f1c-9a")).isEqualTo(new TableRef("RAW", "ORDERS__stg_3f1c_9a"));
        assertThat(dialect.createStaging(STAGING, List.of("Id", "Order", "Amount__c")))
                .isEqualTo("CREATE OR REPLACE TEMPORARY TABLE \"RAW\".\"ORDERS__stg_r1\" (\"Id\" VARCHAR,"
                        + " \"Order\" VARCHAR, \"Amount__c\" VARCHAR, \"_sfsync_batch\" NUMBER(38,0),"
                        + " \"_sfsync_row\" NUMBER(38,0))");
    }

    @Test
    void loadStagingWithBindParametersIsNotSnowflakes() {
        assertThatThrownBy(() -> dialect.loadStaging(STAGING, List.of("Id")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("copyIntoStaging");
    }

    @Test
    void stageLocations() {
        assertThat(stages.stageLocation(stages.stage("@SALESFORCE_STAGE"), "Account/r1"))
                .isEqualTo("@\"SALESFORCE_STAGE\"/Account/r1/");
        assertThat(stages.stageLocation(stages.stage("@RAW.SALESFORCE_STAGE"), "Account/r1"))
                .isEqualTo("@\"RAW\".\"SALESFORCE_STAGE\"/Account/r1/");
        assertThat(stages.stageLocation(stages.stage("SFDB.RAW.SALESFORCE_STAGE"), "Kitchen_Sink__c/3f1c-9a"))
                .isEqualTo("@\"SFDB\".\"RAW\".\"SALESFORCE_STAGE\"/Kitchen_Sink__c/3f1c-9a/");
        assertThat(stages.userStageLocation("Account/r1")).isEqualTo("@~/sfsync/Account/r1/");
    }

    @Test
    void createStageAndLookItUp() {
        assertThat(stages.createStage(stages.stage("@RAW.SALESFORCE_STAGE")))
                .isEqualTo("CREATE STAGE IF NOT EXISTS \"RAW\".\"SALESFORCE_STAGE\"");
        assertThat(stages.stageExists(stages.stage("@SALESFORCE_STAGE"))).isEqualTo("SELECT COUNT(*) FROM"
                + " INFORMATION_SCHEMA.STAGES WHERE STAGE_SCHEMA = COALESCE(?, CURRENT_SCHEMA()) AND STAGE_NAME = ?");
        assertThat(stages.stageExists(stages.stage("@SFDB.RAW.SALESFORCE_STAGE"))).isEqualTo("SELECT COUNT(*) FROM"
                + " \"SFDB\".INFORMATION_SCHEMA.STAGES WHERE STAGE_SCHEMA = COALESCE(?, CURRENT_SCHEMA())"
                + " AND STAGE_NAME = ?");
    }

    @Test
    void putUploadsGzipCompressedAndOverwrites() {
        assertThat(stages.put(Path.of("/tmp/sfsync-Account-1/Account_r1_000003.csv"),
                "@\"RAW\".\"SALESFORCE_STAGE\"/Account/r1/")).isEqualTo("PUT"
                + " 'file:///tmp/sfsync-Account-1/Account_r1_000003.csv' @\"RAW\".\"SALESFORCE_STAGE\"/Account/r1/"
                + " AUTO_COMPRESS = TRUE SOURCE_COMPRESSION = NONE OVERWRITE = TRUE");
        assertThat(stages.put(Path.of("/tmp/a b/Account_r1_000000.csv"), "@~/sfsync/Account/r1/"))
                .isEqualTo("PUT 'file:///tmp/a b/Account_r1_000000.csv' @~/sfsync/Account/r1/"
                        + " AUTO_COMPRESS = TRUE SOURCE_COMPRESSION = NONE OVERWRITE = TRUE");
    }

    @Test
    void putRefusesAPathThatWouldCloseTheQuote() {
        assertThatThrownBy(() -> stages.put(Path.of("/tmp/it's/Account_r1_000000.csv"), "@~/sfsync/Account/r1/"))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_CONFIGURATION));
    }

    @Test
    void copyIntoStagingNamesEveryFileAndReadsTheCsvBatchFormatExactly() {
        assertThat(stages.copyIntoStaging(STAGING, List.of("Order", "Id", "Amount__c"),
                "@\"RAW\".\"SALESFORCE_STAGE\"/Account/r1/",
                List.of("Account_r1_000000.csv.gz", "Account_r1_000001.csv.gz"))).isEqualTo("COPY INTO"
                + " \"RAW\".\"ORDERS__stg_r1\" (\"Order\", \"Id\", \"Amount__c\", \"_sfsync_batch\", \"_sfsync_row\")"
                + " FROM (SELECT NULLIF($1, ''), NULLIF($2, ''), NULLIF($3, ''),"
                + " TO_NUMBER(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '_', -1), '.', 1)), METADATA$FILE_ROW_NUMBER"
                + " FROM @\"RAW\".\"SALESFORCE_STAGE\"/Account/r1/)"
                + " FILES = ('Account_r1_000000.csv.gz', 'Account_r1_000001.csv.gz') " + FILE_FORMAT
                + " ON_ERROR = ABORT_STATEMENT");
    }

    @Test
    void copyIntoStagingFromTheUserStage() {
        assertThat(stages.copyIntoStaging(STAGING, List.of("Id"), "@~/sfsync/Account/r1/",
                List.of("Account_r1_000007.csv.gz"))).isEqualTo("COPY INTO \"RAW\".\"ORDERS__stg_r1\" (\"Id\","
                + " \"_sfsync_batch\", \"_sfsync_row\") FROM (SELECT NULLIF($1, ''),"
                + " TO_NUMBER(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '_', -1), '.', 1)), METADATA$FILE_ROW_NUMBER"
                + " FROM @~/sfsync/Account/r1/) FILES = ('Account_r1_000007.csv.gz') " + FILE_FORMAT
                + " ON_ERROR = ABORT_STATEMENT");
    }

    @Test
    void copyIntoStagingNamesOneToAThousandFiles() {
        assertThatThrownBy(() -> stages.copyIntoStaging(STAGING, List.of("Id"), "@~/sfsync/Account/r1/",
                List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stages.copyIntoStaging(STAGING, List.of("Id"), "@~/sfsync/Account/r1/",
                Collections.nCopies(1001, "Account_r1_000000.csv.gz"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removeAndList() {
        assertThat(stages.remove("@\"RAW\".\"SALESFORCE_STAGE\"/Account/r1/"))
                .isEqualTo("REMOVE @\"RAW\".\"SALESFORCE_STAGE\"/Account/r1/");
        assertThat(stages.remove("@~/sfsync/Account/r1/Account_r1_000000.csv.gz"))
                .isEqualTo("REMOVE @~/sfsync/Account/r1/Account_r1_000000.csv.gz");
        assertThat(stages.list("@\"SALESFORCE_STAGE\"/Account/r1/")).isEqualTo("LIST @\"SALESFORCE_STAGE\"/Account/r1/");
    }

    @Test
    void stagingStats() {
        assertThat(dialect.stagingStats(STAGING, ID)).isEqualTo("SELECT COUNT(*), COUNT(DISTINCT \"Id\"),"
                + " COUNT(*) - COUNT(\"Id\") FROM \"RAW\".\"ORDERS__stg_r1\"");
    }

    @Test
    void stagingSummaryChecksCountsKeysNewestWatermarkAndConversionsInOneScan() {
        assertThat(dialect.stagingSummary(STAGING, ID, MODSTAMP, List.of(AMOUNT, MODSTAMP))).isEqualTo("SELECT"
                + " COUNT(*), COUNT(DISTINCT \"Id\"), COUNT(*) - COUNT(\"Id\"), MAX(TRY_TO_TIMESTAMP_TZ(\"SystemModstamp\","
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"')), COUNT_IF(\"Amount__c\" IS NOT NULL AND"
                + " TRY_TO_NUMBER(\"Amount__c\", 18, 2) IS NULL), COUNT_IF(\"SystemModstamp\" IS NOT NULL AND"
                + " TRY_TO_TIMESTAMP_TZ(\"SystemModstamp\", 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"') IS NULL) FROM"
                + " \"RAW\".\"ORDERS__stg_r1\"");
        assertThat(dialect.stagingSummary(STAGING, ID, null, List.of())).isEqualTo("SELECT COUNT(*),"
                + " COUNT(DISTINCT \"Id\"), COUNT(*) - COUNT(\"Id\"), NULL FROM \"RAW\".\"ORDERS__stg_r1\"");
    }

    @Test
    void conversionFailuresCountsEveryTypedColumnInOneScan() {
        assertThat(dialect.conversionFailures(STAGING, List.of(AMOUNT, START, ACTIVE, MODSTAMP)))
                .isEqualTo("SELECT COUNT_IF(\"Amount__c\" IS NOT NULL AND TRY_TO_NUMBER(\"Amount__c\", 18, 2) IS NULL),"
                        + " COUNT_IF(\"Start__c\" IS NOT NULL AND TRY_TO_TIME(\"Start__c\", 'HH24:MI:SS.FF3\"Z\"')"
                        + " IS NULL), COUNT_IF(\"IsActive__c\" IS NOT NULL AND TRY_TO_BOOLEAN(\"IsActive__c\") IS"
                        + " NULL), COUNT_IF(\"SystemModstamp\" IS NOT NULL AND TRY_TO_TIMESTAMP_TZ(\"SystemModstamp\","
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"') IS NULL) FROM \"RAW\".\"ORDERS__stg_r1\"");
        assertThatThrownBy(() -> dialect.conversionFailures(STAGING, List.of(ID)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conversionsOfTheOtherKinds() {
        Column count = new Column("Quantity__c", ColumnType.INTEGER);
        Column big = new Column("Big__c", ColumnType.BIGINT);
        Column rate = new Column("Rate__c", ColumnType.DOUBLE);
        Column day = new Column("CloseDate__c", ColumnType.DATE);

        assertThat(dialect.conversionFailures(STAGING, List.of(count, big, rate, day))).isEqualTo("SELECT"
                + " COUNT_IF(\"Quantity__c\" IS NOT NULL AND TRY_TO_NUMBER(\"Quantity__c\", 38, 0) IS NULL),"
                + " COUNT_IF(\"Big__c\" IS NOT NULL AND TRY_TO_NUMBER(\"Big__c\", 38, 0) IS NULL),"
                + " COUNT_IF(\"Rate__c\" IS NOT NULL AND TRY_TO_DOUBLE(\"Rate__c\") IS NULL),"
                + " COUNT_IF(\"CloseDate__c\" IS NOT NULL AND TRY_TO_DATE(\"CloseDate__c\", 'YYYY-MM-DD') IS NULL)"
                + " FROM \"RAW\".\"ORDERS__stg_r1\"");
        assertThat(dialect.insertFromStaging(STAGING, TARGET, List.of(ID, count, rate, day), ID, null, false))
                .isEqualTo("INSERT INTO \"RAW\".\"ORDERS\" (\"Id\", \"Quantity__c\", \"Rate__c\", \"CloseDate__c\")"
                        + " SELECT \"Id\", TO_NUMBER(\"Quantity__c\", 38, 0) AS \"Quantity__c\","
                        + " TO_DOUBLE(\"Rate__c\") AS \"Rate__c\", TO_DATE(\"CloseDate__c\", 'YYYY-MM-DD') AS"
                        + " \"CloseDate__c\" FROM \"RAW\".\"ORDERS__stg_r1\"");
    }

    @Test
    void countNewKeys() {
        assertThat(dialect.countNewKeys(STAGING, TARGET, ID)).isEqualTo("SELECT COUNT(*) FROM (SELECT DISTINCT"
                + " \"Id\" AS k FROM \"RAW\".\"ORDERS__stg_r1\" WHERE \"Id\" IS NOT NULL) s WHERE NOT EXISTS"
                + " (SELECT 1 FROM \"RAW\".\"ORDERS\" t WHERE t.\"Id\" = s.k)");
    }

    @Test
    void countNewKeysConvertsATypedKey() {
        Column number = new Column("Number__c", ColumnType.BIGINT);

        assertThat(dialect.countNewKeys(STAGING, TARGET, number)).isEqualTo("SELECT COUNT(*) FROM (SELECT DISTINCT"
                + " TO_NUMBER(\"Number__c\", 38, 0) AS k FROM \"RAW\".\"ORDERS__stg_r1\" WHERE \"Number__c\" IS NOT"
                + " NULL) s WHERE NOT EXISTS (SELECT 1 FROM \"RAW\".\"ORDERS\" t WHERE t.\"Number__c\" = s.k)");
    }

    @Test
    void countChangedRowsUsesTheMergeCondition() {
        assertThat(dialect.countChangedRows(STAGING, TARGET, COLUMNS, ID, MODSTAMP, true)).isEqualTo("SELECT"
                + " COUNT(*) FROM (" + SOURCE + ") s JOIN \"RAW\".\"ORDERS\" t ON t.\"Id\" = s.\"Id\" WHERE "
                + CHANGED);
    }

    @Test
    void mergeDeduplicatesNewestWatermarkFirstAndUpdatesOnlyChangedNotOlderRows() {
        assertThat(dialect.merge(STAGING, TARGET, COLUMNS, ID, MODSTAMP, true)).isEqualTo("MERGE INTO"
                + " \"RAW\".\"ORDERS\" t USING (" + SOURCE + ") s ON t.\"Id\" = s.\"Id\" WHEN MATCHED AND " + CHANGED
                + " THEN UPDATE SET \"Order\" = s.\"Order\", \"Select\" = s.\"Select\", \"Amount__c\" = s.\"Amount__c\","
                + " \"Start__c\" = s.\"Start__c\", \"IsActive__c\" = s.\"IsActive__c\","
                + " \"SystemModstamp\" = s.\"SystemModstamp\" WHEN NOT MATCHED THEN INSERT (\"Id\", \"Order\","
                + " \"Select\", \"Amount__c\", \"Start__c\", \"IsActive__c\", \"SystemModstamp\") VALUES (s.\"Id\","
                + " s.\"Order\", s.\"Select\", s.\"Amount__c\", s.\"Start__c\", s.\"IsActive__c\","
                + " s.\"SystemModstamp\")");
    }

    @Test
    void mergeReplacingTakesEveryDifferingRowWhateverItsWatermark() {
        String differs = CHANGED.substring(CHANGED.indexOf("AND (") + 4);
        assertThat(dialect.replacesInPlace()).isTrue();
        assertThat(dialect.mergeReplacing(STAGING, TARGET, COLUMNS, ID, MODSTAMP, true)).isEqualTo(
                dialect.merge(STAGING, TARGET, COLUMNS, ID, MODSTAMP, true).replace(CHANGED, differs));
        assertThat(differs).startsWith("(t.\"Order\" IS DISTINCT FROM").doesNotContain(">=");
    }

    @Test
    void aRebuiltTableTakesOverTheGrantsToRolesAndTheComment() {
        assertThat(dialect.showGrants(TARGET)).isEqualTo("SHOW GRANTS ON TABLE \"RAW\".\"ORDERS\"");
        assertThat(dialect.tableComment()).isEqualTo("SELECT COMMENT FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?");
        assertThat(dialect.carryOver(TARGET, FRESH, List.of(new String[] {"OWNERSHIP", "ROLE", "LOADER", "true"},
                new String[] {"SELECT", "ROLE", "Analyst", "false"}, new String[] {"INSERT", "ROLE", "ETL", "true"},
                new String[] {"SELECT", "SHARE", "PARTNER", "false"}, new String[] {"SELECT; DROP", "ROLE", "X",
                    "false"}), "it's \\ curated")).containsExactly(
                "GRANT SELECT ON TABLE \"RAW\".\"ORDERS__new_r1\" TO ROLE \"Analyst\"",
                "GRANT INSERT ON TABLE \"RAW\".\"ORDERS__new_r1\" TO ROLE \"ETL\" WITH GRANT OPTION",
                "COMMENT ON TABLE \"RAW\".\"ORDERS__new_r1\" IS 'it''s \\\\ curated'");
    }

    @Test
    void sessionsCarryTheLoadsQueryTagAndBoundedTimeouts() {
        assertThat(dialect.queryTag("Account", TARGET, "r1"))
                .isEqualTo("ALTER SESSION SET QUERY_TAG = 'sfsync Account -> RAW.ORDERS run r1'");
        assertThat(dialect.unsetQueryTag()).isEqualTo("ALTER SESSION UNSET QUERY_TAG");
        assertThat(dialect.timeouts(14_400, 300)).containsExactly(
                "ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = 14400", "ALTER SESSION SET LOCK_TIMEOUT = 300");
        assertThatThrownBy(() -> dialect.queryTag("Account", TARGET, "r1' OR '1"))
                .isInstanceOf(io.sfsync.warehouse.WarehouseException.class);
        assertThat(dialect.mergeReportsCounts()).isTrue();
    }

    @Test
    void loadTransactionsAreNamedAfterTheirTargetAndDetachedOnesAreAbortedById() {
        assertThat(dialect.beginTransaction(DetachedTransactions.name("ANALYTICS", TARGET)))
                .isEqualTo("BEGIN TRANSACTION NAME \"sfsync load ANALYTICS.RAW.ORDERS\"");
        assertThatThrownBy(() -> dialect.beginTransaction("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(dialect.currentSession()).isEqualTo("SELECT CURRENT_SESSION()");
        assertThat(dialect.showTransactions()).isEqualTo("SHOW TRANSACTIONS");
        assertThat(dialect.abortTransaction(1_700_000_000_001L))
                .isEqualTo("SELECT SYSTEM$ABORT_TRANSACTION(1700000000001)");
    }

    @Test
    void mergeWithoutWatermarkKeepsTheLastBatchAndRow() {
        assertThat(dialect.merge(STAGING, TARGET, List.of(ID, ORDER), ID, null, true)).isEqualTo("MERGE INTO"
                + " \"RAW\".\"ORDERS\" t USING (SELECT \"Id\", \"Order\" FROM \"RAW\".\"ORDERS__stg_r1\" QUALIFY"
                + " ROW_NUMBER() OVER (PARTITION BY \"Id\" ORDER BY \"_sfsync_batch\" DESC, \"_sfsync_row\" DESC) = 1)"
                + " s ON t.\"Id\" = s.\"Id\" WHEN MATCHED AND (t.\"Order\" IS DISTINCT FROM s.\"Order\") THEN UPDATE"
                + " SET \"Order\" = s.\"Order\" WHEN NOT MATCHED THEN INSERT (\"Id\", \"Order\") VALUES (s.\"Id\","
                + " s.\"Order\")");
    }

    @Test
    void mergeWithUniqueKeysSkipsTheWindow() {
        assertThat(dialect.merge(STAGING, TARGET, List.of(ID), ID, null, false)).isEqualTo("MERGE INTO"
                + " \"RAW\".\"ORDERS\" t USING (SELECT \"Id\" FROM \"RAW\".\"ORDERS__stg_r1\") s ON t.\"Id\" = s.\"Id\""
                + " WHEN NOT MATCHED THEN INSERT (\"Id\") VALUES (s.\"Id\")");
    }

    @Test
    void insertFromStaging() {
        assertThat(dialect.insertFromStaging(STAGING, FRESH, COLUMNS, ID, MODSTAMP, true)).isEqualTo("INSERT INTO"
                + " \"RAW\".\"ORDERS__new_r1\" (\"Id\", \"Order\", \"Select\", \"Amount__c\", \"Start__c\","
                + " \"IsActive__c\", \"SystemModstamp\") " + SOURCE);
    }

    @Test
    void fullReplaceSwapsThenDropsTheOldRowsOrRenamesWhenThereIsNoTarget() {
        assertThat(dialect.replaceTable(FRESH, TARGET)).containsExactly(
                "ALTER TABLE \"RAW\".\"ORDERS\" SWAP WITH \"RAW\".\"ORDERS__new_r1\"",
                "DROP TABLE IF EXISTS \"RAW\".\"ORDERS__new_r1\"");
        assertThat(dialect.renameTable(FRESH, "ORDERS"))
                .isEqualTo("ALTER TABLE \"RAW\".\"ORDERS__new_r1\" RENAME TO \"RAW\".\"ORDERS\"");
        assertThat(dialect.dropTable(STAGING)).isEqualTo("DROP TABLE IF EXISTS \"RAW\".\"ORDERS__stg_r1\"");
    }

    @Test
    void firstUnconvertibleUsesTheLenientConversion() {
        assertThat(dialect.firstUnconvertible(STAGING, AMOUNT, ID)).isEqualTo("SELECT \"Id\", \"Amount__c\","
                + " \"_sfsync_batch\" FROM \"RAW\".\"ORDERS__stg_r1\" WHERE \"Amount__c\" IS NOT NULL AND"
                + " TRY_TO_NUMBER(\"Amount__c\", 18, 2) IS NULL ORDER BY \"_sfsync_batch\", \"_sfsync_row\" LIMIT 1");
    }

    @Test
    void historyTableFollowsTheSameQuotingRule() {
        TableRef history = new TableRef("SFSYNC_CONTROL", "sfsync_history");

        List<Column> columns = List.of(new Column("run_id", ColumnType.TEXT),
                new Column("actual_records", ColumnType.BIGINT), new Column("sync_duration_seconds", ColumnType.DOUBLE),
                new Column("sync_timestamp", ColumnType.TIMESTAMP_TZ), new Column("success", ColumnType.BOOLEAN));

        assertThat(dialect.createHistoryTable(history, columns)).isEqualTo("CREATE TABLE IF NOT EXISTS"
                + " \"SFSYNC_CONTROL\".\"sfsync_history\" (\"run_id\" VARCHAR, \"actual_records\" NUMBER(38,0),"
                + " \"sync_duration_seconds\" FLOAT, \"sync_timestamp\" TIMESTAMP_TZ, \"success\" BOOLEAN)");
        assertThat(dialect.insertHistory(history, List.of("run_id", "success", "reason"))).isEqualTo("INSERT INTO"
                + " \"SFSYNC_CONTROL\".\"sfsync_history\" (\"run_id\", \"success\", \"reason\") VALUES (?, ?, ?)");
    }

    // --- Delete modes, Id reconciliation, state, schema drift ----------------------------------------------------

    private static final Column DELETED = new Column("IsDeleted", ColumnType.BOOLEAN);
    private static final TableRef IDS = new TableRef("RAW", "ORDERS__stg_r1_ids");

    @Test
    void hardDeleteRemovesTheRecordsWhoseNewestStagedRowIsADeleteFromTargetAndStaging() {
        List<Column> columns = List.of(ID, MODSTAMP, DELETED);
        String source = "SELECT \"Id\", TO_TIMESTAMP_TZ(\"SystemModstamp\", 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"') AS"
                + " \"SystemModstamp\", TO_BOOLEAN(\"IsDeleted\") AS \"IsDeleted\" FROM \"RAW\".\"ORDERS__stg_r1\""
                + " QUALIFY ROW_NUMBER() OVER (PARTITION BY \"Id\" ORDER BY TO_TIMESTAMP_TZ(\"SystemModstamp\","
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"') DESC NULLS LAST, \"_sfsync_batch\" DESC, \"_sfsync_row\""
                + " DESC) = 1";
        String keys = "SELECT s.\"Id\" FROM (" + source + ") AS s WHERE s.\"IsDeleted\"";

        assertThat(dialect.deleteFlaggedFromTarget(TARGET, STAGING, columns, ID, MODSTAMP, DELETED, true))
                .isEqualTo("DELETE FROM \"RAW\".\"ORDERS\" WHERE \"Id\" IN (" + keys + ")");
        assertThat(dialect.deleteFlaggedFromStaging(STAGING, columns, ID, MODSTAMP, DELETED, true))
                .isEqualTo("DELETE FROM \"RAW\".\"ORDERS__stg_r1\" WHERE \"Id\" IN (" + keys + ")");
        assertThat(dialect.deleteTrue(TARGET, "IsDeleted"))
                .isEqualTo("DELETE FROM \"RAW\".\"ORDERS\" WHERE \"IsDeleted\"");
        assertThat(dialect.countMissingKeys(TARGET, FRESH, ID)).isEqualTo("SELECT COUNT(*) FROM \"RAW\".\"ORDERS\""
                + " AS t WHERE NOT EXISTS (SELECT 1 FROM \"RAW\".\"ORDERS__new_r1\" AS o WHERE o.\"Id\" = t.\"Id\")");
    }

    @Test
    void idReconciliationFlagsOrDeletesRowsWhoseKeySalesforceNoLongerHas() {
        assertThat(dialect.flagMissingKeys(TARGET, IDS, ID, "IsDeleted")).isEqualTo("UPDATE \"RAW\".\"ORDERS\" SET"
                + " \"IsDeleted\" = TRUE WHERE \"IsDeleted\" IS DISTINCT FROM TRUE AND \"Id\" NOT IN (SELECT \"Id\""
                + " FROM \"RAW\".\"ORDERS__stg_r1_ids\" WHERE \"Id\" IS NOT NULL)");
        assertThat(dialect.deleteMissingKeys(TARGET, IDS, new Column("Number__c", ColumnType.BIGINT)))
                .isEqualTo("DELETE FROM \"RAW\".\"ORDERS\" WHERE \"Number__c\" NOT IN (SELECT"
                        + " TO_NUMBER(\"Number__c\", 38, 0) FROM \"RAW\".\"ORDERS__stg_r1_ids\" WHERE \"Number__c\" IS"
                        + " NOT NULL)");
    }

    @Test
    void stateRowsAndTheNewestStagedWatermark() {
        TableRef state = new TableRef("SFSYNC_CONTROL", "sfsync_state");

        assertThat(dialect.maxStaged(STAGING, MODSTAMP)).isEqualTo("SELECT MAX(TO_TIMESTAMP_TZ(\"SystemModstamp\","
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"')) FROM \"RAW\".\"ORDERS__stg_r1\"");
        assertThat(dialect.deleteByKey(state, "target_table"))
                .isEqualTo("DELETE FROM \"SFSYNC_CONTROL\".\"sfsync_state\" WHERE \"target_table\" = ?");
        assertThat(dialect.selectByKey(state, List.of("target_table", "watermark"), "target_table"))
                .isEqualTo("SELECT \"target_table\", \"watermark\" FROM \"SFSYNC_CONTROL\".\"sfsync_state\""
                        + " WHERE \"target_table\" = ?");
        assertThat(dialect.countRows(FRESH)).isEqualTo("SELECT COUNT(*) FROM \"RAW\".\"ORDERS__new_r1\"");
        TableRef resume = new TableRef("SFSYNC_CONTROL", "sfsync_resume");
        assertThat(dialect.updateByKey(resume, List.of("run_id", "locator"), "target_table"))
                .isEqualTo("UPDATE \"SFSYNC_CONTROL\".\"sfsync_resume\" SET \"run_id\" = ?, \"locator\" = ?"
                        + " WHERE \"target_table\" = ?");
    }

    @Test
    void schemaDriftWidensInPlaceAndCarriesKeptColumnsOverOnAFullReplace() {
        assertThat(dialect.widenColumn(TARGET, new Column("Order", ColumnType.text(255))))
                .isEqualTo("ALTER TABLE \"RAW\".\"ORDERS\" ALTER COLUMN \"Order\" SET DATA TYPE VARCHAR(255)");
        assertThat(dialect.widenColumn(TARGET, new Column("Amount__c", ColumnType.decimal(20, 2))))
                .isEqualTo("ALTER TABLE \"RAW\".\"ORDERS\" ALTER COLUMN \"Amount__c\" SET DATA TYPE NUMBER(20,2)");
        assertThat(dialect.copyColumns(FRESH, TARGET, ID, List.of("Old__c", "Select"))).isEqualTo("UPDATE"
                + " \"RAW\".\"ORDERS__new_r1\" AS t SET \"Old__c\" = o.\"Old__c\", \"Select\" = o.\"Select\" FROM"
                + " \"RAW\".\"ORDERS\" AS o WHERE o.\"Id\" = t.\"Id\"");
        assertThat(dialect.listColumnTypes()).isEqualTo("SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,"
                + " NUMERIC_PRECISION, NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND"
                + " TABLE_NAME = ? ORDER BY ORDINAL_POSITION");
    }

    @Test
    void readsColumnTypesAsInformationSchemaSpellsThem() {
        assertThat(dialect.columnType("TEXT", 80, 0, 0)).isEqualTo(ColumnType.text(80));
        assertThat(dialect.columnType("TEXT", 16_777_216, 0, 0)).isEqualTo(ColumnType.TEXT);
        assertThat(dialect.columnType("NUMBER", 0, 18, 2)).isEqualTo(ColumnType.decimal(18, 2));
        assertThat(dialect.typeName(dialect.columnType("NUMBER", 0, 38, 0))).as("INTEGER and BIGINT are NUMBER(38,0)")
                .isEqualTo(dialect.typeName(ColumnType.INTEGER));
        assertThat(dialect.columnType("FLOAT", 0, 0, 0)).isEqualTo(ColumnType.DOUBLE);
        assertThat(dialect.columnType("TIMESTAMP_TZ", 0, 0, 0)).isEqualTo(ColumnType.TIMESTAMP_TZ);
        assertThat(dialect.columnType("BOOLEAN", 0, 0, 0)).isEqualTo(ColumnType.BOOLEAN);
        assertThat(dialect.columnType("VARIANT", 0, 0, 0)).as("not a type sfsync creates").isNull();
    }

    @Test
    void updateFormulaColumnsSetsOnlyTheStagedColumnsOfRowsThatDifferAndInsertsNothing() {
        assertThat(dialect.updateFormulaColumns(STAGING, TARGET, List.of(ID, AMOUNT, ACTIVE), ID, false))
                .isEqualTo("UPDATE \"RAW\".\"ORDERS\" t SET \"Amount__c\" = s.\"Amount__c\", \"IsActive__c\" ="
                        + " s.\"IsActive__c\" FROM (SELECT \"Id\", TO_NUMBER(\"Amount__c\", 18, 2) AS \"Amount__c\","
                        + " TO_BOOLEAN(\"IsActive__c\") AS \"IsActive__c\" FROM \"RAW\".\"ORDERS__stg_r1\") s"
                        + " WHERE t.\"Id\" = s.\"Id\" AND (t.\"Amount__c\" IS DISTINCT FROM s.\"Amount__c\" OR"
                        + " t.\"IsActive__c\" IS DISTINCT FROM s.\"IsActive__c\")");
    }
}
