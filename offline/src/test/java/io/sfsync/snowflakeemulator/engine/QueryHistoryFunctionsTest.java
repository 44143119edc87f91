package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** INFORMATION_SCHEMA.QUERY_HISTORY*() and COPY_HISTORY(): Snowflake's columns, types and arguments. */
class QueryHistoryFunctionsTest extends EngineTestSupport {

    private static final String MINE = "SELECT QUERY_TYPE, WAREHOUSE_NAME, ROWS_PRODUCED, ROWS_INSERTED,"
            + " ROWS_UPDATED, ROWS_DELETED, EXECUTION_STATUS, BYTES_WRITTEN FROM TABLE(INFORMATION_SCHEMA"
            + ".QUERY_HISTORY_BY_SESSION(RESULT_LIMIT => 1000)) ORDER BY START_TIME, QUERY_ID";

    private static void gzip(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldServeEachStatementWithSnowflakesQueryTypeCountsAndWarehouse() throws Exception {
        run("CREATE TABLE T (ID NUMBER, V VARCHAR)");
        run("INSERT INTO T VALUES (1, 'a'), (2, 'b')");
        run("MERGE INTO T USING (SELECT 2 AS ID, 'B' AS V UNION ALL SELECT 3, 'c') S ON T.ID = S.ID"
                + " WHEN MATCHED THEN UPDATE SET V = S.V WHEN NOT MATCHED THEN INSERT (ID, V) VALUES (S.ID, S.V)");
        run("DELETE FROM T WHERE ID = 1");
        run("SELECT CURRENT_SESSION()");
        run("SELECT COUNT(*) FROM T");
        run("ALTER SESSION SET QUERY_TAG = 'x'");
        error("SELECT * FROM NOPE");

        List<List<Object>> h = rows(MINE);

        assertThat(h).containsExactly(
                Arrays.asList("CREATE_TABLE", null, 1L, 0L, 0L, 0L, "SUCCESS", 0L),
                Arrays.asList("INSERT", "WH", 2L, 2L, 0L, 0L, "SUCCESS", 0L),
                Arrays.asList("MERGE", "WH", 2L, 1L, 1L, 0L, "SUCCESS", 0L),
                Arrays.asList("DELETE", "WH", 1L, 0L, 0L, 1L, "SUCCESS", 0L),
                Arrays.asList("SELECT", null, 1L, 0L, 0L, 0L, "SUCCESS", 0L),
                Arrays.asList("SELECT", "WH", 1L, 0L, 0L, 0L, "SUCCESS", 0L),
                Arrays.asList("ALTER_SESSION", null, 1L, 0L, 0L, 0L, "SUCCESS", 0L),
                Arrays.asList("SELECT", null, 0L, 0L, 0L, 0L, "FAILED_WITH_ERROR", 0L));
        List<Object> one = Arrays.asList(run("SELECT QUERY_ID, QUERY_TEXT, SESSION_ID, USER_NAME, DATABASE_NAME,"
                + " SCHEMA_NAME, TOTAL_ELAPSED_TIME, END_TIME >= START_TIME, QUERY_TAG FROM TABLE("
                + "SFDB.INFORMATION_SCHEMA.QUERY_HISTORY()) WHERE QUERY_TYPE = 'DELETE'").rows().get(0));
        assertThat(one.get(0)).asString().startsWith("01b");
        assertThat(one.subList(1, 6)).containsExactly("DELETE FROM T WHERE ID = 1", admin.id(), "ADMIN", "SFDB",
                "PUBLIC");
        assertThat((Long) one.get(6)).isNotNegative();
        assertThat(one.subList(7, 9)).containsExactly(true, "");
    }

    @Test
    void shouldLimitToTheMostRecentAndFilterBySessionAndEndTime() throws Exception {
        EngineSession other = engine.openSession("ADMIN", null, "SFDB", "PUBLIC", "WH");
        run(other, "SELECT 1");
        for (int i = 0; i < 3; i++) {
            run("SELECT " + i);
        }
        assertThat(rows("SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_SESSION(RESULT_LIMIT => 2))"))
                .containsExactly(List.of("SELECT 2"), List.of("SELECT 1"));
        assertThat(rows("SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_SESSION(SESSION_ID => "
                + other.id() + "))")).containsExactly(List.of(1L));
        assertThat(rows("SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(END_TIME_RANGE_START =>"
                + " DATEADD('hour', 1, CURRENT_TIMESTAMP())))")).containsExactly(List.of(0L));
        assertThat(rows("SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(END_TIME_RANGE_START =>"
                + " DATEADD('hour', -1, CURRENT_TIMESTAMP()))) H WHERE H.QUERY_TYPE = 'SELECT'")).hasSize(1);
        assertThat(error("SELECT * FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(NO_SUCH => 1))").getMessage())
                .contains("Invalid argument NO_SUCH");
        assertThat(error("SELECT * FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10001))")
                .getMessage()).contains("RESULT_LIMIT");
    }

    @Test
    void shouldShowAnotherUserOnlyItsOwnStatements() throws Exception {
        run("CREATE ROLE LOADER");
        run("CREATE USER LOADER_USER PASSWORD = 'pw' DEFAULT_ROLE = LOADER");
        run("GRANT ROLE LOADER TO USER LOADER_USER");
        EngineSession loader = engine.openSession("LOADER_USER", null, null, null, "WH");
        run(loader, "SELECT 42");
        assertThat(rows(loader, "SELECT USER_NAME, QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())"))
                .doesNotContain(List.of("ADMIN", "CREATE ROLE LOADER")).contains(List.of("LOADER_USER", "SELECT 42"));
        assertThat(rows("SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY()) WHERE USER_NAME ="
                + " 'LOADER_USER' AND QUERY_TYPE = 'SELECT' ORDER BY START_TIME")).hasSize(2)
                .first().isEqualTo(List.of("SELECT 42"));
    }

    @Test
    void shouldRecordThePutsFilesAndBytesAndEachFileACopyLoaded() throws Exception {
        run("CREATE STAGE STG");
        run("CREATE TABLE T (ID NUMBER, V VARCHAR)");
        Path local = dir.resolve("local");
        Files.createDirectories(local);
        Files.writeString(local.resolve("a_000001.csv"), "\"1\",\"a\"\n");
        Files.writeString(local.resolve("a_000002.csv"), "\"2\",\"b\"\n\"3\",\"c\"\n");
        Path folder = run("PUT 'file://" + local + "/a_*.csv' @STG/run/").transfer().stageDirectory();
        gzip(folder.resolve("a_000001.csv.gz"), "\"1\",\"a\"\n");
        gzip(folder.resolve("a_000002.csv.gz"), "\"2\",\"b\"\n\"3\",\"c\"\n");
        run("COPY INTO T FROM @STG/run/ FILES = ('a_000001.csv.gz', 'a_000002.csv.gz') FILE_FORMAT = (TYPE = CSV"
                + " FIELD_OPTIONALLY_ENCLOSED_BY = '\"')");

        assertThat(rows("SELECT QUERY_TYPE, ROWS_PRODUCED, BYTES_WRITTEN, BYTES_SCANNED, ROWS_INSERTED, WAREHOUSE_NAME"
                + " FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_SESSION()) WHERE QUERY_TYPE IN ('PUT_FILES',"
                + " 'COPY') ORDER BY START_TIME")).containsExactly(
                        Arrays.asList("PUT_FILES", 2L, Files.size(local.resolve("a_000001.csv"))
                                + Files.size(local.resolve("a_000002.csv")), 0L, 0L, null),
                        Arrays.asList("COPY", 3L, 0L, Files.size(folder.resolve("a_000001.csv.gz"))
                                + Files.size(folder.resolve("a_000002.csv.gz")), 3L, "WH"));
        assertThat(rows("SELECT FILE_NAME, STAGE_LOCATION, ROW_COUNT, ROW_PARSED, FILE_SIZE, STATUS, TABLE_NAME FROM"
                + " TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'PUBLIC.T', START_TIME =>"
                + " DATEADD('hour', -1, CURRENT_TIMESTAMP()))) ORDER BY FILE_NAME")).containsExactly(
                        Arrays.asList("run/a_000001.csv.gz", "stg/", 1L, 1L, Files.size(folder.resolve(
                                "a_000001.csv.gz")), "Loaded", "T"),
                        Arrays.asList("run/a_000002.csv.gz", "stg/", 2L, 2L, Files.size(folder.resolve(
                                "a_000002.csv.gz")), "Loaded", "T"));
        assertThat(rows("SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'T', START_TIME =>"
                + " DATEADD('hour', 1, CURRENT_TIMESTAMP())))")).containsExactly(List.of(0L));
        assertThat(error("SELECT * FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'NOPE', START_TIME =>"
                + " CURRENT_TIMESTAMP()))").errorCode()).isEqualTo("002003");
        assertThat(error("SELECT * FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'T'))").getMessage())
                .contains("START_TIME");
    }
}
