package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Snowflake's QUERY_TYPE of each kind of statement sfsync sends, and which of them need a warehouse. */
class QueryTypesTest {

    private static String type(String sql) throws SnowflakeError {
        return QueryTypes.of(Lexer.lex(sql));
    }

    @Test
    void shouldNameEachStatementAsSnowflakesQueryHistoryDoes() throws SnowflakeError {
        assertThat(type("PUT 'file:///tmp/a.csv' @~/x/")).isEqualTo("PUT_FILES");
        assertThat(type("REMOVE @~/x/")).isEqualTo("REMOVE_FILES");
        assertThat(type("LIST @S")).isEqualTo("LIST_FILES");
        assertThat(type("GET @S 'file:///tmp/'")).isEqualTo("GET_FILES");
        assertThat(type("COPY INTO T FROM @S")).isEqualTo("COPY");
        assertThat(type("COPY INTO @S FROM T")).isEqualTo("UNLOAD");
        assertThat(type("CREATE OR REPLACE TEMPORARY TABLE T (A VARCHAR)")).isEqualTo("CREATE_TABLE");
        assertThat(type("CREATE TABLE T AS SELECT 1 AS A")).isEqualTo("CREATE_TABLE_AS_SELECT");
        assertThat(type("CREATE SCHEMA IF NOT EXISTS S")).isEqualTo("CREATE");
        assertThat(type("CREATE STAGE IF NOT EXISTS S")).isEqualTo("CREATE");
        assertThat(type("CREATE USER U")).isEqualTo("CREATE_USER");
        assertThat(type("ALTER TABLE T RENAME TO U")).isEqualTo("RENAME_TABLE");
        assertThat(type("ALTER TABLE T ADD COLUMN B VARCHAR")).isEqualTo("ALTER_TABLE_ADD_COLUMN");
        assertThat(type("ALTER TABLE T ALTER COLUMN B SET DATA TYPE VARCHAR(20)")).isEqualTo(
                "ALTER_TABLE_MODIFY_COLUMN");
        assertThat(type("ALTER TABLE T SWAP WITH U")).isEqualTo("ALTER_TABLE");
        assertThat(type("ALTER SESSION SET QUERY_TAG = 'x'")).isEqualTo("ALTER_SESSION");
        assertThat(type("BEGIN TRANSACTION NAME \"x\"")).isEqualTo("BEGIN_TRANSACTION");
        assertThat(type("commit")).isEqualTo("COMMIT");
        assertThat(type("TRUNCATE TABLE T")).isEqualTo("TRUNCATE_TABLE");
        assertThat(type("WITH A AS (SELECT 1) SELECT * FROM A")).isEqualTo("SELECT");
        assertThat(type("INSERT ALL INTO T SELECT 1")).isEqualTo("MULTI_TABLE_INSERT");
        assertThat(type("SHOW TRANSACTIONS")).isEqualTo("SHOW");
        assertThat(type("USE SCHEMA RAW")).isEqualTo("USE");
    }

    @Test
    void shouldRunDmlCopyAndTableReadingSelectsOnTheWarehouseOnly() {
        for (String t : new String[] {"INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "CREATE_TABLE_AS_SELECT"}) {
            assertThat(QueryTypes.usesWarehouse(t, false)).as(t).isTrue();
        }
        assertThat(QueryTypes.usesWarehouse("SELECT", true)).isTrue();
        assertThat(QueryTypes.usesWarehouse("SELECT", false)).as("SELECT CURRENT_SESSION()").isFalse();
        for (String t : new String[] {"PUT_FILES", "REMOVE_FILES", "CREATE_TABLE", "DROP", "ALTER_SESSION", "SHOW",
            "BEGIN_TRANSACTION", "COMMIT", "USE"}) {
            assertThat(QueryTypes.usesWarehouse(t, true)).as(t).isFalse();
        }
    }
}
