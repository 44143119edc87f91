package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The six methods end to end into the offline Snowflake through the unmodified snowflake-jdbc driver: PUT to the user
 * stage and to a named stage, COPY INTO, MERGE, the full replace, the state row and the run history, every value of
 * every field type compared with the org.
 */
@LoopbackOnly
class SnowflakeSyncRoutesIT extends SyncRoutesBehaviour {
    private OfflineSnowflake offline;

    @Override
    protected void configureWarehouse(SfsyncRuntime runtime, Path dir) throws Exception {
        offline = OfflineSnowflake.start(dir.resolve("snowflake"), true, "RAW");
        offline.configure(runtime, "RAW");
    }

    @Override
    protected void stopWarehouse() {
        if (offline != null) {
            offline.close();
        }
    }

    @Override
    protected List<String> stageFilesLeft(Warehouse warehouse, String stageName) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("LIST " + stageName)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("LIST @~")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * A forced full sync rewrites the table in place: the SELECT an administrator granted to an analyst role, and the
     * table's comment, are still there afterwards (a SWAP WITH would have taken them away with the old table).
     */
    @Test
    @Order(35)
    void shouldKeepTheGrantsAndCommentOfTheTableThroughAForcedFullSync() throws Exception {
        offline.admin("CREATE ROLE IF NOT EXISTS ANALYST",
                "GRANT SELECT ON TABLE \"RAW\".\"SINK_BULK\" TO ROLE ANALYST",
                "COMMENT ON TABLE \"RAW\".\"SINK_BULK\" IS 'curated by the data team'");

        SyncResult r = run("SINK_BULK", 100, 50_000, true);

        assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
        assertTableEqualsOrg("SINK_BULK");
        List<String> grants = offline.adminQuery("SHOW GRANTS ON TABLE \"RAW\".\"SINK_BULK\"").stream()
                .map(row -> row[1] + " to " + row[4] + " " + row[5]).toList();
        assertThat(grants).contains("SELECT to ROLE ANALYST");
        List<Object[]> comment = offline.adminQuery("SELECT COMMENT FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'RAW' AND TABLE_NAME = 'SINK_BULK'");
        assertThat(comment).hasSize(1);
        assertThat(comment.get(0)[0]).isEqualTo("curated by the data team");
    }

    /** A stage an administrator made and never granted: the role cannot see it, nor create one of that name. */
    @Override
    protected void makeStageUnusable(String stageName) throws Exception {
        offline.admin("CREATE STAGE \"RAW\".\"" + stageName.substring(1) + "\"");
    }
}
