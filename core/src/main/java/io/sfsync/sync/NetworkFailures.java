package io.sfsync.sync;

import io.sfsync.warehouse.WarehouseException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Failures to connect to Salesforce at all (refused, unknown host, connect timeout, TLS handshake), in words a user can
 * act on. A call that connected and then failed is not one of them.
 */
public final class NetworkFailures {
    private NetworkFailures() {
    }

    /**
     * "cannot reach Salesforce at URL (connection refused): ..." when the failure, or one of its causes, is a network
     * failure; null otherwise.
     */
    public static String describe(Throwable failure, String url) {
        String why = null;
        // Below a warehouse failure a refused connection is the warehouse's (Snowflake), which says so itself.
        for (Throwable t = failure; t != null && why == null && !(t instanceof WarehouseException);
                t = t.getCause() == t ? null : t.getCause()) {
            why = why(t);
        }
        if (why == null) {
            return null;
        }
        return "cannot reach Salesforce at " + (url == null || url.isBlank() ? "its login URL" : url) + " (" + why
                + "): check camel.component.salesforce.loginUrl and that this machine can reach that host (network,"
                + " proxy, firewall)";
    }

    private static String why(Throwable t) {
        if (t instanceof ConnectException) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            return m.contains("timed out") ? "connection timed out" : "connection refused";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof SocketTimeoutException
                && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
            return "connection timed out";
        }
        if (t instanceof SSLException) {
            return "TLS handshake failed: " + t.getMessage();
        }
        return null;
    }
}
