package io.sfsync.bench;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SoqlBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@value #ROWS} rows through Bulk (the first rows again and again when N is smaller) and one page through REST
 * before anything is measured, so that the emulator's JVM has compiled its hot paths: the first case would otherwise
 * pay for that alone.
 */
final class WarmUp {
    static final long ROWS = 200_000;

    private WarmUp() {
    }

    /** Warms the org up; returns the describe of the benchmarked object, for the report. */
    static SObjectSchema run(String url, long size, int maxRecords, Path scratch)
            throws IOException, InterruptedException {
        SalesforceHttp sf = SalesforceHttp.login(url, Benchmark.API_VERSION);
        SObjectSchema schema = sf.describe(SyncProbe.SOBJECT);
        String soql = SoqlBuilder.select(schema, null, null);
        long read = 0;
        while (read < ROWS) {
            String job = sf.createQueryJob(soql + " LIMIT " + Math.min(size, ROWS));
            sf.awaitCompletion(job);
            long before = read;
            String locator = null;
            do {
                SalesforceHttp.Page page = sf.downloadPage(job, maxRecords, locator, scratch, false);
                read += page.rows();
                locator = page.nextLocator();
            } while (locator != null);
            sf.deleteJob(job);
            if (read == before) {
                throw new IOException("the org served no " + SyncProbe.SOBJECT + " rows to warm up with");
            }
        }
        Files.deleteIfExists(scratch);
        sf.query(soql + " LIMIT 2000");
        return schema;
    }
}
