package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * sfsync's tests run thousands of statements through the engine: a small statement takes milliseconds, not more (the
 * bound is loose: the engine adds little to DuckDB's own per-statement cost, and machines are shared).
 */
class EngineSpeedTest extends EngineTestSupport {

    @Test
    void smallStatementsAreFast() throws SnowflakeError {
        run("CREATE TABLE SPEED (ID NUMBER(38,0), NAME VARCHAR(20))");
        long start = System.nanoTime();
        int n = 1000;
        for (int i = 0; i < n; i++) {
            run("INSERT INTO SPEED (ID, NAME) VALUES (?, ?)", new BigDecimal(i), "n" + i);
            run("SELECT NAME FROM SPEED WHERE ID = ?", new BigDecimal(i));
        }
        long perStatementMicros = (System.nanoTime() - start) / 1000 / (2L * n);
        assertThat(rows("SELECT COUNT(*) FROM SPEED")).containsExactly(List.of((long) n));
        assertThat(perStatementMicros).as("microseconds per statement").isLessThan(50_000);
    }
}
