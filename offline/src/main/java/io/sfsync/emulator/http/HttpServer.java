package io.sfsync.emulator.http;

import io.sfsync.emulator.SalesforceLimits;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The emulator's HTTP/1.1 server on a loopback address (Jetty, which keeps header names in the case they are given:
 * {@code Sforce-Locator}, not {@code Sforce-locator}). Bodies are gzipped for clients that ask, as Salesforce does. A
 * request whose URI and headers together exceed {@link SalesforceLimits#URI_AND_HEADERS_BYTES} is refused with 414 or
 * 431 before it reaches the org, as Salesforce refuses it. With a bandwidth set, every response body is written no
 * faster than that many bytes a second (after compression), by parking the request's thread as the body goes out.
 * Empty path segments are taken as one slash, as Salesforce takes them: clients join an instance URL that ends in a
 * slash to {@code /services/data/...} (the Salesforce CLI refreshes its session with
 * {@code GET https://host//services/data/vXX.X}).
 */
public final class HttpServer {
    private static final int GZIP_MIN_BYTES = 1024;

    private final Server server;
    private final ServerConnector connector;
    private final Dispatcher dispatcher;
    private final boolean gzip;
    private final long bytesPerSecond;

    public HttpServer(String host, int port, Dispatcher dispatcher, boolean gzip) {
        this(host, port, dispatcher, gzip, 0);
    }

    /** {@code bytesPerSecond} 0: bodies are written as fast as the client reads them. */
    public HttpServer(String host, int port, Dispatcher dispatcher, boolean gzip, long bytesPerSecond) {
        this.dispatcher = dispatcher;
        this.gzip = gzip;
        this.bytesPerSecond = bytesPerSecond;
        // Paced requests park their thread while they wait: room for the 25 long-running requests Salesforce allows
        // and many short ones beside them.
        JettyServers.Listening listening = JettyServers.create("sf-emulator", host, port, 120_000,
                SalesforceLimits.URI_AND_HEADERS_BYTES, 256, this::serve);
        this.server = listening.server();
        this.connector = listening.connector();
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setUriCompliance(
                UriCompliance.DEFAULT.with("salesforce", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
    }

    /** {@code path} with every run of slashes as one ({@code //services/data} is {@code /services/data}). */
    static String collapseSlashes(String path) {
        return path.indexOf("//") < 0 ? path : path.replaceAll("/{2,}", "/");
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public void stop() throws Exception {
        server.stop();
    }

    private void serve(Request request, Response response, Callback callback) {
        Reply reply;
        boolean acceptsGzip;
        try {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField f : request.getHeaders()) {
                headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
            }
            byte[] body = Content.Source.asInputStream(request).readAllBytes();
            HttpCall call = new HttpCall(request.getMethod(), collapseSlashes(request.getHttpURI().getPath()),
                    request.getHttpURI().getQuery(), headers, body);
            String ae = call.header("Accept-Encoding");
            acceptsGzip = gzip && ae != null && ae.toLowerCase(Locale.ROOT).contains("gzip");
            reply = dispatcher.dispatch(call);
        } catch (Exception e) {
            callback.failed(e);
            return;
        }
        Reply sending = reply;
        Callback done = Callback.from(() -> {
            sending.sent();
            callback.succeeded();
        }, failure -> {
            sending.sent();
            callback.failed(failure);
        });
        try {
            send(reply, acceptsGzip, response, done);
        } catch (Exception e) {
            done.failed(e);
        }
    }

    private void send(Reply reply, boolean acceptsGzip, Response response, Callback callback) throws IOException {
        response.setStatus(reply.status());
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        byte[] body = reply.body();
        if (body == null && reply.dropsMidBody()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            reply.writer().write(buf);
            body = buf.toByteArray();
        }
        if (body != null) {
            if (acceptsGzip && body.length >= GZIP_MIN_BYTES) {
                body = gzip(body);
                response.getHeaders().put("Content-Encoding", "gzip");
                response.getHeaders().put("Vary", "Accept-Encoding");
            }
            response.getHeaders().put("Content-Length", Integer.toString(body.length));
            if (reply.dropsMidBody()) {
                int half = Math.max(1, body.length / 2);
                response.write(false, ByteBuffer.wrap(body, 0, Math.min(half, body.length)),
                        Callback.from(() -> callback.failed(new IOException("connection dropped (injected fault)")),
                                callback::failed));
                return;
            }
            if (bytesPerSecond > 0) {
                try (OutputStream out = new Throttled(Content.Sink.asOutputStream(response), bytesPerSecond)) {
                    out.write(body);
                }
                callback.succeeded();
                return;
            }
            response.write(true, ByteBuffer.wrap(body), callback);
            return;
        }
        if (acceptsGzip) {
            response.getHeaders().put("Content-Encoding", "gzip");
            response.getHeaders().put("Vary", "Accept-Encoding");
        }
        OutputStream sink = Content.Sink.asOutputStream(response);
        if (bytesPerSecond > 0) {
            sink = new Throttled(sink, bytesPerSecond);
        }
        OutputStream out = acceptsGzip ? new FastGzip(sink) : sink;
        reply.writer().write(out);
        out.close();
        callback.succeeded();
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(body.length / 4 + 64);
        try (OutputStream out = new FastGzip(buf)) {
            out.write(body);
        }
        return buf.toByteArray();
    }

    /** gzip at the fastest level: the emulator should not be the bottleneck of a throughput benchmark. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
