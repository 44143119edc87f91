package io.sfsync.emulator.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The org's daily limits as {@code /limits} reports them; API calls and Bulk jobs draw them down. */
public final class Limits {
    public static final String API_REQUESTS = "DailyApiRequests";
    public static final String BULK_QUERY_JOBS = "DailyBulkV2QueryJobs";
    /** Batches of Bulk API 1.0 and 2.0 ingest a day; an ingest job draws one per 10,000 records. */
    public static final String BULK_BATCHES = "DailyBulkApiBatches";

    private final Map<String, long[]> limits = new LinkedHashMap<>();

    public Limits(long apiRequests, long bulkQueryJobs) {
        set("ActiveScratchOrgs", 3, 3);
        set("AnalyticsExternalDataSizeMB", 40960, 40960);
        set("ConcurrentAsyncGetReportInstances", 200, 200);
        set("ConcurrentSyncReportRuns", 20, 20);
        set("DailyAnalyticsDataflowJobExecutions", 60, 60);
        set(API_REQUESTS, apiRequests, apiRequests);
        set("DailyAsyncApexExecutions", 250000, 250000);
        set(BULK_BATCHES, 15000, 15000);
        set("DailyBulkV2QueryFileStorageMB", 976562, 976562);
        set(BULK_QUERY_JOBS, bulkQueryJobs, bulkQueryJobs);
        set("DailyDurableStreamingApiEvents", 10000, 10000);
        set("DailyGenericStreamingApiEvents", 10000, 10000);
        set("DailyStreamingApiEvents", 10000, 10000);
        set("DataStorageMB", 1024, 1024);
        set("FileStorageMB", 1024, 1024);
        set("HourlyTimeBasedWorkflow", 1000, 1000);
        set("MassEmail", 5000, 5000);
        set("SingleEmail", 5000, 5000);
    }

    /** Sets a limit's maximum and what remains of it. */
    public synchronized void set(String name, long max, long remaining) {
        limits.put(name, new long[] {max, Math.max(0, Math.min(max, remaining))});
    }

    /** Draws one unit of a limit; false (and nothing drawn) when none remains. */
    public synchronized boolean draw(String name) {
        long[] l = limits.get(name);
        if (l == null || l[1] <= 0) {
            return false;
        }
        l[1]--;
        return true;
    }

    public synchronized long max(String name) {
        return limits.get(name)[0];
    }

    public synchronized long remaining(String name) {
        return limits.get(name)[1];
    }

    /** {@code api-usage=used/max}, the value of {@code Sforce-Limit-Info}. */
    public synchronized String usageHeader() {
        long[] l = limits.get(API_REQUESTS);
        return "api-usage=" + (l[0] - l[1]) + "/" + l[0];
    }

    /** name -> {Max, Remaining}. */
    public synchronized Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        limits.forEach((k, v) -> {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("Max", v[0]);
            m.put("Remaining", v[1]);
            out.put(k, m);
        });
        return out;
    }

    public synchronized boolean has(String name) {
        return limits.containsKey(name);
    }
}
