package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Identifiers, types and their limits, functions, DML counts, MERGE, transactions, refusals. */
class SqlSemanticsTest extends EngineTestSupport {

    @Test
    void quotedIdentifiersAreCaseSensitiveUnquotedFoldToUpperCase() throws SnowflakeError {
        run("CREATE TABLE \"ACCOUNTS\" (\"Amount__c\" VARCHAR(10), AMOUNT__C VARCHAR(10))");
        run("INSERT INTO accounts (\"Amount__c\", amount__c) VALUES ('quoted', 'bare')");
        assertThat(rows("SELECT \"Amount__c\", AMOUNT__C, \"AMOUNT__C\" FROM Accounts"))
                .containsExactly(List.of("quoted", "bare", "bare"));
        QueryResult r = run("SELECT * FROM \"ACCOUNTS\"");
        assertThat(r.columns()).extracting(ColumnMeta::name).containsExactly("Amount__c", "AMOUNT__C");
        assertError("SELECT \"amount__c\" FROM ACCOUNTS", "000904", "42000",
                "SQL compilation error: error line 1 at position 7\ninvalid identifier '\"amount__c\"'");
        assertError("SELECT * FROM \"accounts\"", "002003", "42S02",
                "SQL compilation error:\nObject '\"accounts\"' does not exist or not authorized.");
        assertError("SELECT * FROM SFDB.PUBLIC.MISSING", "002003", "42S02",
                "SQL compilation error:\nObject 'SFDB.PUBLIC.MISSING' does not exist or not authorized.");
        assertError("CREATE TABLE ACCOUNTS (A NUMBER)", "002002", "42710",
                "SQL compilation error:\nObject 'ACCOUNTS' already exists.");
        run("CREATE TABLE \"accounts\" (A NUMBER)");
        assertThat(rows("SELECT COUNT(*) FROM \"accounts\"")).containsExactly(List.of(0L));
    }

    @Test
    void lexicalRules() throws SnowflakeError {
        List<Object> r = rows("SELECT 'it''s', 'a\\tb', $$x'y$$ -- comment\n /* block */ , 1 // also a comment")
                .get(0);
        assertThat(r.subList(0, 3)).containsExactly("it's", "a\tb", "x'y");
        assertError("SELECT FROM WHERE", "001003", "42000",
                "SQL compilation error:\nsyntax error line 1 at position 7 unexpected 'FROM'.");
        assertError("SELECT NO_SUCH_FN(1)", "002140", "42601", "SQL compilation error:\nUnknown function NO_SUCH_FN");
        assertThat(error("SELECT COUNT(*) FILTER (WHERE TRUE) FROM (SELECT 1)").errorCode()).isEqualTo("001003");
        assertThat(error("VACUUM").errorCode()).isEqualTo("001003");
        assertThat(error("SELECT [1, 2]").errorCode()).isEqualTo("001003");
        assertThat(error("PRAGMA version").errorCode()).isEqualTo("001003");
        assertThat(error("SELECT * FROM (SELECT 1 AS A) PIVOT (SUM(A) FOR A IN (1))").errorCode())
                .isEqualTo("001003");
        assertThat(error("SELECT TOP 1 1").getMessage()).contains("SELECT TOP n");
    }

