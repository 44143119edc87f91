package io.sfsync.emulator.http;

import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty set-up both offline services share (the Salesforce org and the Snowflake): a daemon thread pool, plain
 * HTTP/1.1 without version headers, a limit on the request line plus headers (64 KiB unless the service sets its
 * own), one connector, every request to one function.
 */
public final class JettyServers {
    private JettyServers() {
    }

    /** Handles one request; the response is completed through the callback. */
    @FunctionalInterface
    public interface Serve {
        void serve(Request request, Response response, Callback callback);
    }

    /** A configured server, not started, and its connector (whose local port is known once it is started). */
    public record Listening(Server server, ServerConnector connector) {
    }

    /** Bytes of request line plus headers a request may have when the service sets no limit of its own. */
    public static final int DEFAULT_REQUEST_HEADER_BYTES = 64 * 1024;

    public static Listening create(String threadName, String host, int port, long idleTimeoutMillis, Serve serve) {
        return create(threadName, host, port, idleTimeoutMillis, DEFAULT_REQUEST_HEADER_BYTES, serve);
    }

    /**
     * A server whose requests may carry at most {@code requestHeaderBytes} of request line plus headers: Jetty answers
     * 414 URI Too Long when the request line alone reaches it, 431 Request Header Fields Too Large otherwise.
     */
    public static Listening create(String threadName, String host, int port, long idleTimeoutMillis,
            int requestHeaderBytes, Serve serve) {
        return create(threadName, host, port, idleTimeoutMillis, requestHeaderBytes, DEFAULT_MAX_THREADS, serve);
    }

    /** Threads that serve requests when the service sets no number of its own. */
    public static final int DEFAULT_MAX_THREADS = 64;

    /**
     * As above, with at most {@code maxThreads} threads: a service that paces its answers (each waiting request parks
     * its thread) needs more than one that answers at once.
     */
    public static Listening create(String threadName, String host, int port, long idleTimeoutMillis,
            int requestHeaderBytes, int maxThreads, Serve serve) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, 4);
        pool.setName(threadName);
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(requestHeaderBytes);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeoutMillis);
        server.addConnector(connector);
        server.setErrorHandler(new ShortErrors());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve.serve(request, response, callback);
                return true;
            }
        });
        server.setStopTimeout(2_000);
        return new Listening(server, connector);
    }

    /**
     * Answers the requests Jetty refuses itself (414, 431, malformed) with the status line as a short text, as a
     * service behind a load balancer does: never an error page that echoes the request, and nothing logged per request.
     */
    private static final class ShortErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus();
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, BufferUtil.toBuffer(status + " " + HttpStatus.getMessage(status) + "\n",
                    StandardCharsets.UTF_8), callback);
            return true;
        }
    }
}
