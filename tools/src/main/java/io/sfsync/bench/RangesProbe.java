package io.sfsync.bench;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.salesforce.SoqlBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipelined limit read through several Bulk jobs at once, each over a disjoint range of Ids: the first and the last
 * Id (two REST queries) split the record numbers between them evenly, as Salesforce's PK chunking splits by Id. Every
 * job downloads its pages on its own connection; one thread COPYs each page as it lands, as in {@link LimitProbe}.
 * Whether this beats one job is what the realistic org's per-connection bandwidth and per-job processing decide.
 */
final class RangesProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Path END = Path.of("");

    private RangesProbe() {
    }

    static ProbeResult run(ProbeArgs a) throws Exception {
        int jobs = (int) a.number("jobs");
        SalesforceHttp sf = SalesforceHttp.login(a.text("url"), a.text("api-version"));
        SObjectSchema schema = sf.describe(SyncProbe.SOBJECT);
        String soql = SoqlBuilder.select(schema, null, null);
        List<String> columns = schema.extracted().stream().map(SfField::name).toList();
        int maxRecords = (int) a.number("max-records");
        Path pages = Files.createDirectories(a.path("pages"));
        ExecutorService threads = Executors.newFixedThreadPool(jobs + 1);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a.path("db").toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute(BenchSql.createSchema(LimitProbe.TABLE.schema()));
            s.execute(BenchSql.createVarcharTable(LimitProbe.TABLE, columns));
            int callsBefore = sf.calls();
            LinkedBlockingQueue<Path> landed = new LinkedBlockingQueue<>();
            c.setAutoCommit(false);

            Stopwatch watch = Stopwatch.start();
            Future<Double> copying = threads.submit(() -> {
                double busy = 0;
                int ended = 0;
                while (ended < jobs) {
                    Path file = landed.take();
                    if (file == END) {
                        ended++;
                        continue;
                    }
                    Stopwatch copy = Stopwatch.start();
                    s.execute(BenchSql.copyFrom(LimitProbe.TABLE, file));
                    busy += copy.stop().seconds();
                }
                return busy;
            });
            List<String> bounds = bounds(firstId(sf, "ASC"), firstId(sf, "DESC"), jobs);
            AtomicLong rows = new AtomicLong();
            AtomicInteger pageCount = new AtomicInteger();
            List<Future<?>> downloads = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                String where = " WHERE Id >= '" + bounds.get(j) + "'"
                        + (j + 1 < jobs ? " AND Id < '" + bounds.get(j + 1) + "'" : "");
                int range = j;
                downloads.add(threads.submit(() -> {
                    try {
                        String job = sf.createQueryJob(soql + where);
                        sf.awaitCompletion(job, a.number("poll-initial-ms", 20), a.number("poll-max-ms", 20));
                        String locator = null;
                        int page = 0;
                        do {
                            Path file = pages.resolve(String.format(Locale.ROOT, "range-%02d-page-%05d.csv", range,
                                    ++page));
                            SalesforceHttp.Page p = sf.downloadPage(job, maxRecords, locator, file, false);
                            rows.addAndGet(p.rows());
                            pageCount.incrementAndGet();
                            locator = p.nextLocator();
                            landed.put(file);
                        } while (locator != null);
                        sf.deleteJob(job);
                        return null;
                    } finally {
                        landed.put(END);
                    }
                }));
            }
            for (Future<?> d : downloads) {
                d.get();
            }
            double copySeconds = copying.get();
            c.commit();
            watch.stop();
            long loaded;
            try (ResultSet rs = s.executeQuery(BenchSql.countRows(LimitProbe.TABLE))) {
                rs.next();
                loaded = rs.getLong(1);
            }
            boolean ok = loaded == rows.get();
            String note = String.format(Locale.ROOT, "%d Bulk jobs over Id ranges, %d pages; COPY %.2f s in all%s",
                    jobs, pageCount.get(), copySeconds, ok ? "" : "; COPY loaded " + loaded + " rows of " + rows);
            return ProbeResult.of(ok, rows.get(), watch, sf.calls() - callsBefore, note).withPages(pageCount.get());
        } finally {
            threads.shutdownNow();
        }
    }

    private static String firstId(SalesforceHttp sf, String direction) throws Exception {
        JsonNode page = JSON.readTree(sf.query("SELECT Id FROM " + SyncProbe.SOBJECT + " ORDER BY Id " + direction
                + " LIMIT 1"));
        return page.path("records").path(0).path("Id").asText();
    }

    /**
     * {@code jobs} lower bounds (15-character Ids) that split the record numbers from {@code first} to {@code last}
     * evenly: an Id is a 6-character prefix and a 9-digit base-62 record number.
     */
    static List<String> bounds(String first, String last, int jobs) {
        String prefix = first.substring(0, 6);
        long lo = number(first.substring(6, 15));
        long hi = number(last.substring(6, 15));
        List<String> out = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            out.add(prefix + digits(lo + (hi - lo + 1) * j / jobs));
        }
        return out;
    }

    private static long number(String digits) {
        long v = 0;
        for (char ch : digits.toCharArray()) {
            v = v * 62 + ALPHABET.indexOf(ch);
        }
        return v;
    }

    private static String digits(long number) {
        char[] d = new char[9];
        long v = number;
        for (int i = 8; i >= 0; i--) {
            d[i] = ALPHABET.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(d);
    }
}
