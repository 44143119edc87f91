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
import java.util.List;
import java.util.Locale;

/**
 * The limit: what moving the same data costs with nothing in the way. The sync's own SOQL as a Bulk API 2.0 job over a
 * plain HTTP client, its pages (same {@code maxRecords}) written to files unparsed, then one DuckDB {@code COPY} into
 * a pre-created all-VARCHAR table. Measured from the job's creation to the end of the COPY.
 */
final class LimitProbe {
    static final TableRef TABLE = new TableRef(SyncProbe.SCHEMA, "ACCOUNTS_LIMIT");

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
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a.path("db").toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute(BenchSql.createSchema(TABLE.schema()));
            s.execute(BenchSql.createVarcharTable(TABLE, columns));
            int callsBefore = sf.calls();

            Stopwatch watch = Stopwatch.start();
            String job = sf.createQueryJob(soql);
            sf.awaitCompletion(job);
            long rows = 0;
            int page = 0;
            String locator = null;
            do {
                Path file = pages.resolve(String.format(Locale.ROOT, "page-%05d%s", ++page, suffix));
                SalesforceHttp.Page p = sf.downloadPage(job, maxRecords, locator, file, gzip);
                rows += p.rows();
                locator = p.nextLocator();
            } while (locator != null);
            double downloaded = watch.seconds();
            s.execute(BenchSql.copyFrom(TABLE, pages.resolve("page-*" + suffix)));
            watch.stop();

            int calls = sf.calls() - callsBefore;
            sf.deleteJob(job);
            long loaded = count(s);
            boolean ok = loaded == rows;
            String note = String.format(Locale.ROOT, "%d %s; download %.2f s, COPY %.2f s%s", page,
                    page == 1 ? "page" : "pages", downloaded, watch.seconds() - downloaded,
                    ok ? "" : "; COPY loaded " + loaded + " rows of " + rows);
            return ProbeResult.of(ok, rows, watch, calls, note).withPages(page);
        }
    }

    private static long count(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery(BenchSql.countRows(TABLE))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
