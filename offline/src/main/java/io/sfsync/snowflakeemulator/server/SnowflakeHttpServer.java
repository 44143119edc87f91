package io.sfsync.snowflakeemulator.server;

import io.sfsync.emulator.http.JettyServers;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The offline Snowflake's plain-HTTP/1.1 listener (Jetty) on a loopback address; it refuses any other bind address,
 * since the driver sends passwords and tokens in clear over it. Request bodies gzipped by the driver (StmtUtil
 * compresses every query-request) are inflated before {@link SnowflakeProtocol} reads them.
 */
public final class SnowflakeHttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final SnowflakeProtocol protocol;

    public SnowflakeHttpServer(String host, int port, SnowflakeProtocol protocol) {
        requireLoopback(host);
        this.protocol = protocol;
        JettyServers.Listening listening = JettyServers.create("snowflake-emulator", host, port, 300_000, this::serve);
        this.server = listening.server();
        this.connector = listening.connector();
    }

    /** Refuses a bind address that is not loopback (127.0.0.0/8, ::1, localhost). */
    public static void requireLoopback(String host) {
        try {
            InetAddress a = InetAddress.getByName(host);
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("the offline Snowflake binds loopback addresses only (127.0.0.1,"
                        + " ::1), not " + host);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address " + host, e);
        }
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private void serve(Request request, Response response, Callback callback) {
        try {
            byte[] body = Content.Source.asInputStream(request).readAllBytes();
            String encoding = request.getHeaders().get("Content-Encoding");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip") && body.length > 0) {
                body = gunzip(body);
            }
            SnowflakeProtocol.Call call = new SnowflakeProtocol.Call(request.getMethod(),
                    request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                    request.getHeaders().get("Authorization"), request.getHeaders().get("Host"), body);
            SnowflakeProtocol.Reply reply = protocol.handle(call);
            response.setStatus(reply.status());
            response.getHeaders().put("Content-Type", "application/json");
            response.getHeaders().put("Content-Length", Integer.toString(reply.body().length));
            response.write(true, ByteBuffer.wrap(reply.body()), callback);
        } catch (Exception e) {
            callback.failed(e);
        }
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
