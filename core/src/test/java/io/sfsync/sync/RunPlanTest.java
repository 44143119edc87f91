package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.api.SyncRequest;
import io.sfsync.plan.Decision;
import io.sfsync.plan.SyncMethod;
import io.sfsync.warehouse.TableRef;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RunPlanTest {
    private static SyncRun run() {
        return new SyncRun("r1", SyncRequest.of("Account"), new TableRef("RAW", "ACCOUNTS"), "Id");
    }

    @Test
    void shouldRefuseAStageThatReadsThePlanBeforeThePlanStepsAreDone() {
        SyncRun run = run();
        assertThatThrownBy(run::plan).isInstanceOf(IllegalStateException.class)
                .hasMessage("run r1 has no plan yet: the plan steps (direct:sfsync-plan in routes/plan.camel.yaml)"
                        + " must come first");
    }

    @Test
    void shouldFixThePlanOnceSoThatLaterChangesToTheDraftDoNotReachIt() {
        SyncRun run = run();
        run.draft.estimated = 12_000;
        run.draft.watermark = Instant.parse("2026-12-01T00:00:00Z");
        run.draft.decision = new Decision(SyncMethod.BULK_API_INCREMENTAL, false, "12,000 changed records");
        RunPlan plan = run.draft.build("SELECT Id FROM Account", true, "SELECT Id FROM Account");
        run.plan(plan);

        run.draft.estimated = 1;
        run.draft.decision = null;

        assertThat(run.plan()).isSameAs(plan);
        assertThat(run.plan().estimated()).isEqualTo(12_000);
        assertThat(run.plan().decision().method()).isEqualTo(SyncMethod.BULK_API_INCREMENTAL);
        assertThat(run.plan().full()).isFalse();
        assertThat(run.planSoFar()).isSameAs(plan);
        assertThatThrownBy(() -> run.plan(run.draft.soFar())).isInstanceOf(IllegalStateException.class)
                .hasMessage("run r1 is already planned");
    }

    @Test
    void shouldReportWhatThePlanStepsFoundWhenARunFailsBeforeItsPlanIsDone() {
        SyncRun run = run();
        assertThat(run.planSoFar().estimated()).isEqualTo(-1);
        assertThat(run.planSoFar().decision()).isNull();
        assertThat(run.planSoFar().full()).isFalse();
        run.draft.estimated = 42;
        assertThat(run.planSoFar().estimated()).isEqualTo(42);
        assertThat(run.planSoFar().soql()).isNull();
    }
}
