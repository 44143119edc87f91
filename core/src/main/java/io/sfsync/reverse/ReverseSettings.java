package io.sfsync.reverse;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The {@code sfsync.reverse.*} settings of the reverse sync (warehouse to Salesforce).
 *
 * @param bulkThreshold rows from which a run writes through a Bulk API 2.0 ingest job instead of sObject Collections
 *     ({@code sfsync.reverse.bulk-threshold})
 * @param batchSize records per sObject Collections request, at most Salesforce's 200
 *     ({@code sfsync.reverse.batch-size})
 * @param uploadBytes CSV bytes per ingest job; Salesforce takes at most 150 MB base64-encoded per job, about 100 MB of
 *     CSV ({@code sfsync.reverse.bulk.upload-bytes})
 * @param uploadRows rows per ingest job ({@code sfsync.reverse.bulk.upload-rows})
 * @param failuresSuffix appended to the source table's name to name its failures table
 *     ({@code sfsync.reverse.failures-suffix})
 * @param spoolDir the local folder each ingest job's CSV is written to before its upload, and deleted from after
 *     ({@code sfsync.reverse.bulk.spool-dir}, default the JVM's temporary folder)
 */
public record ReverseSettings(long bulkThreshold, int batchSize, long uploadBytes, long uploadRows,
        String failuresSuffix, Path spoolDir) {
    /** sObject Collections take at most 200 records a request. */
    public static final int MAX_BATCH = 200;
    /** Salesforce: "upload data that does not exceed 100 MB" (150 MB after base64) per job. */
    public static final long MAX_UPLOAD_BYTES = 100L * 1000 * 1000;
    /**
     * The default upload: camel-salesforce holds a job's result CSVs (about its upload's size each) whole in memory
     * while they are read, so 25 MB keeps a reverse run within a 256 MiB heap; a larger heap may take up to
     * {@link #MAX_UPLOAD_BYTES} for fewer jobs.
     */
    public static final long DEFAULT_UPLOAD_BYTES = 25L * 1000 * 1000;

    public ReverseSettings {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("sfsync.reverse.batch-size must be 1 to " + MAX_BATCH + " (records per"
                    + " sObject Collections request), not " + batchSize);
        }
        if (uploadBytes < 1024 || uploadBytes > MAX_UPLOAD_BYTES) {
            throw new IllegalArgumentException("sfsync.reverse.bulk.upload-bytes must be 1024 to " + MAX_UPLOAD_BYTES
                    + " (Salesforce takes at most 100 MB of CSV per ingest job), not " + uploadBytes);
        }
        if (uploadRows < 1 || bulkThreshold < 0) {
            throw new IllegalArgumentException("sfsync.reverse.bulk.upload-rows must be at least 1 and"
                    + " sfsync.reverse.bulk-threshold at least 0");
        }
    }

    /** The defaults of {@code config/application.properties}. */
    public static ReverseSettings defaults() {
        return new ReverseSettings(2000, MAX_BATCH, DEFAULT_UPLOAD_BYTES, 10_000_000, "_SF_FAILURES",
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The settings from properties; a missing key keeps its default. */
    public static ReverseSettings from(Function<String, String> property) {
        ReverseSettings d = defaults();
        return new ReverseSettings(number(property, "sfsync.reverse.bulk-threshold", d.bulkThreshold),
                (int) number(property, "sfsync.reverse.batch-size", d.batchSize),
                number(property, "sfsync.reverse.bulk.upload-bytes", d.uploadBytes),
                number(property, "sfsync.reverse.bulk.upload-rows", d.uploadRows),
                text(property, "sfsync.reverse.failures-suffix", d.failuresSuffix),
                Path.of(text(property, "sfsync.reverse.bulk.spool-dir", d.spoolDir.toString())));
    }

    /** REST for fewer rows than the threshold, a Bulk ingest job from it on. */
    public ReversePath path(long rows) {
        return path(rows, bulkThreshold);
    }

    /** REST for fewer rows than {@code threshold}, a Bulk ingest job from it on. */
    public static ReversePath path(long rows, long threshold) {
        return rows < threshold ? ReversePath.REST : ReversePath.BULK;
    }

    private static long number(Function<String, String> property, String key, long fallback) {
        String v = property.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
        }
    }

    private static String text(Function<String, String> property, String key, String fallback) {
        String v = property.apply(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
