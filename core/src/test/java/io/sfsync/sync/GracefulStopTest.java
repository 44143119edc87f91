package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sfsync.api.SyncRequest;
import io.sfsync.warehouse.TableRef;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class GracefulStopTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final GracefulStop stop = new GracefulStop(now::get);

    private static SyncRun run(long estimated, long rowsRead, double readSeconds, AtomicLong clock) {
        SyncRun run = new SyncRun("r1", SyncRequest.of("Account"), new TableRef("RAW", "ACCOUNTS"), "Id");
        run.draft.estimated = estimated;
        run.plan(run.draft.soFar());
        long start = clock.get();
        run.progress = new Progress("Account -> RAW.ACCOUNTS", clock::get);
        run.progress.reading();
        clock.addAndGet((long) (readSeconds * 1e9));
        run.progress.page(rowsRead);
        clock.set(start);
        return run;
    }

    @Test
    void shouldLetEveryRunGoOnWhileSfsyncIsNotStopping() {
        assertThatCode(() -> stop.check(run(1_000_000, 1, 100, now), GracefulStop.Boundary.PAGE))
                .doesNotThrowAnyException();
        assertThat(stop.isStopping()).isFalse();
    }

    @Test
    void shouldStopARunWaitingForItsBulkJobOrNotStartedYet() {
        stop.stopping(Duration.ofSeconds(30));
        SyncRun run = run(1_000, 0, 0, now);
        run.bulkJobId = "750x";
        assertThatThrownBy(() -> stop.check(run, GracefulStop.Boundary.POLL))
                .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncError.STOPPED))
                .hasMessageStartingWith(GracefulStop.STOPPED + " (while Salesforce was still preparing Bulk job 750x)");
        assertThatThrownBy(() -> stop.check(run, GracefulStop.Boundary.START)).isInstanceOf(SyncException.class);
    }

    @Test
    void shouldLetARunFinishWhenItsPagesAndCommitFitInHalfTheTimeout() {
        stop.stopping(Duration.ofSeconds(30));
        // 100,000 of 120,000 rows in 10 s: 2 s to read the rest, 6 s of commit (half the reading): 8 s < 15 s
        SyncRun run = run(120_000, 100_000, 10, now);
        assertThatCode(() -> stop.check(run, GracefulStop.Boundary.PAGE)).doesNotThrowAnyException();
        assertThat(run.finishingDespiteStop).isTrue();
    }

    @Test
    void shouldStopARunWhosePagesWouldNotFitOrNoLongerFit() {
        stop.stopping(Duration.ofSeconds(30));
        // 10,000 of 120,000 rows in 10 s: 110 s to go
        assertThatThrownBy(() -> stop.check(run(120_000, 10_000, 10, now), GracefulStop.Boundary.PAGE))
                .hasMessageContaining("after 10,000 of 120,000 rows, about 170 s left");
        SyncRun fits = run(120_000, 100_000, 10, now);
        stop.check(fits, GracefulStop.Boundary.PAGE);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThatThrownBy(() -> stop.check(fits, GracefulStop.Boundary.PAGE)).as("10 s later: 8 s > 5 s left")
                .isInstanceOf(SyncException.class);
    }

    @Test
    void shouldLeaveTheDecisionToKeepARunWithAResumePointToTheDeadLetterRoute() {
        stop.stopping(Duration.ofSeconds(30));
        SyncRun landed = run(120_000, 10_000, 10, now);
        landed.resumePointWritten = true;
        assertThatThrownBy(() -> stop.check(landed, GracefulStop.Boundary.PAGE))
                .hasMessageEndingWith(GracefulStop.START_OVER);
        assertThat(landed.stoppedWhere).startsWith("after 10,000 of 120,000 rows");
        SyncRun ids = run(120_000, 10_000, 10, now);
        ids.resumePointWritten = true;
        ids.readingIds = true;
        assertThat(GracefulStop.mayResume(ids)).as("the Id reconciliation's job is not the one resumed").isFalse();
        assertThatThrownBy(() -> stop.check(ids, GracefulStop.Boundary.PAGE)).isInstanceOf(SyncException.class);
        assertThat(ids.stoppedWhere).isNull();
        assertThat(GracefulStop.mayResume(run(120_000, 10_000, 10, now))).as("no page landed").isFalse();
    }

    @Test
    void shouldCountTheRestAtTheRateSoFarPlusHalfOfAllReadingForTheCommit() {
        assertThat(GracefulStop.secondsLeft(120_000, 100_000, 10)).isEqualTo(2 + 6, org.assertj.core.data.Offset
                .offset(1e-9));
        assertThat(GracefulStop.secondsLeft(-1, 100, 1)).isInfinite();
        assertThat(GracefulStop.secondsLeft(100, 0, 0)).isInfinite();
    }
}
