package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An engine on a temporary folder with an ACCOUNTADMIN session, and helpers to run statements and read rows. */
abstract class EngineTestSupport {

    @TempDir
    Path dir;
    SnowflakeEngine engine;
    EngineSession admin;

    @BeforeEach
    void openEngine() throws SnowflakeError {
        engine = SnowflakeEngine.open(dir.resolve("sf"), "test_account", "SFDB", "admin", "secret");
        admin = engine.openSession("ADMIN", null, "SFDB", "PUBLIC", "WH");
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    QueryResult run(String sql, Object... params) throws SnowflakeError {
        return run(admin, sql, params);
    }

    static QueryResult run(EngineSession s, String sql, Object... params) throws SnowflakeError {
        List<Binding> b = Arrays.stream(params).map(p -> new Binding("TEXT", p)).toList();
        return s.execute(sql, b);
    }

    /** The rows as lists, for comparison. */
    List<List<Object>> rows(String sql, Object... params) throws SnowflakeError {
        return rows(admin, sql, params);
    }

    static List<List<Object>> rows(EngineSession s, String sql, Object... params) throws SnowflakeError {
        return run(s, sql, params).rows().stream().map(r -> Arrays.asList(r)).toList();
    }

    Object single(String sql, Object... params) throws SnowflakeError {
        QueryResult r = run(sql, params);
        assertThat(r.rows()).hasSize(1);
        return r.rows().get(0)[0];
    }

    static SnowflakeError error(EngineSession s, String sql) {
        try {
            s.execute(sql, List.of());
        } catch (SnowflakeError e) {
            return e;
        }
        throw new AssertionError("expected " + sql + " to fail");
    }

    SnowflakeError error(String sql) {
        return error(admin, sql);
    }

    void assertError(String sql, String code, String sqlState, String message) {
        assertError(admin, sql, code, sqlState, message);
    }

    static void assertError(EngineSession s, String sql, String code, String sqlState, String message) {
        assertThatThrownBy(() -> s.execute(sql, List.of())).isInstanceOfSatisfying(SnowflakeError.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.sqlState()).isEqualTo(sqlState);
        });
    }
}
