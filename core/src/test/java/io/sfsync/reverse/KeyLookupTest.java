package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.duckdb.DuckDbDialect;
import io.sfsync.warehouse.snowflake.SnowflakeDialect;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The dry run's lookup SOQL, and the reverse sync's warehouse statements as each dialect writes them. */
class KeyLookupTest {
    @Test
    void shouldEscapeKeysAndListThemInOneQuery() {
        assertThat(KeyLookup.literal("O'Brien \\ Co")).isEqualTo("'O\\'Brien \\\\ Co'");
        assertThat(KeyLookup.soql("Account", "Ext__c", List.of("'a'", "'b'")))
                .isEqualTo("SELECT Ext__c FROM Account WHERE Ext__c IN ('a','b')");
        assertThat(KeyLookup.found("{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{},\"Ext__c\":\"a\"}]}",
                "Ext__c")).containsExactly("a");
    }

    @Test
    void shouldPinTheSourceAndFailureStatements() {
        TableRef t = new TableRef("ANALYTICS", "SCORES");
        for (io.sfsync.warehouse.WarehouseDialect dialect : List.of(new DuckDbDialect(), new SnowflakeDialect())) {
            assertThat(dialect.selectRows(t)).isEqualTo("SELECT * FROM \"ANALYTICS\".\"SCORES\"");
            assertThat(dialect.insertFailure(t, List.of("RUN_ID", "MESSAGE")))
                    .isEqualTo("INSERT INTO \"ANALYTICS\".\"SCORES\" (\"RUN_ID\", \"MESSAGE\") VALUES (?, ?)");
        }
    }
}
