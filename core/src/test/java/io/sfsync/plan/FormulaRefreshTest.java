package io.sfsync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The formula refresh's decisions: REST or Bulk, and every N incremental runs. */
class FormulaRefreshTest {

    @Test
    void shouldReadThroughRestBelowTheBulkThresholdAndThroughOneBulkJobFromIt() {
        Decision small = FormulaRefresh.decide("Contact", 2, 999, 1_000);
        assertThat(small.method()).isEqualTo(SyncMethod.REGULAR_API_INCREMENTAL);
        assertThat(small.reason()).isEqualTo("formula refresh of 2 formula fields through REST: 999 records < bulk"
                + " threshold 1000");
        Decision large = FormulaRefresh.decide("Contact", 1, 1_000, 1_000);
        assertThat(large.method()).isEqualTo(SyncMethod.BULK_API_INCREMENTAL);
        assertThat(large.reason()).isEqualTo("formula refresh of 1 formula field through a Bulk API 2.0 job: 1000"
                + " records >= bulk threshold 1000");
    }

    @Test
    void shouldReadNothingForAnObjectWithoutFormulaFields() {
        assertThat(FormulaRefresh.decide("Account", 0, 60_000, 1_000).reason())
                .isEqualTo("formula refresh: Account has no formula field (describe: calculated), nothing to read");
    }

    @Test
    void shouldBeDueFromTheNthIncrementalRunAndNeverWithZero() {
        assertThat(FormulaRefresh.due(3, 2)).isFalse();
        assertThat(FormulaRefresh.due(3, 3)).isTrue();
        assertThat(FormulaRefresh.due(3, 7)).as("runs the refresh missed still count").isTrue();
        assertThat(FormulaRefresh.due(0, 1_000)).isFalse();
        assertThat(FormulaRefresh.due(-1, 1_000)).isFalse();
        assertThat(FormulaRefresh.due(1, 1)).isTrue();
        assertThat(FormulaRefresh.due(2, 1)).isFalse();
    }

    @Test
    void shouldCountIncrementalRunsAndRestartAfterARefreshOrAFullSync() {
        assertThat(FormulaRefresh.countedMethods()).containsExactlyInAnyOrder("regular_api_incremental",
                "bulk_api_incremental", "bulk_api_stage_incremental");
        assertThat(FormulaRefresh.restartingMethods()).containsExactlyInAnyOrder("regular_api_full",
                "bulk_api_full", "bulk_api_stage_full", "formula_refresh");
    }
}
