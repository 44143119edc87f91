package io.sfsync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of the decision matrix, at its boundaries, with default and changed thresholds and every override. */
class SyncPlannerTest {
    private static final Instant WATERMARK = Instant.parse("2024-01-15T10:30:00Z");

    /**
     * Columns: scenario (first = no table, incr = table with a watermark), records, bulk threshold, stage threshold,
     * force_full_sync, use_stage, stage available, expected method.
     */
    @ParameterizedTest(name = "{0} {1} records, thresholds {2}/{3}, force={4} use_stage={5} stage={6} -> {7}")
    @CsvSource({
        // the guide's matrix with the default thresholds, at both sides of each boundary
        "first, 0,       1000, 50000, false, true,  true,  regular_api_full",
        "first, 1,       1000, 50000, false, true,  true,  regular_api_full",
        "first, 999,     1000, 50000, false, true,  true,  regular_api_full",
        "first, 1000,    1000, 50000, false, true,  true,  bulk_api_full",
        "first, 49999,   1000, 50000, false, true,  true,  bulk_api_full",
        "first, 50000,   1000, 50000, false, true,  true,  bulk_api_stage_full",
        "first, 60000,   1000, 50000, false, true,  true,  bulk_api_stage_full",
        "first, 5000000, 1000, 50000, false, true,  true,  bulk_api_stage_full",
        "incr,  0,       1000, 50000, false, true,  true,  regular_api_incremental",
        "incr,  999,     1000, 50000, false, true,  true,  regular_api_incremental",
        "incr,  1000,    1000, 50000, false, true,  true,  bulk_api_incremental",
        "incr,  1500,    1000, 50000, false, true,  true,  bulk_api_incremental",
        "incr,  49999,   1000, 50000, false, true,  true,  bulk_api_incremental",
        "incr,  50000,   1000, 50000, false, true,  true,  bulk_api_stage_incremental",
        // the guide's custom thresholds 5,000 / 25,000
        "first, 4999,    5000, 25000, false, true,  true,  regular_api_full",
        "first, 5000,    5000, 25000, false, true,  true,  bulk_api_full",
        "first, 24999,   5000, 25000, false, true,  true,  bulk_api_full",
        "first, 25000,   5000, 25000, false, true,  true,  bulk_api_stage_full",
        "incr,  999,     5000, 25000, false, true,  true,  regular_api_incremental",
        "incr,  4999,    5000, 25000, false, true,  true,  regular_api_incremental",
        "incr,  5000,    5000, 25000, false, true,  true,  bulk_api_incremental",
        "incr,  24999,   5000, 25000, false, true,  true,  bulk_api_incremental",
        "incr,  25000,   5000, 25000, false, true,  true,  bulk_api_stage_incremental",
        "incr,  49999,   5000, 25000, false, true,  true,  bulk_api_stage_incremental",
        // and 2,000 / 10,000
        "first, 1999,    2000, 10000, false, true,  true,  regular_api_full",
        "first, 2000,    2000, 10000, false, true,  true,  bulk_api_full",
        "first, 9999,    2000, 10000, false, true,  true,  bulk_api_full",
        "first, 10000,   2000, 10000, false, true,  true,  bulk_api_stage_full",
        "incr,  1999,    2000, 10000, false, true,  true,  regular_api_incremental",
        "incr,  2000,    2000, 10000, false, true,  true,  bulk_api_incremental",
        "incr,  9999,    2000, 10000, false, true,  true,  bulk_api_incremental",
        "incr,  10000,   2000, 10000, false, true,  true,  bulk_api_stage_incremental",
        // force_full_sync turns every incremental row into its full twin
        "incr,  999,     1000, 50000, true,  true,  true,  regular_api_full",
        "incr,  1000,    1000, 50000, true,  true,  true,  bulk_api_full",
        "incr,  49999,   1000, 50000, true,  true,  true,  bulk_api_full",
        "incr,  50000,   1000, 50000, true,  true,  true,  bulk_api_stage_full",
        "first, 50000,   1000, 50000, true,  true,  true,  bulk_api_stage_full",
        "incr,  5000,    5000, 25000, true,  true,  true,  bulk_api_full",
        // use_stage off: large volumes stay on plain Bulk
        "first, 50000,   1000, 50000, false, false, true,  bulk_api_full",
        "incr,  50000,   1000, 50000, false, false, true,  bulk_api_incremental",
        "incr,  999,     1000, 50000, false, false, true,  regular_api_incremental",
        "first, 10000,   2000, 10000, false, false, true,  bulk_api_full",
        "incr,  50000,   1000, 50000, true,  false, true,  bulk_api_full",
        // stage unavailable: the same fallback
        "first, 50000,   1000, 50000, false, true,  false, bulk_api_full",
        "incr,  50000,   1000, 50000, false, true,  false, bulk_api_incremental",
        "incr,  49999,   1000, 50000, false, true,  false, bulk_api_incremental",
        "first, 25000,   5000, 25000, false, true,  false, bulk_api_full",
        "incr,  50000,   1000, 50000, true,  true,  false, bulk_api_full",
        // degenerate but valid thresholds: Bulk for everything, stage for everything
        "first, 0,       0,    50000, false, true,  true,  bulk_api_full",
        "incr,  0,       0,    0,     false, true,  true,  bulk_api_stage_incremental",
        "incr,  1000,    1000, 1000,  false, true,  true,  bulk_api_stage_incremental",
    })
    void shouldPickTheMethodOfTheMatrix(String scenario, long records, long bulk, long stage, boolean force,
            boolean useStage, boolean stageAvailable, String expected) {
        PlanInput in = PlanInput.builder()
                .tableExists(scenario.equals("incr"))
                .watermark(scenario.equals("incr") ? WATERMARK : null)
                .estimatedRecords(records)
                .thresholds(new Thresholds(bulk, stage))
                .forceFullSync(force)
                .useStage(useStage)
                .stageAvailable(stageAvailable)
                .stageName("@SALESFORCE_STAGE")
                .build();

        Decision d = SyncPlanner.decide(in);

        assertThat(d.method().wireName()).isEqualTo(expected);
        assertThat(d.full()).isEqualTo(expected.endsWith("_full"));
        assertThat(d.reason()).isNotBlank();
    }

