package io.sfsync.bench;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.salesforce.SoqlBuilder;
import io.sfsync.warehouse.TableRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The pipelined limit: what moving the same data costs with nothing in the way, the download and the load overlapped.
 * The sync's own SOQL as a Bulk API 2.0 job over a plain HTTP client; each result page (same {@code maxRecords}) is
 * written to a file unparsed and handed to a second thread, which runs one DuckDB {@code COPY} of it into a
 * pre-created all-VARCHAR table while the next page downloads. Measured from the job's creation to the end of the
 * last COPY, so its time is the longer of the two streams plus what cannot overlap (the job, the first page's
 * download, the last page's COPY). No parsing, no typing, no MERGE, no history.
 */
final class LimitProbe {
    static final TableRef TABLE = new TableRef(SyncProbe.SCHEMA, "ACCOUNTS_LIMIT");
    private static final Path END = Path.of("");

    private LimitProbe() {
    }

    static ProbeResult run(ProbeArgs a) throws Exception {
        SalesforceHttp sf = SalesforceHttp.login(a.text("url"), a.text("api-version"));
        SObjectSchema schema = sf.describe(SyncProbe.SOBJECT);
        String soql = SoqlBuilder.select(schema, null, null);
        // A wide object's columns (800 and more) all go into the one table; DuckDB takes them as they come.
        List<String> columns = schema.extracted().stream().map(SfField::name).toList();
        int maxRecords = (int) a.number("max-records");
        boolean gzip = a.flag("gzip");
        Path pages = Files.createDirectories(a.path("pages"));
        String suffix = gzip ? ".csv.gz" : ".csv";
        ExecutorService loader = Executors.newSingleThreadExecutor(r -> new Thread(r, "limit-copy"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a.path("db").toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute(BenchSql.createSchema(TABLE.schema()));
            s.execute(BenchSql.createVarcharTable(TABLE, columns));
            int callsBefore = sf.calls();
            // One transaction for all the COPYs, committed at the end (measured): a commit per page would make DuckDB
            // checkpoint the growing table again and again. Two pages may wait: the download never waits for the
            // load unless the load is two pages behind.
            c.setAutoCommit(false);
            BlockingQueue<Path> landed = new ArrayBlockingQueue<>(2);

            Stopwatch watch = Stopwatch.start();
            Future<Double> copying = loader.submit(() -> copyEach(s, landed));
            String job = sf.createQueryJob(soql);
            sf.awaitCompletion(job, a.number("poll-initial-ms", 20), a.number("poll-max-ms", 20));
            long rows = 0;
            int page = 0;
            String locator = null;
            do {
                Path file = pages.resolve(String.format(Locale.ROOT, "page-%05d%s", ++page, suffix));
                SalesforceHttp.Page p = sf.downloadPage(job, maxRecords, locator, file, gzip);
                rows += p.rows();
                locator = p.nextLocator();
                hand(landed, file, copying);
            } while (locator != null);
            hand(landed, END, copying);
            double downloaded = watch.seconds();
            double copySeconds = finished(copying);
            double copied = watch.seconds();
            c.commit();
            watch.stop();

            int calls = sf.calls() - callsBefore;
            sf.deleteJob(job);
            long loaded = count(s);
            boolean ok = loaded == rows;
            String note = String.format(Locale.ROOT, "%d %s; download %.2f s, COPY %.2f s in all (one after the"
                    + " other: %.2f s), overlapped; commit %.2f s%s", page, page == 1 ? "page" : "pages", downloaded,
                    copySeconds, downloaded + copySeconds, watch.seconds() - copied, ok ? ""
                            : "; COPY loaded " + loaded + " rows of " + rows);
            return ProbeResult.of(ok, rows, watch, calls, note).withPages(page);
        } finally {
            loader.shutdownNow();
        }
    }

    /**
     * Loads the pages as they land, until the end mark: every page that has landed since the last load goes into
     * one statement, so a load that falls behind catches up with fewer, larger statements. Returns the seconds spent
     * loading.
     */
    private static double copyEach(Statement s, BlockingQueue<Path> landed) throws Exception {
        double busy = 0;
        boolean end = false;
        while (!end) {
            List<Path> files = new ArrayList<>();
            files.add(landed.take());
            landed.drainTo(files);
            end = files.remove(END);
            if (!files.isEmpty()) {
                Stopwatch copy = Stopwatch.start();
                s.execute(BenchSql.insertFiles(TABLE, files));
                busy += copy.stop().seconds();
            }
        }
        return busy;
    }

    /** Queues a page for the COPY thread; fails at once when that thread failed rather than wait for it. */
    private static void hand(BlockingQueue<Path> landed, Path file, Future<Double> copying) throws Exception {
        while (!landed.offer(file, 100, TimeUnit.MILLISECONDS)) {
            if (copying.isDone()) {
                finished(copying);
                throw new IllegalStateException("the COPY thread stopped before the last page");
            }
        }
    }

    private static double finished(Future<Double> copying) throws Exception {
        try {
            return copying.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private static long count(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery(BenchSql.countRows(TABLE))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
