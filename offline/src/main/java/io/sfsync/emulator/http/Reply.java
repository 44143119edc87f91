package io.sfsync.emulator.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response to send: status, headers in the exact case Salesforce uses, and a body that is either ready bytes
 * or written as a stream (large Bulk result pages).
 */
public final class Reply {
    public static final String JSON = "application/json;charset=UTF-8";
    public static final String CSV = "text/csv";

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private final BodyWriter writer;
    private boolean dropMidBody;
    private Runnable whenSent;

    private Reply(int status, String contentType, byte[] body, BodyWriter writer) {
        this.status = status;
        this.body = body;
        this.writer = writer;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    public static Reply json(int status, byte[] json) {
        return new Reply(status, JSON, json, null);
    }

    public static Reply json(int status, String json) {
        return json(status, json.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply empty(int status) {
        return new Reply(status, null, new byte[0], null);
    }

    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, contentType, body, null);
    }

    /** A body written while it is sent; {@code compressible} bodies are gzipped when the client accepts it. */
    public static Reply stream(int status, String contentType, BodyWriter writer) {
        return new Reply(status, contentType, null, writer);
    }

    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Marks this reply to be cut off halfway through its body (an injected fault). */
    public Reply dropMidBody() {
        this.dropMidBody = true;
        return this;
    }

    /** Runs {@code action} once the response has been written to the end, or its writing failed. */
    public Reply whenSent(Runnable action) {
        Runnable before = whenSent;
        this.whenSent = before == null ? action : () -> {
            before.run();
            action.run();
        };
        return this;
    }

    /** Called by the server when the response is written or failed; runs the {@link #whenSent} actions once. */
    public synchronized void sent() {
        Runnable action = whenSent;
        whenSent = null;
        if (action != null) {
            action.run();
        }
    }

    public boolean dropsMidBody() {
        return dropMidBody;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The ready body, or null when it is streamed. */
    public byte[] body() {
        return body;
    }

    public BodyWriter writer() {
        return writer;
    }

    /** Writes a streamed body. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }
}