    private static PlanInput.Builder incremental(long records) {
        return PlanInput.builder().tableExists(true).watermark(WATERMARK).estimatedRecords(records).useStage(true)
                .stageAvailable(true).stageName("@SALESFORCE_STAGE");
    }

    @Test
    void shouldSyncInFullWhenTheTableHasNoWatermark() {
        Decision d = SyncPlanner.decide(incremental(10).watermark(null).build());

        assertThat(d.method()).isEqualTo(SyncMethod.REGULAR_API_FULL);
        assertThat(d.reason()).isEqualTo("full sync (target table has no watermark) of 10 records"
                + " < bulk API threshold 1,000");
    }

    @Test
    void shouldSyncInFullWhenTheObjectHasNoWatermarkField() {
        Decision d = SyncPlanner.decide(incremental(2_500).hasWatermarkField(false).build());

        assertThat(d.method()).isEqualTo(SyncMethod.BULK_API_FULL);
        assertThat(d.reason()).startsWith("full sync (object has no SystemModstamp or LastModifiedDate)");
    }

    @Test
    void shouldExplainAFirstSyncThroughTheStage() {
        Decision d = SyncPlanner.decide(PlanInput.builder().estimatedRecords(60_000).useStage(true)
                .stageAvailable(true).stageName("@SALESFORCE_STAGE").build());

        assertThat(d.method()).isEqualTo(SyncMethod.BULK_API_STAGE_FULL);
        assertThat(d.reason()).isEqualTo("first sync of 60,000 records >= stage threshold 50,000");
    }

    @Test
    void shouldExplainAnIncrementalBulkSync() {
        Decision d = SyncPlanner.decide(incremental(1_500).build());

        assertThat(d.reason()).isEqualTo("incremental sync since 2024-01-15T10:30:00Z of 1,500 records"
                + " >= bulk API threshold 1,000 and < stage threshold 50,000");
    }

    @Test
    void shouldExplainAForcedFullSync() {
        Decision d = SyncPlanner.decide(incremental(1).forceFullSync(true).build());

        assertThat(d.method()).isEqualTo(SyncMethod.REGULAR_API_FULL);
        assertThat(d.reason()).isEqualTo("forced full sync of 1 record < bulk API threshold 1,000");
    }

    @Test
    void shouldSayWhyTheStageWasNotUsedWhenUseStageIsOff() {
        Decision d = SyncPlanner.decide(incremental(75_000).useStage(false).build());

        assertThat(d.method()).isEqualTo(SyncMethod.BULK_API_INCREMENTAL);
        assertThat(d.reason()).isEqualTo("incremental sync since 2024-01-15T10:30:00Z of 75,000 records"
                + " >= stage threshold 50,000, but use_stage is off, so Bulk API without stage");
    }

    @Test
    void shouldSayWhyTheStageWasNotUsedWhenItIsUnavailable() {
        Decision d = SyncPlanner.decide(PlanInput.builder().estimatedRecords(50_000).useStage(true)
                .stageAvailable(false).stageName("SALESFORCE_STAGE").stageProblem("Stage does not exist").build());

        assertThat(d.method()).isEqualTo(SyncMethod.BULK_API_FULL);
        assertThat(d.reason()).isEqualTo("first sync of 50,000 records >= stage threshold 50,000, but stage"
                + " @SALESFORCE_STAGE unavailable: Stage does not exist, so Bulk API without stage");
    }

    @Test
    void shouldGiveAGenericStageProblemWhenNoneIsKnown() {
        Decision d = SyncPlanner.decide(incremental(50_000).stageAvailable(false).stageName(null).build());

        assertThat(d.reason()).endsWith("but stage unavailable: not found or not writable, so Bulk API without stage");
    }

    @Test
    void shouldTreatAMissingTableAsFirstSyncEvenWhenForced() {
        Decision d = SyncPlanner.decide(PlanInput.builder().forceFullSync(true).estimatedRecords(5).build());

        assertThat(d.reason()).startsWith("first sync of 5 records");
    }

    @Test
    void shouldUseDefaultThresholdsWhenNoneAreGiven() {
        PlanInput in = new PlanInput(true, WATERMARK, true, 1_000, null, false, false, false, null, null);

        assertThat(in.thresholds()).isEqualTo(Thresholds.defaults());
        assertThat(SyncPlanner.decide(in).method()).isEqualTo(SyncMethod.BULK_API_INCREMENTAL);
    }

    @Test
    void shouldRefuseANegativeEstimate() {
        assertThatThrownBy(() -> PlanInput.builder().estimatedRecords(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("estimatedRecords");
    }

    @Test
    void shouldRoundTripThroughToBuilder() {
        PlanInput in = incremental(42).stageProblem("x").build();

        assertThat(in.toBuilder().build()).isEqualTo(in);
    }

    @Test
    void shouldRefuseADecisionWhoseFullFlagContradictsTheMethod() {
        assertThatThrownBy(() -> new Decision(SyncMethod.BULK_API_FULL, false, "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulk_api_full");
    }
}
