package io.sfsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {
    private static final String SECRET = "s3cret-Pa55";

    private static Map<String, String> valid() {
        Map<String, String> p = new HashMap<>();
        p.put("sfsync.cluster.jdbc-url", "jdbc:postgresql://db.example:5432/sfsync");
        p.put("sfsync.cluster.user", "sfsync");
        p.put("sfsync.cluster.password", SECRET);
        p.put("sfsync.cluster.node-id", "node-a");
        return p;
    }

    @Test
    void shouldLeaveTheScheduleInMemoryWhenNoClusterIsConfigured() {
        assertThat(ClusterSettings.from(Map.<String, String>of()::get)).isEmpty();
        assertThat(ClusterSettings.from(Map.of("sfsync.cluster.jdbc-url", " ")::get)).isEmpty();
    }

    @Test
    void shouldReportEveryProblemAtOnceWithoutThePassword() {
        Map<String, String> p = valid();
        p.put("sfsync.cluster.jdbc-url", "jdbc:mysql://db/x?password=" + SECRET);
        p.remove("sfsync.cluster.user");
        p.put("sfsync.cluster.threads", "lots");
        p.put("sfsync.cluster.checkin-interval-ms", "10");
        p.put("sfsync.cluster.table-prefix", "Bad-Prefix");
        p.put("sfsync.cluster.create-tables", "sometimes");
        assertThatThrownBy(() -> ClusterSettings.from(p::get))
                .isInstanceOfSatisfying(SyncException.class, e -> {
                    assertThat(e.code()).isEqualTo(SyncError.INVALID_CONFIGURATION);
                    assertThat(e.getMessage().split("; ")).hasSize(6);
                })
                .hasMessageContaining("sfsync.cluster.jdbc-url must be a PostgreSQL JDBC URL")
                .hasMessageContaining("sfsync.cluster.user is not set")
                .hasMessageContaining("sfsync.cluster.threads is 'lots'")
                .hasMessageContaining("sfsync.cluster.checkin-interval-ms is '10'")
                .hasMessageContaining("sfsync.cluster.table-prefix 'Bad-Prefix'")
                .hasMessageContaining("sfsync.cluster.create-tables must be true or false")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void shouldNeedAPasswordUnlessTheUrlCarriesOne() {
        Map<String, String> p = valid();
        p.remove("sfsync.cluster.password");
        assertThatThrownBy(() -> ClusterSettings.from(p::get)).hasMessageContaining("sfsync.cluster.password is not"
                + " set");
        p.put("sfsync.cluster.jdbc-url", "jdbc:postgresql://db/x?password=" + SECRET);
        ClusterSettings s = ClusterSettings.from(p::get).orElseThrow();
        assertThat(s.where()).isEqualTo("jdbc:postgresql://db/x");
        assertThat(s.toString()).doesNotContain(SECRET);
    }

    @Test
    void shouldDefaultTheNodeIdToHostAndProcess() {
        Map<String, String> p = valid();
        p.remove("sfsync.cluster.node-id");
        ClusterSettings s = ClusterSettings.from(p::get).orElseThrow();
        assertThat(s.nodeId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(s.checkinInterval().toMillis()).isEqualTo(5000);
        assertThat(s.misfireThreshold().toMillis()).isEqualTo(10_000);
        assertThat(s.threads()).isEqualTo(5);
        assertThat(s.tablePrefix()).isEqualTo("qrtz_");
        assertThat(s.createTables()).isTrue();
    }

    @Test
    void shouldConfigureAClusteredJdbcJobStoreWithNoCredentialInQuartzProperties() {
        ClusterSettings s = ClusterSettings.from(valid()::get).orElseThrow();
        Properties q = ClusterSchedule.quartzProperties(s, "sfsync");
        assertThat(q).containsEntry("org.quartz.scheduler.instanceName", "sfsync")
                .containsEntry("org.quartz.scheduler.instanceId", "node-a")
                .containsEntry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX")
                .containsEntry("org.quartz.jobStore.driverDelegateClass",
                        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate")
                .containsEntry("org.quartz.jobStore.isClustered", "true")
                .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "5000")
                .containsEntry("org.quartz.jobStore.misfireThreshold", "10000")
                .containsEntry("org.quartz.jobStore.tablePrefix", "qrtz_")
                .containsEntry("org.quartz.threadPool.threadCount", "5");
        assertThat(q.values()).noneMatch(v -> v.toString().contains(SECRET));
    }

    @Test
    void shouldRefuseAClusterOnDuckDb() {
        Map<String, String> p = valid();
        p.put("sfsync.warehouse.type", "duckdb");
        assertThatThrownBy(() -> ClusterSchedule.configure(null, p::get))
                .hasMessageContaining("a DuckDB file belongs to one process");
    }

    @Test
    void shouldTakeQuartzPostgresDdlWithoutItsDropsAndWithThePrefix() {
        List<String> statements = QuartzTables.statements("sfsync_q_");
        assertThat(statements).noneMatch(s -> s.toUpperCase().startsWith("DROP"))
                .noneMatch(s -> s.toUpperCase().contains("QRTZ_"));
        assertThat(QuartzTables.tables(statements)).hasSize(11).contains("sfsync_q_locks", "sfsync_q_triggers",
                "sfsync_q_fired_triggers", "sfsync_q_scheduler_state", "sfsync_q_job_details");
    }

    @Test
    void shouldKeyTargetsByWarehouseAndTable() {
        assertThat(PostgresRunLock.key("snowflake http://a DB\nRAW.ACCOUNTS"))
                .isEqualTo(PostgresRunLock.key("snowflake http://a DB\nRAW.ACCOUNTS"))
                .isNotEqualTo(PostgresRunLock.key("snowflake http://a DB\nRAW.CONTACTS"))
                .isNotEqualTo(PostgresRunLock.key("snowflake http://b DB\nRAW.ACCOUNTS"));
        assertThat(ClusterSchedule.warehouseScope("snowflake", Map.of(
                "sfsync.warehouse.snowflake.account-url", "https://XY.snowflakecomputing.com/",
                "sfsync.warehouse.snowflake.database", "analytics")::get))
                .isEqualTo("snowflake xy.snowflakecomputing.com ANALYTICS")
                .as("one account however its URL is spelt").isEqualTo(ClusterSchedule.warehouseScope("snowflake",
                        Map.of("sfsync.warehouse.snowflake.account-url", "HTTPS://xy.snowflakecomputing.com:443",
                                "sfsync.warehouse.snowflake.database", "ANALYTICS")::get));
    }

    @Test
    void shouldNameTheHolderFromItsSessionName() {
        assertThat(PostgresRunLock.describe("sfsync|20260101120000-abcdef|node-a|Account"))
                .isEqualTo("run 20260101120000-abcdef of Account (node node-a)");
        assertThat(PostgresRunLock.describe("sfsync|20260101120000-abcdef|node-with-a-long-na"))
                .isEqualTo("run 20260101120000-abcdef (node node-with-a-long-na)");
        assertThat(PostgresRunLock.describe("psql")).isEqualTo("another session (psql)");
    }
}
