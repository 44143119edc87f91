package io.sfsync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaGuardTest {
    private static final Decision REST = new Decision(SyncMethod.REGULAR_API_INCREMENTAL, false, "incremental sync");
    private static final Decision BULK = new Decision(SyncMethod.BULK_API_FULL, true, "first sync");

    @Test
    void shouldRefuseToStartBelowTheApiFloor() {
        assertThat(QuotaGuard.refusal(new QuotaGuard.Quota(99, 500, 100, 10))).isEqualTo("not started: only 99 "
                + "DailyApiRequests are left, below the floor of 100 (sfsync.quota.min-api-requests); the quota "
                + "refills over 24 hours");
        assertThat(QuotaGuard.refusal(new QuotaGuard.Quota(100, 500, 100, 10))).isNull();
    }

    @Test
    void shouldSwitchToBulkWhenRestWouldEatIntoTheFloorButBulkFits() {
        QuotaGuard.Checked c = QuotaGuard.check(REST, 900, new QuotaGuard.Quota(107, 50, 100, 10), 100, 50_000);
        assertThat(c.refusal()).isNull();
        assertThat(c.decision().method()).isEqualTo(SyncMethod.BULK_API_INCREMENTAL);
        assertThat(c.decision().reason()).isEqualTo("incremental sync; REST would need 9 API calls but only 7 are "
                + "left above the floor, so Bulk API (about 6 calls)");
    }

    @Test
    void shouldKeepRestWhenItFitsAndRefuseWhenNeitherFits() {
        assertThat(QuotaGuard.check(REST, 900, new QuotaGuard.Quota(109, 50, 100, 10), 100, 50_000).decision())
                .isSameAs(REST);
        QuotaGuard.Checked none = QuotaGuard.check(REST, 900, new QuotaGuard.Quota(104, 50, 100, 10), 100, 50_000);
        assertThat(none.refusal()).isEqualTo("not started: 9 REST pages would exceed the 4 API calls left above the "
                + "floor (sfsync.quota.min-api-requests)");
        QuotaGuard.Checked noJobs = QuotaGuard.check(REST, 900, new QuotaGuard.Quota(107, 10, 100, 10), 100, 50_000);
        assertThat(noJobs.refusal()).startsWith("not started: 9 REST pages");
    }

    @Test
    void shouldRefuseABulkRunWithNoJobAboveTheFloor() {
        assertThat(QuotaGuard.check(BULK, 5_000, new QuotaGuard.Quota(10_000, 10, 100, 10), 2000, 50_000).refusal())
                .isEqualTo("not started: only 10 DailyBulkV2QueryJobs are left, not above the floor of 10 "
                        + "(sfsync.quota.min-bulk-jobs)");
        assertThat(QuotaGuard.check(BULK, 5_000, new QuotaGuard.Quota(10_000, 11, 100, 10), 2000, 50_000).refusal())
                .isNull();
    }
}