    @Test
    void varcharAndNumberLimits() throws SnowflakeError {
        run("CREATE TABLE L (S VARCHAR(3), N NUMBER(5,2), T TEXT)");
        run("INSERT INTO L VALUES ('abc', 123.45, 'x')");
        assertError("INSERT INTO L (S) VALUES ('abcd')", "100074", "22001",
                "String 'abcd' is too long and would be truncated");
        assertError("UPDATE L SET S = 'wxyz'", "100074", "22001", "String 'wxyz' is too long and would be truncated");
        assertError("INSERT INTO L (N) VALUES (1234.5)", "100039", "22003", "Numeric value '1234.5' is out of range");
        assertThat(rows("SELECT S, N FROM L")).containsExactly(List.of("abc", new BigDecimal("123.45")));
        QueryResult cols = run("SELECT DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE"
                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'L' ORDER BY ORDINAL_POSITION");
        assertThat(cols.rows().stream().map(Arrays::asList).toList()).containsExactly(
                Arrays.asList("TEXT", 3L, null, null), Arrays.asList("NUMBER", null, 5L, 2L),
                Arrays.asList("TEXT", 16_777_216L, null, null));
    }

    @Test
    void conversionFunctions() throws SnowflakeError {
        run("ALTER SESSION SET TIMEZONE = 'UTC'");
        List<Object> r = rows("SELECT TO_NUMBER('12.345', 10, 2), TO_DOUBLE('1.5'), TO_BOOLEAN('true'),"
                + " TO_DATE('2024-01-15', 'YYYY-MM-DD'), TO_TIME('10:30:00.123Z', 'HH24:MI:SS.FF3\"Z\"'),"
                + " TO_TIMESTAMP_TZ('2024-01-15T10:30:00.000Z', 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"'),"
                + " TRY_TO_NUMBER('abc', 38, 0), TRY_TO_DATE('x', 'YYYY-MM-DD'), TRY_TO_BOOLEAN('maybe')").get(0);
        assertThat(r.get(0)).isEqualTo(new BigDecimal("12.35"));
        assertThat(r.get(1)).isEqualTo(1.5);
        assertThat(r.get(2)).isEqualTo(true);
        assertThat(r.get(3)).isEqualTo(LocalDate.of(2024, 1, 15));
        assertThat(r.get(4)).isEqualTo(LocalTime.of(10, 30, 0, 123_000_000));
        assertThat(r.get(5)).isEqualTo(OffsetDateTime.parse("2024-01-15T10:30:00Z"));
        assertThat(r.subList(6, 9)).containsOnlyNulls();
        assertError("SELECT TO_NUMBER('abc', 38, 0)", "100038", "22018", "Numeric value 'abc' is not recognized");
        assertError("SELECT TO_NUMBER('123456', 5, 2)", "100039", "22003", "Numeric value '123456' is out of range");
        assertError("SELECT TO_BOOLEAN('maybe')", "100037", "22018", "Boolean value 'maybe' is not recognized");
        assertError("SELECT TO_TIMESTAMP_TZ('2024-13-45', 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"')", "100035", "22007",
                "Timestamp '2024-13-45' is not recognized");
        assertError("SELECT TO_DATE('15/01/2024', 'YYYY-MM-DD')", "100040", "22007",
                "Date '15/01/2024' is not recognized");
    }

    @Test
    void otherFunctions() throws SnowflakeError {
        assertThat(rows("SELECT SPLIT_PART('Account_r1_000003.csv.gz', '_', -1), NULLIF('', ''), COALESCE(NULL, 'x'),"
                + " 1 IS DISTINCT FROM NULL, IFF(TRUE, 'y', 'n')")).containsExactly(Arrays.asList("000003.csv.gz",
                null, "x", true, "y"));
        run("CREATE TABLE Q (K VARCHAR, V NUMBER, B BOOLEAN)");
        run("INSERT INTO Q VALUES ('a', 1, TRUE), ('a', 2, FALSE), ('b', 3, FALSE)");
        assertThat(rows("SELECT K, V FROM Q QUALIFY ROW_NUMBER() OVER (PARTITION BY K ORDER BY V DESC) = 1"
                + " ORDER BY K")).containsExactly(List.of("a", new BigDecimal("2")), List.of("b",
                new BigDecimal("3")));
        assertThat(rows("WITH top AS (SELECT K, MAX(V) AS M FROM Q GROUP BY K), \"low\" AS (SELECT 1 AS X)"
                + " SELECT t.K, t.M, l.X FROM top t JOIN \"low\" l ON TRUE WHERE t.K = 'b'"))
                .containsExactly(List.of("b", new BigDecimal("3"), 1L));
        assertThat(rows("SELECT COUNT_IF(B), BOOL_OR(B), COUNT(DISTINCT K) FROM Q"))
                .containsExactly(List.of(1L, true, 2L));
    }

    @Test
    void hashAggIsTheSameWhateverTheOrderAndChangesWithAnyValue() throws SnowflakeError {
        run("CREATE TABLE H1 (K VARCHAR, V NUMBER)");
        run("INSERT INTO H1 VALUES ('a', 1), ('b', NULL), ('c', 3)");
        run("CREATE TABLE H2 (K VARCHAR, V NUMBER)");
        run("INSERT INTO H2 VALUES ('c', 3), ('a', 1), ('b', NULL)");
        Object whole = rows("SELECT HASH_AGG(*) FROM H1").get(0).get(0);
        assertThat(rows("SELECT HASH_AGG(*) FROM H2")).containsExactly(List.of(whole));
        assertThat(rows("SELECT HASH_AGG(K, V) FROM H2")).containsExactly(List.of(whole));
        run("UPDATE H2 SET V = 2 WHERE K = 'b'");
        assertThat(rows("SELECT HASH_AGG(*) FROM H2").get(0).get(0)).isNotEqualTo(whole);
        assertThat(rows("SELECT HASH_AGG(*) FROM H1 WHERE K = 'none'")).containsExactly(List.of(0L));
        assertThat(error("SELECT HASH_AGG() FROM H1").errorCode()).isNotBlank();
    }

    @Test
    void dmlCountsAsSnowflakeReturnsThem() throws SnowflakeError {
        run("CREATE TABLE T (ID NUMBER, V VARCHAR)");
        QueryResult ins = run("INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        assertThat(ins.statementTypeId()).isEqualTo(0x3100);
        assertThat(ins.columns()).extracting(ColumnMeta::name).containsExactly("number of rows inserted");
        assertThat(ins.rows().get(0)).containsExactly(3L);
        QueryResult upd = run("UPDATE T SET V = 'z' WHERE ID > 1");
        assertThat(upd.statementTypeId()).isEqualTo(0x3200);
        assertThat(upd.columns()).extracting(ColumnMeta::name)
                .containsExactly("number of rows updated", "number of multi-joined rows updated");
        assertThat(upd.rows().get(0)).containsExactly(2L, 0L);
        run("CREATE TABLE S (ID NUMBER, V VARCHAR)");
        run("INSERT INTO S VALUES (1, 'from-s')");
        assertThat(run("UPDATE T AS t SET V = s.V FROM S AS s WHERE t.ID = s.ID").rows().get(0))
                .containsExactly(1L, 0L);
        QueryResult del = run("DELETE FROM T USING S WHERE T.ID = S.ID");
        assertThat(del.statementTypeId()).isEqualTo(0x3300);
        assertThat(del.rows().get(0)).containsExactly(1L);
        assertThat(run("DELETE FROM T WHERE ID = 2").rows().get(0)).containsExactly(1L);
        assertThat(rows("SELECT ID, V FROM T")).containsExactly(List.of(new BigDecimal("3"), "z"));
    }

    @Test
    void mergeCountsAndDuplicateSourceRows() throws SnowflakeError {
        run("CREATE TABLE TGT (ID NUMBER, V VARCHAR)");
        run("INSERT INTO TGT VALUES (1, 'old'), (2, 'same')");
        QueryResult m = run("MERGE INTO TGT t USING (SELECT 1 AS ID, 'new' AS V UNION ALL SELECT 2, 'same'"
                + " UNION ALL SELECT 3, 'ins') s ON t.ID = s.ID"
                + " WHEN MATCHED AND t.V IS DISTINCT FROM s.V THEN UPDATE SET V = s.V"
                + " WHEN NOT MATCHED THEN INSERT (ID, V) VALUES (s.ID, s.V)");
        assertThat(m.statementTypeId()).isEqualTo(0x3400);
        assertThat(m.columns()).extracting(ColumnMeta::name)
                .containsExactly("number of rows inserted", "number of rows updated");
        assertThat(m.rows().get(0)).containsExactly(1L, 1L);
        QueryResult d = run("MERGE INTO TGT t USING (SELECT 3 AS ID) s ON t.ID = s.ID WHEN MATCHED THEN DELETE");
        assertThat(d.columns()).extracting(ColumnMeta::name).containsExactly("number of rows deleted");
        assertThat(d.rows().get(0)).containsExactly(1L);
        assertError("MERGE INTO TGT t USING (SELECT 1 AS ID, 'a' AS V UNION ALL SELECT 1, 'b') s ON t.ID = s.ID"
                + " WHEN MATCHED THEN UPDATE SET V = s.V", "100090", "42P18",
                "Duplicate row detected during DML action\nRow Values: []");
    }

    @Test
    void transactionsCommitRollbackAndDdlCommits() throws SnowflakeError {
        run("CREATE TABLE TX (A NUMBER)");
        run("BEGIN");
        run("INSERT INTO TX VALUES (1)");
        run("ROLLBACK");
        assertThat(rows("SELECT COUNT(*) FROM TX")).containsExactly(List.of(0L));
        run("START TRANSACTION");
        run("INSERT INTO TX VALUES (2)");
        run("CREATE TABLE OTHER (A NUMBER)");
        run("ROLLBACK");
        assertThat(rows("SELECT A FROM TX")).containsExactly(List.of(new BigDecimal("2")));
        // exactly as the driver's setAutoCommit(false) words it
        run("alter session /* JDBC:SnowflakeConnectionImpl.setAutoCommit*/ set autocommit=false");
        run("INSERT INTO TX VALUES (3)");
        EngineSession other = engine.openSession("ADMIN", null, "SFDB", "PUBLIC", null);
        assertThat(rows(other, "SELECT COUNT(*) FROM TX")).containsExactly(List.of(1L));
        run("COMMIT");
        assertThat(rows(other, "SELECT COUNT(*) FROM TX")).containsExactly(List.of(2L));
        run("INSERT INTO TX VALUES (4)");
        run("ROLLBACK");
        run("ALTER SESSION SET AUTOCOMMIT = TRUE");
        assertThat(rows(other, "SELECT COUNT(*) FROM TX")).containsExactly(List.of(2L));
    }

    @Test
    void temporaryTransientAndDdlForms() throws SnowflakeError {
        run("CREATE TRANSIENT TABLE TR (A NUMBER)");
        run("CREATE OR REPLACE TEMPORARY TABLE TMP (A VARCHAR)");
        run("CREATE TABLE CT AS SELECT 1 AS N, 'x' AS S");
        run("CREATE TABLE LK LIKE TR");
        assertThat(rows("SELECT TABLE_NAME, TABLE_TYPE, IS_TRANSIENT FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME")).containsExactly(
                List.of("CT", "BASE TABLE", "NO"), List.of("LK", "BASE TABLE", "NO"),
                List.of("TMP", "LOCAL TEMPORARY", "NO"), List.of("TR", "BASE TABLE", "YES"));
        QueryResult exists = run("CREATE TABLE IF NOT EXISTS TR (A NUMBER)");
        assertThat(exists.rows().get(0)[0]).isEqualTo("TR already exists, statement succeeded.");
        run("ALTER TABLE TR ADD COLUMN B VARCHAR(5)");
        run("ALTER TABLE TR ALTER COLUMN B SET DATA TYPE VARCHAR(10)");
        run("INSERT INTO TR VALUES (1, '0123456789')");
        assertError("ALTER TABLE TR ALTER COLUMN B SET DATA TYPE VARCHAR(4)", "002108", "22000",
                "SQL compilation error:\ncannot change column B from type VARCHAR(10) to VARCHAR(4) because reducing"
                        + " the byte-length of a varchar is not supported.");
        assertThat(error("ALTER TABLE TR ALTER COLUMN A SET DATA TYPE NUMBER(38,2)").errorCode()).isEqualTo("002108");
        run("ALTER TABLE TR RENAME TO TR2");
        assertThat(rows("SELECT B FROM TR2")).containsExactly(List.of("0123456789"));
        assertThat(run("DROP TABLE IF EXISTS TR").rows().get(0)[0])
                .isEqualTo("Drop statement executed successfully (TR already dropped).");
        assertThat(run("DROP TABLE TR2").rows().get(0)[0]).isEqualTo("TR2 successfully dropped.");
        run("COMMENT ON TABLE CT IS 'made by a query'");
        assertThat(rows("SELECT COMMENT FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'CT'"))
                .containsExactly(List.of("made by a query"));
        assertThat(rows("SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'CT'"
                + " ORDER BY ORDINAL_POSITION")).containsExactly(List.of("N", "NUMBER"), List.of("S", "TEXT"));
    }

    @Test
    void swapExchangesContentOwnerGrantsAndComments() throws SnowflakeError {
        run("CREATE ROLE READER");
        run("CREATE TABLE LIVE (A VARCHAR) COMMENT = 'live'");
        run("INSERT INTO LIVE VALUES ('old')");
        run("GRANT SELECT ON TABLE LIVE TO ROLE READER");
        run("CREATE TABLE FRESH (A VARCHAR)");
        run("INSERT INTO FRESH VALUES ('new')");
        run("ALTER TABLE LIVE SWAP WITH FRESH");
        assertThat(rows("SELECT A FROM LIVE")).containsExactly(List.of("new"));
        assertThat(rows("SELECT A FROM FRESH")).containsExactly(List.of("old"));
        // the grant went with the old table: LIVE has none now
        assertThat(rows("SHOW GRANTS ON TABLE LIVE").stream().map(r -> r.get(1)).toList())
                .containsExactly("OWNERSHIP");
        List<List<Object>> fresh = rows("SHOW GRANTS ON TABLE FRESH");
        assertThat(fresh).anySatisfy(r -> assertThat(r.subList(1, 6))
                .containsExactly("SELECT", "TABLE", "SFDB.PUBLIC.FRESH", "ROLE", "READER"));
        assertThat(rows("SELECT TABLE_NAME, COMMENT FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN"
                + " ('LIVE', 'FRESH') ORDER BY 1")).containsExactly(Arrays.asList("FRESH", "live"),
                Arrays.asList("LIVE", null));
    }
}
