package io.sfsync.bench;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SoqlBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@value #ROWS} rows through Bulk (the first rows again and again when N is smaller; fewer for a wide object)
 * and one page through REST before anything is measured, so that the emulator's JVM has compiled its hot paths: the
 * first case would otherwise pay for that alone.
 */
final class WarmUp {
    static final long ROWS = 200_000;
    /** Rows a wide object's warm-up reads: about the bytes of {@value #ROWS} narrow rows. */
    static final long WIDE_ROWS = 10_000;

    /**
     * What the warm-up saw.
     *
     * @param schema the describe of the benchmarked object, for the report
     * @param csvBytesPerRow bytes of Bulk CSV per row (uncompressed, header rows included), over every row read
     */
    record Warm(SObjectSchema schema, double csvBytesPerRow) {
    }

    private WarmUp() {
    }

    /** Warms the org up with {@value #ROWS} rows. */
    static SObjectSchema run(String url, long size, int maxRecords, Path scratch)
            throws IOException, InterruptedException {
        return run(url, size, ROWS, maxRecords, scratch).schema();
    }

    /** Warms the org up with {@code rows} rows read through Bulk and measures their CSV. */
    static Warm run(String url, long size, long rows, int maxRecords, Path scratch)
            throws IOException, InterruptedException {
        SalesforceHttp sf = SalesforceHttp.login(url, Benchmark.API_VERSION);
        SObjectSchema schema = sf.describe(SyncProbe.SOBJECT);
        String soql = SoqlBuilder.select(schema, null, null);
        long read = 0;
        long bytes = 0;
        while (read < rows) {
            String job = sf.createQueryJob(soql + " LIMIT " + Math.min(size, rows));
            sf.awaitCompletion(job);
            long before = read;
            String locator = null;
            do {
                SalesforceHttp.Page page = sf.downloadPage(job, maxRecords, locator, scratch, false);
                read += page.rows();
                bytes += Files.size(scratch);
                locator = page.nextLocator();
            } while (locator != null);
            sf.deleteJob(job);
            if (read == before) {
                throw new IOException("the org served no " + SyncProbe.SOBJECT + " rows to warm up with");
            }
        }
        Files.deleteIfExists(scratch);
        if (soql.length() < 10_000) {
            sf.query(soql + " LIMIT 2000");
        }
        return new Warm(schema, (double) bytes / read);
    }
}
