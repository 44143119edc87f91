package io.sfsync.sync;

import io.sfsync.api.Defaults;
import io.sfsync.api.DeleteMode;
import io.sfsync.plan.WideQuery;

import java.time.Duration;
import java.util.function.Function;

/**
 * Defaults and tunables of every run, from the {@code sfsync.*} properties. Per-object settings in a request override
 * the defaults.
 *
 * @param defaultSchema target schema when a request names none ({@code sfsync.default-schema})
 * @param matchField field the MERGE matches on ({@code sfsync.match-field})
 * @param useStage whether large runs may use the stage ({@code sfsync.use-stage})
 * @param stageName the stage ({@code sfsync.stage-name})
 * @param bulkApiThreshold records from which Bulk is used ({@code sfsync.bulk-api-threshold})
 * @param stageThreshold records from which the stage is used ({@code sfsync.stage-threshold})
 * @param watermarkField preferred watermark ({@code sfsync.watermark-field})
 * @param bulkMaxRecords rows per Bulk result page ({@code sfsync.bulk.max-records})
 * @param batchRows rows per load batch ({@code sfsync.batch-rows})
 * @param pollInitial first wait before polling a Bulk job ({@code sfsync.bulk.poll-initial-ms})
 * @param pollMax longest wait between polls ({@code sfsync.bulk.poll-max-ms})
 * @param jobTimeout how long a Bulk job may take before the run aborts it ({@code sfsync.bulk.timeout-seconds})
 * @param bulkPageBytes bytes a Bulk result page should stay within ({@code sfsync.bulk.page-bytes}); pages ask for
 *     fewer rows than {@code bulkMaxRecords} when the rows are wide ({@link io.sfsync.salesforce.PageSizer})
 * @param restBatchSize records per REST page ({@code sfsync.rest.batch-size})
 * @param minApiRequests DailyApiRequests a run leaves untouched ({@code sfsync.quota.min-api-requests})
 * @param minBulkJobs DailyBulkV2QueryJobs a run leaves untouched ({@code sfsync.quota.min-bulk-jobs})
 * @param deleteMode how Salesforce deletes show in the target ({@code sfsync.delete-mode}: soft or hard)
 * @param reconcileIds whether incremental runs also compare every Id with Salesforce ({@code sfsync.reconcile-ids})
 * @param overlap how far before the watermark an incremental run starts reading ({@code sfsync.overlap-seconds})
 * @param progressInterval how often a run in progress logs how far it has come ({@code sfsync.progress-seconds}; 0:
 *     never)
 * @param restMaxUriBytes the most bytes of URI one REST query may take before its fields are read in chunks
 *     ({@code sfsync.rest.max-uri-bytes})
 * @param wideStrategy what a REST run does with a query longer than that ({@code sfsync.rest.wide-strategy})
 * @param bulkResume whether a run resumes the Bulk extraction an interrupted run of its target left
 *     ({@code sfsync.bulk.resume})
 */
public record SyncSettings(String defaultSchema, String matchField, boolean useStage, String stageName,
        long bulkApiThreshold, long stageThreshold, String watermarkField, int bulkMaxRecords, int batchRows,
        Duration pollInitial, Duration pollMax, Duration jobTimeout, long bulkPageBytes, int restBatchSize,
        long minApiRequests, long minBulkJobs, DeleteMode deleteMode, boolean reconcileIds, Duration overlap,
        Duration progressInterval, int restMaxUriBytes, WideQuery.Strategy wideStrategy, boolean bulkResume) {

    /** The defaults ({@link Defaults}: config/application.properties inside the jar). */
    public static SyncSettings defaults() {
        return from(key -> null);
    }

    /** Settings from a property lookup (null = not set). */
    public static SyncSettings from(Function<String, String> property) {
        Function<String, String> p = k -> {
            String v = property.apply(k);
            return v == null || v.isBlank() ? null : v.trim();
        };
        return new SyncSettings(
                text(p, "sfsync.default-schema"),
                text(p, "sfsync.match-field"),
                Boolean.parseBoolean(text(p, "sfsync.use-stage")),
                text(p, "sfsync.stage-name"),
                number(p, "sfsync.bulk-api-threshold"),
                number(p, "sfsync.stage-threshold"),
                text(p, "sfsync.watermark-field"),
                (int) number(p, "sfsync.bulk.max-records"),
                (int) number(p, "sfsync.batch-rows"),
                Duration.ofMillis(number(p, "sfsync.bulk.poll-initial-ms")),
                Duration.ofMillis(number(p, "sfsync.bulk.poll-max-ms")),
                Duration.ofSeconds(number(p, "sfsync.bulk.timeout-seconds")),
                number(p, "sfsync.bulk.page-bytes"),
                (int) number(p, "sfsync.rest.batch-size"),
                number(p, "sfsync.quota.min-api-requests"),
                number(p, "sfsync.quota.min-bulk-jobs"),
                deleteMode(text(p, "sfsync.delete-mode")),
                Boolean.parseBoolean(text(p, "sfsync.reconcile-ids")),
                Duration.ofSeconds(number(p, "sfsync.overlap-seconds")),
                Duration.ofSeconds(number(p, "sfsync.progress-seconds")),
                (int) number(p, "sfsync.rest.max-uri-bytes"),
                wideStrategy(text(p, "sfsync.rest.wide-strategy")),
                Boolean.parseBoolean(text(p, "sfsync.bulk.resume")));
    }

    private static WideQuery.Strategy wideStrategy(String value) {
        try {
            return WideQuery.Strategy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "sfsync." + e.getMessage());
        }
    }

    private static DeleteMode deleteMode(String value) {
        try {
            return DeleteMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "sfsync." + e.getMessage());
        }
    }

    /** The key's value, else its default ({@link Defaults}). */
    private static String text(Function<String, String> p, String key) {
        String v = p.apply(key);
        return v == null ? Defaults.of(key) : v;
    }

    private static long number(Function<String, String> p, String key) {
        String v = text(p, key);
        try {
            return Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, key + " must be a whole number, got '" + v + "'");
        }
    }
}
