package io.sfsync.plan;

import java.util.Locale;

/**
 * What a REST run does when its query is too long for one request (an object of hundreds of fields): read the fields
 * in chunks joined by Id (property chunking), or take the Bulk API, whose query travels in a request body. A pure
 * function of the plan's numbers, so that its rows are unit tests.
 *
 * <p>{@link Strategy#AUTO} picks the cheaper in API calls: chunking costs one call per chunk per page, a Bulk job a few
 * calls (create, polls, delete) plus its pages, but also one of the org's daily Bulk jobs and, on a real org, the
 * seconds to minutes a job waits in Salesforce's queue. Measured on the offline org with an 800-field Account
 * (docs/wide-objects.md, "Measured"): chunks cost fewer calls up to a few hundred changed records and Bulk from about a
 * thousand, where this rule switches; in time the two are even for small runs there, and a real org's Bulk queue keeps
 * chunks faster well past the switch.
 */
public final class WideQuery {
    /** How a run handles a REST query that does not fit in one request ({@code sfsync.rest.wide-strategy}). */
    public enum Strategy {
        /** The cheaper of the two in API calls. */
        AUTO,
        /** Always read in field chunks joined by Id. */
        CHUNK,
        /** Always take the Bulk API. */
        BULK;

        public static Strategy parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("rest.wide-strategy must be auto, chunk or bulk, not '" + value
                        + "'");
            }
        }
    }

    /**
     * The width of a run's REST query.
     *
     * @param fields fields the query selects
     * @param uriBytes bytes of request target of the unsplit query
     * @param budget bytes of request target one query may take
     * @param chunks chunk queries that each fit (1 when the query fits)
     * @param chunkable whether chunks can be checked against each other (the object has a stamp field)
     * @param restPageRows rows per REST page of a chunked read: the first chunk's pages make the Id ranges
     * @param cappedChunks chunks whose pages Salesforce answers with at most 200 rows (two or more custom long text
     *         areas): they page within a wider range
     * @param bulkPageRows rows per Bulk result page
     * @param noBulk why a Bulk job cannot take the query (no daily Bulk job left above the floor, SOQL too long),
     *         or null when it can
     */
    public record Width(int fields, int uriBytes, int budget, int chunks, boolean chunkable, int restPageRows,
            int cappedChunks, int bulkPageRows, String noBulk) {
    }

    /** Rows Salesforce puts in a REST page that selects two or more custom long text areas, at most. */
    public static final int LONG_TEXT_PAGE_ROWS = 200;

    /**
     * The decision and whether the run reads in chunks.
     *
     * @param decision the plan's decision, switched to Bulk when chunking was not chosen
     * @param chunked whether a REST run reads its fields in chunks
     * @param restCalls API calls a chunked REST read would spend (estimate)
     * @param bulkCalls API calls a Bulk job would spend (estimate)
     */
    public record Choice(Decision decision, boolean chunked, long restCalls, long bulkCalls) {
    }

    private WideQuery() {
    }

    public static Choice decide(Decision d, long estimatedRecords, Width w, Strategy strategy) {
        if (d.method().usesBulk() || w.chunks() <= 1) {
            return new Choice(d, false, 0, 0);
        }
        long ranges = Math.max(1, ceil(estimatedRecords, w.restPageRows()));
        long rangeRows = Math.min(w.restPageRows(), Math.max(1, estimatedRecords));
        long cappedPages = Math.max(1, ceil(rangeRows, Math.min(w.restPageRows(), LONG_TEXT_PAGE_ROWS)));
        long restCalls = ranges * (w.chunks() - w.cappedChunks() + w.cappedChunks() * cappedPages);
        long bulkCalls = Math.max(1, ceil(estimatedRecords, w.bulkPageRows())) + QuotaGuard.BULK_OVERHEAD_CALLS;
        String why = "; its REST query of " + count(w.fields()) + " fields is " + count(w.uriBytes())
                + " bytes of URI, over the " + count(w.budget()) + " one request may carry (Salesforce refuses more"
                + " than 16,384 bytes of URI and headers)";
        String chunked = "REST in " + w.chunks() + " field chunks joined by Id (about " + count(restCalls)
                + " API calls)";
        String bulk = "Bulk API (about " + count(bulkCalls) + " API calls)";
        boolean chunk;
        String reason;
        if (!w.chunkable()) {
            chunk = false;
            reason = why + ", and it has no SystemModstamp or LastModifiedDate to check field chunks against, so "
                    + bulk;
        } else if (w.noBulk() != null) {
            chunk = true;
            reason = why + ", and " + w.noBulk() + ", so " + chunked;
        } else if (strategy == Strategy.CHUNK) {
            chunk = true;
            reason = why + ", so " + chunked + " (sfsync.rest.wide-strategy=chunk)";
        } else if (strategy == Strategy.BULK) {
            chunk = false;
            reason = why + ", so " + bulk + " (sfsync.rest.wide-strategy=bulk)";
        } else if (restCalls <= bulkCalls) {
            chunk = true;
            reason = why + ", so " + chunked + ", fewer than a Bulk job's " + count(bulkCalls);
        } else {
            chunk = false;
            reason = why + ", so " + bulk + ", fewer than " + count(restCalls) + " for REST in " + w.chunks()
                    + " field chunks";
        }
        Decision out = chunk ? new Decision(d.method(), d.full(), d.reason() + reason)
                : new Decision(SyncMethod.of(d.full(), true, false), d.full(), d.reason() + reason);
        return new Choice(out, chunk, restCalls, bulkCalls);
    }

    private static long ceil(long n, int per) {
        return per <= 0 ? n : (n + per - 1) / per;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
