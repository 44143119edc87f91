package io.sfsync.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How fast the offline org answers: {@link #FAST} (the default: as fast as the machine, for tests) or
 * {@link #REALISTIC} (paced like a production org reached over the internet, for benchmarks). Waiting parks the
 * request's own Jetty thread and holds no lock, so parallel clients overlap as they do against a real org.
 *
 * <p>The realistic values are estimates from public sources; docs/emulator-pacing.md says where each comes from:
 * <ul>
 * <li>{@link #latency}: 150 ms added to every API call (not OAuth, not the admin API). trust.salesforce.com long
 * published an average server transaction time "consistently well under 300 milliseconds" (quoted in "Learning Apex
 * Programming", Packt 2015, "Obeying the speed limit"), and Salesforce Help 000386322 ("Effects of Round Trip Time and
 * bandwidth on performance") adds the client's round trip to the data centre on top of it.</li>
 * <li>{@link #bulkQueue}: 5 s a Bulk API 2.0 query job waits UploadComplete before it starts. Salesforce documents a
 * queue ("How Requests Are Processed", Bulk API 2.0 Developer Guide: "Salesforce has put the job in the queue") but no
 * time; sfsync's own docs/wide-objects.md records "seconds to minutes" on real orgs. 5 s is the low end.</li>
 * <li>{@link #bulkRowsPerSecond}: 10,000 rows a second of query processing (the job stays InProgress rows / rate
 * seconds). A third-party summary of Bulk API limits (flosum.com, "Maximizing Salesforce Bulk API Limits") states
 * 10,000 records a second; it agrees with Salesforce's own budget in "How Bulk Queries Are Processed" (each PK chunk,
 * 100,000 records by default, must run within the 2-minute query timeout: at least 833 rows a second).</li>
 * <li>{@link #bytesPerSecond}: 4 MB a second per response. "How Bulk Queries Are Processed" gives result retrieval
 * 5 minutes per attempt for up to 1 GB (at least 3.4 MB/s); Salesforce's "Introducing Events and Partial Downloads in
 * Bulk API 2.0" (developer blog, January 2025) names the single serial download as the bottleneck it added parallel
 * downloads for.</li>
 * </ul>
 *
 * @param latency added before every API call is answered (zero: none)
 * @param bulkQueue how long a Bulk query job (or a closed ingest job) stays UploadComplete
 * @param bulkProcessing how long a Bulk query or ingest job stays InProgress at least (150 ms in both presets)
 * @param bulkRowsPerSecond rows of a Bulk query job processed a second; its job stays InProgress rows / rate seconds
 *        (at least the configured processing time); 0: no row-proportional time
 * @param bytesPerSecond bytes of one response body written a second, after compression (0: unlimited)
 */
public record Pacing(Duration latency, Duration bulkQueue, Duration bulkProcessing, long bulkRowsPerSecond,
        long bytesPerSecond) {
    /** No added latency, the emulator's short default Bulk queue, no row or bandwidth pacing. */
    public static final Pacing FAST = new Pacing(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(150), 0,
            0);

    /** Paced like a production org: see the class comment for each value's source. */
    public static final Pacing REALISTIC = new Pacing(Duration.ofMillis(150), Duration.ofSeconds(5),
            Duration.ofMillis(150), 10_000, 4_000_000);

    public Pacing {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(bulkQueue, "bulkQueue");
        Objects.requireNonNull(bulkProcessing, "bulkProcessing");
        if (latency.isNegative() || bulkQueue.isNegative() || bulkProcessing.isNegative() || bulkRowsPerSecond < 0
                || bytesPerSecond < 0) {
            throw new IllegalArgumentException("pacing values must not be negative");
        }
    }

    /** The preset of a name: {@code fast} or {@code realistic}. */
    public static Pacing named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fast" -> FAST;
            case "realistic" -> REALISTIC;
            default -> throw new IllegalArgumentException("pace is fast or realistic, not '" + name + "'");
        };
    }

    public Pacing withLatency(Duration value) {
        return new Pacing(value, bulkQueue, bulkProcessing, bulkRowsPerSecond, bytesPerSecond);
    }

    public Pacing withBulkQueue(Duration value) {
        return new Pacing(latency, value, bulkProcessing, bulkRowsPerSecond, bytesPerSecond);
    }

    /** A Bulk job stays UploadComplete {@code queued}, then InProgress {@code processing} at least. */
    public Pacing withBulkTiming(Duration queued, Duration processing) {
        return new Pacing(latency, queued, processing, bulkRowsPerSecond, bytesPerSecond);
    }

    public Pacing withBulkRowsPerSecond(long value) {
        return new Pacing(latency, bulkQueue, bulkProcessing, value, bytesPerSecond);
    }

    public Pacing withBytesPerSecond(long value) {
        return new Pacing(latency, bulkQueue, bulkProcessing, bulkRowsPerSecond, value);
    }

    /** How long a Bulk job of {@code rows} rows stays InProgress: rows / rate, at least {@code minimum}. */
    public long bulkProcessingNanos(long rows, long minimumNanos) {
        if (bulkRowsPerSecond <= 0) {
            return minimumNanos;
        }
        return Math.max(minimumNanos, (long) (rows * 1e9 / bulkRowsPerSecond));
    }
}
