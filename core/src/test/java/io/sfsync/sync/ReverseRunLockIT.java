package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;
import io.sfsync.emulator.http.Faults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two reverse runs into one sObject never overlap: the first holds the sObject's run lock ({@code salesforce:...},
 * the lock forward syncs take per target) until it ends, and a second one meanwhile is skipped as a second sync of one
 * target is: it writes nothing, records no history, and says which run holds the sObject.
 */
class ReverseRunLockIT extends ReverseOrgTestSupport {

    @BeforeEach
    void start() throws Exception {
        start(1024 * 1024, Map.of());
        sql("CREATE TABLE ANALYTICS.SINKS (External_Key__c VARCHAR, Name VARCHAR)");
        sql("INSERT INTO ANALYTICS.SINKS VALUES ('lock-1', 'First'), ('lock-2', 'Second')");
    }

    @Test
    void shouldSkipASecondReverseRunIntoTheSameSObjectWhileTheFirstIsGoing() throws Exception {
        // the first run's sObject Collections request takes 3 s: it holds the lock meanwhile
        Faults.Rule slow = org.faults().add(Faults.Kind.DELAY, "/composite/sobjects.*", "PATCH", 1, 3_000);
        CompletableFuture<ReverseResult> first = CompletableFuture.supplyAsync(() ->
                reverse("Kitchen_Sink__c", "ANALYTICS.SINKS", "External_Key__c", Map.of()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (slow.remaining() > 0) {
            assertThat(System.nanoTime()).as("the first run sent its records").isLessThan(deadline);
            LockSupport.parkNanos(10_000_000L);
        }

        ReverseResult second = reverse("Kitchen_Sink__c", "ANALYTICS.SINKS", "External_Key__c", Map.of());
        assertThat(first).as("the second run did not wait for the first").isNotDone();
        ReverseResult done = first.get(60, TimeUnit.SECONDS);
        assertThat(done.success()).as(done.logLine()).isTrue();
        assertThat(done.succeeded()).isEqualTo(2);
        assertThat(second.success()).isFalse();
        assertThat(second.error()).isEqualTo("skipped: run " + done.runId() + " of Kitchen_Sink__c into"
                + " salesforce:Kitchen_Sink__c is still in progress");
        assertThat(second.rowsRead()).isZero();
        assertThat(second.rowsSent()).isZero();
        assertThat(second.apiCalls()).isZero();
        assertThat(rows("SELECT \"run_id\" FROM \"SFSYNC_CONTROL\".\"sfsync_history\" ORDER BY \"sync_timestamp\""))
                .as("only the run that wrote is in the history").containsExactly(List.of(done.runId()));

        // the lock went with the first run: the next run into the sObject writes
        ReverseResult third = reverse("Kitchen_Sink__c", "ANALYTICS.SINKS", "External_Key__c", Map.of());
        assertThat(third.success()).as(third.logLine()).isTrue();
        assertThat(third.succeeded()).isEqualTo(2);
    }

    @Test
    void shouldGiveTheLockBackWhenARunFails() throws Exception {
        ReverseResult failed = reverse("Kitchen_Sink__c", "ANALYTICS.SINKS", "No_Such_Field__c", Map.of());
        assertThat(failed.success()).isFalse();
        assertThat(failed.error()).doesNotStartWith("skipped");
        ReverseResult next = reverse("Kitchen_Sink__c", "ANALYTICS.SINKS", "External_Key__c", Map.of());
        assertThat(next.success()).as(next.logLine()).isTrue();
    }
}
