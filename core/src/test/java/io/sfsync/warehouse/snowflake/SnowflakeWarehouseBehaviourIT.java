package io.sfsync.warehouse.snowflake;

import static io.sfsync.warehouse.TestBatches.batch;
import static io.sfsync.warehouse.TestBatches.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.warehouse.SyncStateTable;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.TestBatches;
import io.sfsync.warehouse.WarehouseException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse behaviour suite on the offline Snowflake, through the unmodified snowflake-jdbc driver: every load,
 * merge, replace, schema change and refusal of {@link io.sfsync.warehouse.AbstractWarehouseBehaviourTest} as
 * Snowflake's SQL, types and errors give it, logged in as a role that may create schemas (each test makes its own).
 */
@LoopbackOnly
class SnowflakeWarehouseBehaviourIT extends SnowflakeWarehouseBehaviour {
    @TempDir
    static Path dir;
    private static OfflineSnowflake offline;

    @BeforeAll
    static void startSnowflake() throws Exception {
        offline = OfflineSnowflake.start(dir.resolve("snowflake"), true);
    }

    @AfterAll
    static void stopSnowflake() {
        if (offline != null) {
            offline.close();
        }
    }

    @Override
    protected Map<String, String> settings() {
        return offline.settings();
    }

    /** Only the columns that tests name: the load's own columns are the suite's. */
    private static final List<String> SIMPLE = List.of("Id", "Name", "Amount__c", "SystemModstamp");

    @Test
    void shouldKeepTheGrantsAndCommentOfATableThroughAFullSync() throws Exception {
        load(spec(accounts, simple(), true, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        String table = "\"" + schema + "\".\"ACCOUNTS\"";
        offline.admin("CREATE ROLE IF NOT EXISTS ANALYST", "GRANT SELECT ON TABLE " + table + " TO ROLE ANALYST",
                "COMMENT ON TABLE " + table + " IS 'curated'");

        load(spec(accounts, simple(), true, false, "r2"), batch(0, SIMPLE,
                row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z")));

        assertThat(select(accounts, "Id", "Name")).containsExactly(List.of("B", "beta"));
        assertThat(offline.adminQuery("SHOW GRANTS ON TABLE " + table).stream()
                .map(r -> r[1] + " " + r[4] + " " + r[5]).toList()).contains("SELECT ROLE ANALYST");
        assertThat(offline.adminQuery("SELECT COMMENT FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = '"
                + schema + "' AND TABLE_NAME = 'ACCOUNTS'").get(0)[0]).isEqualTo("curated");
    }

    /**
     * The data and the state row of a full sync commit together: when the state row cannot be written, the table keeps
     * its old rows, so the error's "unchanged" is true (a swap committed by itself would have left the new rows).
     */
    @Test
    void shouldLeaveTheOldRowsWhenTheStateRowOfAFullSyncCannotBeWritten() throws Exception {
        load(spec(accounts, simple(), true, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        String state = "\"" + schema + "\".\"" + SyncStateTable.TABLE_NAME + "\"";
        String columns = SyncStateTable.COLUMNS.stream().map(Column::name)
                .map(c -> "\"" + c + "\" " + (c.equals("watermark") ? "BOOLEAN" : "VARCHAR"))
                .collect(Collectors.joining(", "));
        offline.admin("DROP TABLE " + state, "CREATE TABLE " + state + " (" + columns + ")",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE " + state + " TO ROLE " + OfflineSnowflake.ROLE);

        assertThatThrownBy(() -> load(spec(accounts, simple(), true, false, "r2"), batch(0, SIMPLE,
                row("B", "beta", "2.00", "2024-01-02T00:00:00.000Z"))))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("the table is unchanged");

        assertThat(select(accounts, "Id", "Name")).containsExactly(List.of("A", "alpha"));
    }

    @Test
    void shouldCarryTheGrantsAndCommentOverWhenAChangedTypeRebuildsTheTable() throws Exception {
        load(spec(accounts, simple(), true, false, "r1"), batch(0, SIMPLE,
                row("A", "alpha", "1.00", "2024-01-01T00:00:00.000Z")));
        String table = "\"" + schema + "\".\"ACCOUNTS\"";
        offline.admin("CREATE ROLE IF NOT EXISTS ANALYST", "GRANT SELECT ON TABLE " + table + " TO ROLE ANALYST",
                "COMMENT ON TABLE " + table + " IS 'it''s curated'");
        SObjectSchema amountAsText = new SObjectSchema("Account", List.of(TestBatches.field("Id", "id", 18, 0, 0, 0),
                TestBatches.field("Name", "string", 255, 0, 0, 0), TestBatches.field("Amount__c", "string", 40, 0, 0, 0),
                TestBatches.field("SystemModstamp", "datetime", 0, 0, 0, 0)));

        LoadOutcome outcome = load(spec(accounts, amountAsText, true, false, "r2"), batch(0, SIMPLE,
                row("A", "alpha", "about one", "2024-01-02T00:00:00.000Z")));

        assertThat(columnTypes(accounts)).containsEntry("Amount__c", "VARCHAR(40)");
        assertThat(select(accounts, "Id", "Amount__c")).containsExactly(List.of("A", "about one"));
        assertThat(outcome.schemaChanges()).anyMatch(c -> c.startsWith("rebuilt " + accounts));
        assertThat(offline.adminQuery("SHOW GRANTS ON TABLE " + table).stream()
                .map(r -> r[1] + " " + r[4] + " " + r[5]).toList()).contains("SELECT ROLE ANALYST");
        assertThat(offline.adminQuery("SELECT COMMENT FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = '"
                + schema + "' AND TABLE_NAME = 'ACCOUNTS'").get(0)[0]).isEqualTo("it's curated");
    }
}
