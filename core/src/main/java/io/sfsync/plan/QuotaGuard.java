package io.sfsync.plan;

import java.util.Locale;

/**
 * Salesforce's daily quotas as a run sees them before it starts: refuse to start below the configured floors, and
 * when REST pages would cost more API calls than are left but a Bulk job fits, use Bulk instead and say why.
 */
public final class QuotaGuard {
    /** Calls a Bulk run spends besides its result pages: create, a few polls, delete. */
    static final long BULK_OVERHEAD_CALLS = 5;

    /**
     * What is left of the quotas and how much the run must leave untouched.
     *
     * @param apiRequestsLeft remaining {@code DailyApiRequests}
     * @param bulkJobsLeft remaining {@code DailyBulkV2QueryJobs}
     * @param minApiRequests floor of API requests a run must leave ({@code sfsync.quota.min-api-requests})
     * @param minBulkJobs floor of Bulk jobs a run must leave ({@code sfsync.quota.min-bulk-jobs})
     */
    public record Quota(long apiRequestsLeft, long bulkJobsLeft, long minApiRequests, long minBulkJobs) {
    }

    private QuotaGuard() {
    }

    /** Why the run must not start, or null when it may. */
    public static String refusal(Quota q) {
        if (q.apiRequestsLeft() < q.minApiRequests()) {
            return "not started: only " + count(q.apiRequestsLeft()) + " DailyApiRequests are left, below the floor of "
                    + count(q.minApiRequests()) + " (sfsync.quota.min-api-requests); the quota refills over 24 hours";
        }
        return null;
    }

    /**
     * The decision, switched from REST to Bulk when REST pages would eat into the floor but a Bulk job fits; refuses
     * (non-null {@link Checked#refusal()}) when the chosen Bulk method has no job left above its floor.
     */
    public static Checked check(Decision d, long estimatedRecords, Quota q, int restPageSize, int bulkPageSize) {
        long budget = q.apiRequestsLeft() - q.minApiRequests();
        boolean bulkJobs = q.bulkJobsLeft() > q.minBulkJobs();
        SyncMethod m = d.method();
        if (!m.usesBulk()) {
            long restCalls = ceil(estimatedRecords, restPageSize);
            long bulkCalls = ceil(estimatedRecords, bulkPageSize) + BULK_OVERHEAD_CALLS;
            if (restCalls > budget && bulkCalls <= budget && bulkJobs) {
                return new Checked(new Decision(SyncMethod.of(m.isFull(), true, false), d.full(), d.reason()
                        + "; REST would need " + count(restCalls) + " API calls but only " + count(budget)
                        + " are left above the floor, so Bulk API (about " + count(bulkCalls) + " calls)"), null);
            }
            if (restCalls > budget) {
                return new Checked(d, "not started: " + count(restCalls) + " REST pages would exceed the "
                        + count(budget) + " API calls left above the floor (sfsync.quota.min-api-requests)");
            }
            return new Checked(d, null);
        }
        if (!bulkJobs) {
            return new Checked(d, "not started: only " + count(q.bulkJobsLeft()) + " DailyBulkV2QueryJobs are left, "
                    + "not above the floor of " + count(q.minBulkJobs()) + " (sfsync.quota.min-bulk-jobs)");
        }
        return new Checked(d, null);
    }

    /** A decision that passed the quota check, or the reason it did not. */
    public record Checked(Decision decision, String refusal) {
    }

    private static long ceil(long n, int per) {
        return per <= 0 ? n : (n + per - 1) / per;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
