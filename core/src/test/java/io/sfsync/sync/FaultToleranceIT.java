package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.bulk.BulkBehaviour;
import io.sfsync.emulator.http.Faults;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transient Salesforce failures are retried with backoff; a spent quota fails the run at once. */
class FaultToleranceIT {
    @TempDir
    static Path dir;
    private static SalesforceEmulator org;
    private static RunningSfsync sfsync;
    private static IntelligentSync sync;
    private static DuckDbWarehouse warehouse;

    @BeforeAll
    static void start() throws Exception {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 900).volume("Contact", 2_500)
                .bulkTiming(Duration.ofMillis(5), Duration.ofMillis(10)).build());
        sfsync = new RunningSfsync(new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.warehouse.duckdb.path", dir.resolve("faults.duckdb").toString())
                .set("sfsync.bulk.poll-initial-ms", "10")
                .set("sfsync.bulk.max-records", "1000")
                .set("sfsync.retry.initial-delay-ms", "10")
                .set("sfsync.retry.max-delay-ms", "50")
                .set("sfsync.rest.batch-size", "200")
                .set("sfsync.bulk.timeout-seconds", "1"));
        sync = sfsync.sync();
        warehouse = sfsync.warehouse(DuckDbWarehouse.class);
    }

    @AfterAll
    static void stop() throws Exception {
        sfsync.close();
        org.close();
    }

    @AfterEach
    void disarm() {
        org.faults().clear();
        org.limits().set("DailyApiRequests", 100_000, 100_000);
    }

    @Test
    void shouldRefuseToStartWhenTheApiQuotaIsBelowTheFloor() {
        org.limits().set("DailyApiRequests", 15_000, 150);
        SyncResult r = accounts("ACCOUNTS_LOW_QUOTA");
        assertThat(r.success()).isFalse();
        assertThat(r.error()).isEqualTo("not started: only 149 DailyApiRequests are left, below the floor of 200 "
                + "(sfsync.quota.min-api-requests); the quota refills over 24 hours");
        assertThat(r.apiCalls()).isEqualTo(1);
    }

    @Test
    void shouldTakeBulkWhenRestPagesWouldEatIntoTheQuotaFloor() {
        org.limits().set("DailyApiRequests", 15_000, 213);
        SyncResult r = sync.sync(SyncRequest.of("Contact").withTarget("RAW", "CONTACTS_QUOTA")
                .withThresholds(10_000L, 50_000L));
        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
        assertThat(r.reason()).contains("REST would need 13 API calls but only 10 are left above the floor, so Bulk "
                + "API (about 8 calls)");
        assertThat(r.actualRecords()).isEqualTo(2_500);
    }

    private static SyncResult accounts(String table) {
        return sync.sync(SyncRequest.of("Account").withTarget("RAW", table));
    }

    @Test
    void shouldRetryServerErrorsThrottlingAndDroppedConnectionsAndStillLoadEverything() throws Exception {
        org.faults().add(Faults.Kind.SERVER_ERROR, "/queryAll", "GET", 2, 0);
        org.faults().add(Faults.Kind.SERVICE_UNAVAILABLE, "/describe", "GET", 1, 0);
        org.faults().add(Faults.Kind.TOO_MANY_REQUESTS, "/queryAll", "GET", 1, 0);
        SyncResult rest = accounts("ACCOUNTS_RETRIED");
        assertThat(rest.success()).as(rest.logLine()).isTrue();
        assertThat(rest.retries()).isEqualTo(4);
        assertThat(rest.retryWaitSeconds()).as("the backoff waited is shown").isPositive();
        assertThat(OrgTables.table(warehouse, "RAW", "ACCOUNTS_RETRIED")).hasSize(900);

        org.faults().add(Faults.Kind.DROP_CONNECTION, "/results", "GET", 1, 0);
        org.faults().add(Faults.Kind.SERVER_ERROR, "/jobs/query/750", "GET", 1, 0);
        SyncResult bulk = sync.sync(SyncRequest.of("Contact").withTarget("RAW", "CONTACTS_RETRIED"));
        assertThat(bulk.success()).as(bulk.logLine()).isTrue();
        assertThat(bulk.syncMethod()).isEqualTo("bulk_api_full");
        assertThat(bulk.retries()).isEqualTo(2);
        assertThat(bulk.actualRecords()).isEqualTo(2_500);
        assertThat(OrgTables.table(warehouse, "RAW", "CONTACTS_RETRIED")).hasSize(2_500);
    }

    @Test
    void shouldGiveUpAfterTheConfiguredRetriesWithTheLastError() {
        org.faults().add(Faults.Kind.SERVER_ERROR, "/queryAll", "GET", 50, 0);
        SyncResult r = accounts("ACCOUNTS_GIVEN_UP");
        assertThat(r.success()).isFalse();
        assertThat(r.retries()).isEqualTo(4);
        assertThat(r.error()).contains("HTTP 500").contains("UNKNOWN_EXCEPTION");
        assertThat(warehouse.tableExists(new io.sfsync.warehouse.TableRef("RAW", "ACCOUNTS_GIVEN_UP"))).isFalse();
    }

    @Test
    void shouldFailFastWithoutRetryingWhenTheApiQuotaIsSpent() {
        long before = org.requests().counters().getOrDefault("fault.REQUEST_LIMIT_EXCEEDED", 0L);
        org.faults().add(Faults.Kind.REQUEST_LIMIT_EXCEEDED, "/queryAll", "GET", 50, 0);
        SyncResult r = accounts("ACCOUNTS_NO_QUOTA");
        assertThat(r.success()).isFalse();
        assertThat(r.retries()).isZero();
        assertThat(r.error()).contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(org.requests().counters().get("fault.REQUEST_LIMIT_EXCEEDED") - before).isEqualTo(1);
    }

    @Test
    void shouldRetryWhenTheOrgRunsTooManyLongRequestsAtOnce() throws Exception {
        // Unlike the daily limit (the test above), the concurrent one passes once other requests end.
        org.faults().add(Faults.Kind.CONCURRENT_REQUESTS, "/queryAll", "GET", 2, 0);
        SyncResult r = accounts("ACCOUNTS_CONCURRENT");
        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.retries()).isEqualTo(2);
        assertThat(OrgTables.table(warehouse, "RAW", "ACCOUNTS_CONCURRENT")).hasSize(900);
    }

    @Test
    void shouldSurviveASessionThatExpiresMidRunByLoggingInAgain() throws Exception {
        org.faults().add(Faults.Kind.INVALID_SESSION, "/query/[^/]+-[0-9]+$", "GET", 1, 0);
        SyncResult rest = accounts("ACCOUNTS_RELOGIN");
        assertThat(rest.success()).as(rest.logLine()).isTrue();
        assertThat(OrgTables.table(warehouse, "RAW", "ACCOUNTS_RELOGIN")).hasSize(900);

        org.faults().add(Faults.Kind.INVALID_SESSION, "/results", "GET", 1, 0);
        SyncResult bulk = sync.sync(SyncRequest.of("Contact").withTarget("RAW", "CONTACTS_RELOGIN"));
        assertThat(bulk.success()).as(bulk.logLine()).isTrue();
        assertThat(bulk.syncMethod()).isEqualTo("bulk_api_full");
        assertThat(OrgTables.table(warehouse, "RAW", "CONTACTS_RELOGIN")).hasSize(2_500);
        assertThat(org.requests().counters().get("fault.INVALID_SESSION")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldAbortAJobStuckInProgressPastTheTimeoutAndFailClearly() {
        long aborts = org.requests().counters().getOrDefault("bulk.abort", 0L);
        long seq = org.requests().lastSeq();
        org.bulkNext(new BulkBehaviour(null, 1_000_000), 1);
        SyncResult r = sync.sync(SyncRequest.of("Contact").withTarget("RAW", "CONTACTS_STUCK"));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("Bulk API job " + r.bulkJobId()).contains("still InProgress after")
                .contains("sfsync.bulk.timeout-seconds=1").contains("aborted");
        assertThat(org.requests().counters().get("bulk.abort") - aborts).as("the job was aborted").isEqualTo(1);
        // The dead-letter route found the job through our own property, not camel-salesforce's header by its name.
        assertThat(r.bulkJobId()).isNotNull();
        List<RequestLog.Entry> calls = org.requests().since(seq);
        assertThat(calls).as("the job was aborted").anyMatch(e -> e.operation().equals("bulk.abort")
                && e.path().endsWith(r.bulkJobId()) && e.status() < 300);
        assertThat(calls).as("then deleted").anyMatch(e -> e.operation().equals("bulk.delete")
                && e.path().endsWith(r.bulkJobId()) && e.status() < 300);
        assertThat(org.bulkJobIds()).as("the failed run's job is gone from the org").doesNotContain(r.bulkJobId());
        assertThat(warehouse.tableExists(new io.sfsync.warehouse.TableRef("RAW", "CONTACTS_STUCK"))).isFalse();
    }

    @Test
    void shouldTakeTheRetryPolicyFromTheSfsyncRetryProperties() {
        RedeliveryPolicy policy = sfsync.context().getRegistry().lookupByNameAndType("sfsync-retry-policy",
                RedeliveryPolicy.class);
        assertThat(policy).as("the bean routes/error-handling.camel.yaml refers to").isNotNull();
        assertThat(policy.getMaximumRedeliveries()).as("sfsync.retry.max-retries' default").isEqualTo(4);
        assertThat(policy.getRedeliveryDelay()).as("sfsync.retry.initial-delay-ms").isEqualTo(10);
        assertThat(policy.getMaximumRedeliveryDelay()).as("sfsync.retry.max-delay-ms").isEqualTo(50);
        assertThat(policy.isUseExponentialBackOff()).isTrue();
        assertThat(policy.isUseCollisionAvoidance()).as("jitter").isTrue();
        assertThat(policy.getBackOffMultiplier()).isEqualTo(2.0);
    }

    @Test
    void shouldFailWithSalesforcesMessageWhenSomeoneAbortsTheJob() {
        org.bulkNext(BulkBehaviour.abortedWith("Job aborted by an administrator"), 1);
        SyncResult r = sync.sync(SyncRequest.of("Contact").withTarget("RAW", "CONTACTS_ABORTED"));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("ended Aborted").contains("Job aborted by an administrator");
        assertThat(warehouse.tableExists(new io.sfsync.warehouse.TableRef("RAW", "CONTACTS_ABORTED"))).isFalse();
    }
}
