package io.sfsync.sync;

import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;

import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.camel.component.salesforce.api.SalesforceException;

/** Exceptions turned into the one-line error of a result. */
public final class Failures {
    private Failures() {
    }

    /** The one-line error of a result for this failure. */
    public static String describe(Throwable t) {
        if (t == null) {
            return "the run failed for an unknown reason";
        }
        long limit = Retries.bufferLimit(t);
        if (limit > 0) {
            // Any other call than a Bulk result page (those are read again with fewer rows): no URL in the message.
            return "a Salesforce response was larger than camel-salesforce may receive ("
                    + "camel.component.salesforce.httpMaxContentLength=" + limit + " bytes): raise that setting";
        }
        Throwable cause = t;
        // A warehouse failure's own message says more than the JDBC exception under it.
        while (cause.getCause() != null && !(cause instanceof SyncException)
                && !(cause instanceof SalesforceException) && !(cause instanceof WarehouseException)
                && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof SalesforceException sf) {
            StringBuilder b = new StringBuilder("Salesforce rejected the call");
            if (sf.getStatusCode() > 0) {
                b.append(" (HTTP ").append(sf.getStatusCode()).append(')');
            }
            if (sf.getErrors() != null && !sf.getErrors().isEmpty()) {
                var e = sf.getErrors().get(0);
                b.append(": ").append(e.getErrorCode()).append(": ").append(e.getMessage());
            } else {
                b.append(": ").append(sf.getMessage());
            }
            return brief(b.toString());
        }
        if (cause instanceof WarehouseException w && w.code() == WarehouseError.READ_ONLY) {
            return "the warehouse is read-only, nothing was written: " + w.detail() + " (make the warehouse"
                    + " writable, e.g. the DuckDB file and its folder, then run again)";
        }
        String msg = cause.getMessage();
        if (msg == null) {
            return cause.getClass().getSimpleName();
        }
        // sfsync's own messages are written to be read whole; others may quote a request.
        return cause instanceof SyncException ? QUERY_STRING.matcher(msg).replaceAll("?q=...") : brief(msg);
    }

    /** Longest error a result carries; Salesforce's SOQL errors quote the whole query. */
    static final int MAX_ERROR_CHARS = 600;
    private static final Pattern QUERY_STRING = Pattern.compile("\\?q=[^\\s}]*");

    /**
     * The message without the query strings of URLs (camel-salesforce puts the request's whole URL, and so the
     * whole SOQL, into its messages) and, when still long, with its middle left out.
     */
    static String brief(String message) {
        String m = QUERY_STRING.matcher(message).replaceAll("?q=...");
        if (m.length() <= MAX_ERROR_CHARS) {
            return m;
        }
        int keep = MAX_ERROR_CHARS / 2 - 20;
        return m.substring(0, keep) + " ... (" + String.format(Locale.ROOT, "%,d", m.length() - 2 * keep)
                + " characters left out) ... " + m.substring(m.length() - keep);
    }
}
