package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.sync.ResumeDecision.Action;
import io.sfsync.sync.ResumeDecision.Job;
import io.sfsync.warehouse.ResumePoint;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link ResumeDecision}: whether a run resumes an interrupted Bulk run of its target, and why not. */
class ResumeDecisionTest {
    private static final String SOQL = "SELECT Id, Name, SystemModstamp FROM Account";
    private static final String METHOD = "bulk_api_stage_full";
    private static final ResumePoint POINT = new ResumePoint("RAW.ACCOUNTS", "r1", METHOD, true, "@S", "750J1",
            ResumeDecision.queryHash(SOQL), "NDAwMDA", 2, 2, 40_000, List.of("Id", "Name", "SystemModstamp"),
            Instant.parse("2026-01-01T00:00:00Z"));

    private static ResumeDecision decide(boolean enabled, ResumePoint point, String committed, String method,
            String soql, Job job) {
        return ResumeDecision.decide(enabled, point, committed, Instant.parse("2025-12-31T00:00:00Z"),
                new ResumeDecision.Run(method, soql, "Account", "queryAll"), job);
    }

    @Test
    void shouldStartWhenNoRunWasInterrupted() {
        assertThat(decide(true, null, null, METHOD, SOQL, null).action()).isEqualTo(Action.NONE);
    }

    @Test
    void shouldAskSalesforceForTheJobBeforeResuming() {
        ResumeDecision d = decide(true, POINT, "750OLD", METHOD, SOQL, null);
        assertThat(d.action()).isEqualTo(Action.LOOK_UP);
        assertThat(d.deleteJob()).isFalse();
    }

    @Test
    void shouldResumeAtTheNextPageWhenTheJobIsCompleteWithTheSameQuery() {
        ResumeDecision d = decide(true, POINT, "750OLD", METHOD, SOQL, Job.found("JobComplete", "Account", "queryAll"));
        assertThat(d.action()).isEqualTo(Action.RESUME);
        assertThat(d.reason()).contains("run r1", "750J1", "at page 3");
        assertThat(d.deleteJob()).isFalse();
    }

    @Test
    void shouldOnlyForgetThePointOfARunThatCommitted() {
        ResumeDecision d = decide(true, POINT, "750J1", METHOD, SOQL, null);
        assertThat(d.action()).isEqualTo(Action.FORGET);
        assertThat(d.reason()).isNull();
        assertThat(d.deleteJob()).isFalse();
    }

    @Test
    void shouldStartOverWhenTheTargetWasSyncedAfterTheInterruptedRun() {
        ResumeDecision d = ResumeDecision.decide(true, POINT, "750OTHER", Instant.parse("2026-01-01T00:00:01Z"),
                new ResumeDecision.Run(METHOD, SOQL, "Account", "queryAll"), null);
        assertThat(d.action()).isEqualTo(Action.START_OVER);
        assertThat(d.reason()).contains("the target was synced after it");
        assertThat(d.deleteJob()).isTrue();
    }

    @Test
    void shouldStartOverAndDeleteTheJobWhenResumeIsOff() {
        ResumeDecision d = decide(false, POINT, null, METHOD, SOQL, null);
        assertThat(d.action()).isEqualTo(Action.START_OVER);
        assertThat(d.reason()).contains("sfsync.bulk.resume is false");
        assertThat(d.deleteJob()).isTrue();
    }

    @Test
    void shouldStartOverWhenTheMethodChanged() {
        ResumeDecision d = decide(true, POINT, null, "bulk_api_full", SOQL, null);
        assertThat(d.action()).isEqualTo(Action.START_OVER);
        assertThat(d.reason()).contains("this run is bulk_api_full");
        assertThat(d.deleteJob()).isTrue();
    }

    @Test
    void shouldStartOverWhenTheQueryChanged() {
        ResumeDecision d = decide(true, POINT, null, METHOD, SOQL.replace("Name, ", "Name, Phone, "), null);
        assertThat(d.action()).isEqualTo(Action.START_OVER);
        assertThat(d.reason()).contains("the query changed");
        assertThat(d.deleteJob()).isTrue();
    }

    @Test
    void shouldStartOverWhenSalesforceNoLongerHasTheJob() {
        ResumeDecision d = decide(true, POINT, null, METHOD, SOQL, Job.notFound());
        assertThat(d.action()).isEqualTo(Action.START_OVER);
        assertThat(d.reason()).contains("no longer has the job", "7-day retention");
        assertThat(d.deleteJob()).isFalse();
    }

    @Test
    void shouldResumeAtTheCommitWhenEveryPageIsLandedEvenWithoutTheJob() {
        ResumePoint landed = new ResumePoint("RAW.ACCOUNTS", "r1", METHOD, true, "@S", "750J1",
                ResumeDecision.queryHash(SOQL), null, 50, 50, 1_000_000, POINT.columns(), POINT.updatedAt());
        ResumeDecision d = decide(true, landed, "750OLD", METHOD, SOQL, Job.notFound());
        assertThat(d.action()).isEqualTo(Action.RESUME);
        assertThat(d.reason()).contains("at its commit", "every page was landed");
    }

    @Test
    void shouldStartOverWhenSalesforceDidNotAnswer() {
        ResumeDecision d = decide(true, POINT, null, METHOD, SOQL, Job.unknown("HTTP 503"));
        assertThat(d.action()).isEqualTo(Action.START_OVER);
        assertThat(d.reason()).contains("did not answer", "HTTP 503");
        assertThat(d.deleteJob()).isFalse();
    }

    @Test
    void shouldStartOverWhenTheJobIsNotComplete() {
        ResumeDecision failed = decide(true, POINT, null, METHOD, SOQL, Job.found("Failed", "Account", "queryAll"));
        assertThat(failed.action()).isEqualTo(Action.START_OVER);
        assertThat(failed.reason()).contains("the job is Failed");
        assertThat(failed.deleteJob()).isTrue();
        ResumeDecision running = decide(true, POINT, null, METHOD, SOQL,
                Job.found("InProgress", "Account", "queryAll"));
        assertThat(running.action()).isEqualTo(Action.START_OVER);
        // Salesforce refuses to delete a job that is not terminated
        assertThat(running.deleteJob()).isFalse();
    }

    @Test
    void shouldLeaveAloneAJobOfAnotherObjectOrOperation() {
        for (Job other : List.of(Job.found("JobComplete", "Contact", "queryAll"),
                Job.found("JobComplete", "Account", "query"))) {
            ResumeDecision d = decide(true, POINT, null, METHOD, SOQL, other);
            assertThat(d.action()).isEqualTo(Action.START_OVER);
            assertThat(d.reason()).contains("not a queryAll of Account");
            assertThat(d.deleteJob()).isFalse();
        }
    }

    @Test
    void shouldHashQueriesStably() {
        assertThat(ResumeDecision.queryHash(SOQL)).hasSize(64).isEqualTo(ResumeDecision.queryHash(SOQL))
                .isNotEqualTo(ResumeDecision.queryHash(SOQL + " "));
    }
}
