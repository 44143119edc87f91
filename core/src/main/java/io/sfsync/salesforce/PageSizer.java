package io.sfsync.salesforce;

import java.util.List;
import java.util.Locale;

/**
 * How many rows to ask for in the next Bulk API 2.0 result page ({@code maxRecords}) so that the page stays within a
 * byte budget: camel-salesforce holds each page whole in memory, so a row count alone lets a wide object with filled
 * long text areas make pages of hundreds of MB.
 *
 * <p>The first page is sized from the describe: the CSV bytes one row can take at most (text at its full length, three
 * UTF-8 bytes a character), at least {@link #MIN_FIRST_ROWS} rows. Later pages are sized from what was measured: the
 * heaviest page's bytes per row, times {@link #HEADROOM} so that a heavier page than any seen so far still fits, but
 * never wider than the describe allows (unless rows were measured wider than it); a page grows at most {@link #GROWTH}
 * times the largest read so far. No page asks for more than {@code sfsync.bulk.max-records} rows. A page that did not
 * fit at all is read again with a quarter of the rows ({@link #tooLarge}).
 */
public final class PageSizer {
    /** The first page's least rows: a describe of many long text areas would otherwise ask for one row at a time. */
    public static final int MIN_FIRST_ROWS = 10;
    /** A later page may be this many times heavier per row than the heaviest seen so far and still fit the budget. */
    public static final int HEADROOM = 2;
    /** A later page asks for at most this many times the rows of the largest page read so far. */
    public static final int GROWTH = 4;
    /** A page too large to be received is read again with this fraction of its rows. */
    public static final int SHRINK = 4;

    /** Separator and the two quotes Salesforce puts around every CSV value. */
    private static final int PER_VALUE = 3;
    /** A UTF-8 character takes up to three bytes (four for a surrogate pair, which counts as two characters). */
    private static final int BYTES_PER_CHAR = 3;

    private final long budget;
    private final int maxRecords;
    private final long estimatedRowBytes;
    private final long headerBytes;
    /** The heaviest page's bytes per row, rounded up (0: nothing measured yet). */
    private long heaviestRowBytes;
    /** The most rows any page read so far held (0: none read). */
    private long largestPage;

    /**
     * @param budgetBytes bytes one page should stay within
     * @param maxRecords the row cap ({@code sfsync.bulk.max-records})
     * @param fields the fields the query selects, in order (their describe gives the row estimate)
     */
    public PageSizer(long budgetBytes, int maxRecords, List<SfField> fields) {
        this(budgetBytes, maxRecords, rowBytes(fields), headerBytes(fields));
    }

    PageSizer(long budgetBytes, int maxRecords, long estimatedRowBytes, long headerBytes) {
        if (budgetBytes < 1 || maxRecords < 1 || estimatedRowBytes < 1) {
            throw new IllegalArgumentException("page budget, max records and row estimate must be positive, not "
                    + budgetBytes + ", " + maxRecords + ", " + estimatedRowBytes);
        }
        this.budget = budgetBytes;
        this.maxRecords = maxRecords;
        this.estimatedRowBytes = estimatedRowBytes;
        this.headerBytes = headerBytes;
    }

    /** The rows to ask for in the next page. */
    public int nextRows() {
        long room = Math.max(1, budget - headerBytes);
        if (heaviestRowBytes == 0) {
            long rows = room / estimatedRowBytes;
            return (int) Math.max(Math.min(MIN_FIRST_ROWS, maxRecords), Math.min(maxRecords, rows));
        }
        long width = heaviestRowBytes * HEADROOM;
        if (heaviestRowBytes <= estimatedRowBytes) {
            // no row can be wider than the describe allows
            width = Math.min(width, estimatedRowBytes);
        }
        long rows = room / width;
        if (largestPage > 0) {
            rows = Math.min(rows, largestPage * GROWTH);
        }
        return (int) Math.max(1, Math.min(maxRecords, rows));
    }

    /** A page was read whole: its size in bytes (header line included) and its rows. */
    public void measured(long bytes, long rows) {
        if (rows <= 0 || bytes <= 0) {
            return;
        }
        heaviestRowBytes = Math.max(heaviestRowBytes, (bytes + rows - 1) / rows);
        largestPage = Math.max(largestPage, rows);
    }

    /**
     * A page of {@code rows} rows was larger than {@code limitBytes}, what camel-salesforce may hold: remembers that
     * its rows are at least that heavy and answers the rows to ask for from the same locator (a quarter; at least 1).
     * Only a page of one row cannot be made smaller: the caller fails then.
     */
    public int tooLarge(int rows, long limitBytes) {
        if (rows > 0 && limitBytes > 0) {
            heaviestRowBytes = Math.max(heaviestRowBytes, limitBytes / rows + 1);
        }
        return Math.max(1, rows / SHRINK);
    }

    public long budget() {
        return budget;
    }

    public long estimatedRowBytes() {
        return estimatedRowBytes;
    }

    /** The most CSV bytes one row of these fields can take (line break included). */
    public static long rowBytes(List<SfField> fields) {
        long bytes = 1;
        for (SfField f : fields) {
            bytes += PER_VALUE + valueBytes(f);
        }
        return bytes;
    }

    /** The header line: the names, quoted, separated, with a line break. */
    static long headerBytes(List<SfField> fields) {
        long bytes = 1;
        for (SfField f : fields) {
            bytes += PER_VALUE + f.name().length();
        }
        return bytes;
    }

    /** The most bytes a value of this field takes as text, before quoting. */
    static long valueBytes(SfField f) {
        return switch (f.type().toLowerCase(Locale.ROOT)) {
            case "id", "reference" -> 18;
            case "boolean" -> 5;
            case "date" -> 10;
            // 2024-01-31T23:59:59.000Z and 23:59:59.000Z
            case "datetime" -> 24;
            case "time" -> 13;
            // sign and digits
            case "int" -> 1 + (f.digits() > 0 ? f.digits() : 10);
            case "long" -> 20;
            // sign, point and digits; a double with no precision may print in exponent form
            case "double", "currency", "percent" -> f.precision() > 0 ? f.precision() + 2 : 24;
            // string, textarea (long and rich text areas too), picklist, email, url, phone...: at full length
            default -> (long) BYTES_PER_CHAR * (f.length() > 0 ? f.length() : 255);
        };
    }
}
