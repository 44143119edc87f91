package io.sfsync.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlMessagesTest {

    @Test
    void shouldJoinSnowflakesAnnouncingLineWithTheReason() {
        assertThat(SqlMessages.summary(new SQLException("SQL compilation error:\nObject 'RAW.ACCOUNTS' does not exist"
                + " or not authorized."))).isEqualTo("SQL compilation error: Object 'RAW.ACCOUNTS' does not exist or"
                        + " not authorized.");
    }

    @Test
    void shouldKeepOnlyTheFirstLineOtherwise() {
        assertThat(SqlMessages.summary(new SQLException("Binder Error: Referenced column \"x\" not found\n\nLINE 1:"
                + " SELECT x"))).isEqualTo("Binder Error: Referenced column \"x\" not found");
        assertThat(SqlMessages.summary(new SQLException("  one line  "))).isEqualTo("one line");
        assertThat(SqlMessages.summary(new SQLException("ends with a colon:"))).isEqualTo("ends with a colon:");
    }
}
