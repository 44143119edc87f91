package io.sfsync.snowflakeemulator.server;

import io.sfsync.snowflakeemulator.engine.EngineSession;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One logged-in driver session: the engine session it runs statements on, its user, and its tokens (a session token
 * for requests, renewed with the master token when it expires, as SessionUtil.renewSession expects).
 */
final class ServerSession {
    private final String id;
    private final String user;
    private final EngineSession engine;
    private final AtomicLong heartbeats = new AtomicLong();
    private volatile String sessionToken;
    private volatile String previousSessionToken;
    private volatile Instant sessionExpiresAt;
    private final String masterToken;
    private volatile Instant masterExpiresAt;
    private volatile boolean closed;

    ServerSession(String id, String user, EngineSession engine, String sessionToken, Instant sessionExpiresAt,
            String masterToken, Instant masterExpiresAt) {
        this.id = id;
        this.user = user;
        this.engine = engine;
        this.sessionToken = sessionToken;
        this.sessionExpiresAt = sessionExpiresAt;
        this.masterToken = masterToken;
        this.masterExpiresAt = masterExpiresAt;
    }

    String id() {
        return id;
    }

    String user() {
        return user;
    }

    /** The engine session; callers synchronize on this object, as an EngineSession takes one thread at a time. */
    EngineSession engine() {
        return engine;
    }

    String sessionToken() {
        return sessionToken;
    }

    String previousSessionToken() {
        return previousSessionToken;
    }

    String masterToken() {
        return masterToken;
    }

    boolean sessionExpired(Instant now) {
        return !now.isBefore(sessionExpiresAt);
    }

    boolean masterExpired(Instant now) {
        return !now.isBefore(masterExpiresAt);
    }

    void renew(String newToken, Instant expiresAt) {
        this.previousSessionToken = sessionToken;
        this.sessionToken = newToken;
        this.sessionExpiresAt = expiresAt;
    }

    void heartbeat(Instant masterExpiresAt) {
        heartbeats.incrementAndGet();
        this.masterExpiresAt = masterExpiresAt;
    }

    long heartbeats() {
        return heartbeats.get();
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
