package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Login, sessions, queries with bindings, result typing, session parameters, USE, query history. */
class SnowflakeEngineTest extends EngineTestSupport {

    @Test
    void passwordLoginAndSessionContext() throws SnowflakeError {
        assertThat(engine.account()).isEqualTo("TEST_ACCOUNT");
        assertThat(engine.authenticatePassword("admin", "secret")).isEqualTo("ADMIN");
        assertThatThrownBy(() -> engine.authenticatePassword("admin", "wrong"))
                .isInstanceOfSatisfying(SnowflakeError.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("390100");
                    assertThat(e.sqlState()).isEqualTo("08004");
                    assertThat(e.getMessage()).isEqualTo("Incorrect username or password was specified.");
                });
        assertThat(admin.role()).isEqualTo("ACCOUNTADMIN");
        assertThat(admin.database()).isEqualTo("SFDB");
        assertThat(admin.schema()).isEqualTo("PUBLIC");
        assertThat(rows("SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_ROLE()"))
                .containsExactly(List.of("SFDB", "PUBLIC", "ACCOUNTADMIN"));
    }

    @Test
    void loginRefusesUnknownDatabaseAndUngrantedRole() {
        assertThatThrownBy(() -> engine.openSession("ADMIN", null, "NOPE", null, null))
                .isInstanceOfSatisfying(SnowflakeError.class, e -> assertThat(e.errorCode()).isEqualTo("390201"));
        assertThatThrownBy(() -> engine.openSession("ADMIN", "NOPE", null, null, null))
                .isInstanceOfSatisfying(SnowflakeError.class, e -> assertThat(e.errorCode()).isEqualTo("390189"));
    }

    @Test
    void selectWithBindingsAndTypes() throws SnowflakeError {
        run("CREATE TABLE T (ID NUMBER(38,0), NAME VARCHAR(10), AMOUNT NUMBER(10,2), F FLOAT, B BOOLEAN, D DATE)");
        run("INSERT INTO T VALUES (1, 'a', 1.50, 2.5, TRUE, '2024-01-15'), (2, 'b', NULL, NULL, FALSE, NULL)");
        QueryResult r = run("SELECT ID, NAME, AMOUNT, F, B, D FROM T WHERE NAME = ? ORDER BY ID", "a");
        assertThat(r.statementTypeId()).isEqualTo(0x1000);
        assertThat(r.columns()).extracting(ColumnMeta::name).containsExactly("ID", "NAME", "AMOUNT", "F", "B", "D");
        assertThat(r.columns()).extracting(ColumnMeta::type)
                .containsExactly("fixed", "text", "fixed", "real", "boolean", "date");
        assertThat(r.columns().get(2).precision()).isEqualTo(10);
        assertThat(r.columns().get(2).scale()).isEqualTo(2);
        assertThat(r.rows().get(0)).containsExactly(new BigDecimal("1"), "a", new BigDecimal("1.50"), 2.5, true,
                java.time.LocalDate.of(2024, 1, 15));
        assertThat(rows("SELECT COUNT(*) FROM T WHERE ID = :1", new BigDecimal(2))).containsExactly(List.of(1L));
        assertThat(run("SELECT COUNT(*) FROM T").columns().get(0).name()).isEqualTo("COUNT(*)");
        assertThat(run("SELECT COUNT(*) AS n FROM T").columns().get(0).name()).isEqualTo("N");
    }

    @Test
    void alterSessionAndUnknownParameter() throws SnowflakeError {
        QueryResult r = run("ALTER SESSION SET JDBC_QUERY_RESULT_FORMAT = 'JSON'");
        assertThat(r.statementTypeId()).isEqualTo(0x4100);
        run("ALTER SESSION SET TIMEZONE = 'UTC'");
        run("ALTER SESSION SET QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE");
        run("alter session set query_tag = 'sync-1', statement_timeout_in_seconds = 60");
        assertThat(admin.parameters()).containsEntry("TIMEZONE", "UTC").containsEntry("QUERY_TAG", "sync-1")
                .containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON");
        run("ALTER SESSION UNSET QUERY_TAG");
        assertThat(admin.parameters()).containsEntry("QUERY_TAG", "");
        assertError("ALTER SESSION SET NO_SUCH_PARAMETER = 1", "001006", "22023",
                "SQL compilation error:\ninvalid parameter 'NO_SUCH_PARAMETER'");
    }

    @Test
    void queryHistoryRecordsTagTypeRowsAndErrors() throws SnowflakeError {
        run("ALTER SESSION SET QUERY_TAG = 'tagged'");
        run("CREATE TABLE H (A NUMBER)");
        run("INSERT INTO H VALUES (1), (2)");
        error("SELECT * FROM NOPE");
        List<QueryRecord> h = engine.queryHistory();
        QueryRecord insert = h.get(h.size() - 2);
        assertThat(insert.statementType()).isEqualTo("INSERT");
        assertThat(insert.rows()).isEqualTo(2);
        assertThat(insert.queryTag()).isEqualTo("tagged");
        assertThat(insert.errorCode()).isNull();
        assertThat(h.get(h.size() - 1).errorCode()).isEqualTo("002003");
    }

    @Test
    void useSchemaAndDatabase() throws SnowflakeError {
        run("CREATE SCHEMA RAW");
        assertThat(admin.schema()).isEqualTo("RAW");
        run("USE SCHEMA PUBLIC");
        assertThat(admin.schema()).isEqualTo("PUBLIC");
        assertThat(run("USE SCHEMA SFDB.RAW").statementTypeId()).isEqualTo(0x4302);
        assertThat(admin.schema()).isEqualTo("RAW");
        run("USE DATABASE SFDB");
        assertThat(admin.schema()).isEqualTo("PUBLIC");
        run("USE WAREHOUSE OTHER_WH");
        assertThat(admin.warehouse()).isEqualTo("OTHER_WH");
        assertError("USE SCHEMA NOPE", "002003", "02000",
                "SQL compilation error:\nSchema 'SFDB.NOPE' does not exist or not authorized.");
    }

    @Test
    void reopensWithItsCatalog() throws SnowflakeError {
        run("CREATE TABLE KEEP (A VARCHAR(5))");
        run("INSERT INTO KEEP VALUES ('x')");
        engine.close();
        engine = SnowflakeEngine.open(dir.resolve("sf"), "test_account", "SFDB", "admin", "secret");
        admin = engine.openSession("ADMIN", null, "SFDB", "PUBLIC", null);
        assertThat(rows("SELECT A FROM KEEP")).containsExactly(List.of("x"));
        assertError("INSERT INTO KEEP VALUES ('toolong')", "100074", "22001",
                "String 'toolong' is too long and would be truncated");
    }
}
