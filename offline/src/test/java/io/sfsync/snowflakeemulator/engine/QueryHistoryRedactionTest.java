package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryHistoryRedactionTest {

    @Test
    void shouldKeepNoPasswordInTheQueryHistory() {
        assertThat(EngineSession.redacted("CREATE USER IF NOT EXISTS SFSYNC PASSWORD = 'it''s s3cret\\\\x'"
                + " DEFAULT_ROLE = R")).isEqualTo("CREATE USER IF NOT EXISTS SFSYNC PASSWORD = '****' DEFAULT_ROLE = R");
        assertThat(EngineSession.redacted("alter user u set password='x'")).isEqualTo("alter user u set password='****'");
        assertThat(EngineSession.redacted("SELECT 'PASSWORD' FROM T")).isEqualTo("SELECT 'PASSWORD' FROM T");
    }
}
