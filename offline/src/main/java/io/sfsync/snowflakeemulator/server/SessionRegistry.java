package io.sfsync.snowflakeemulator.server;

import io.sfsync.snowflakeemulator.engine.EngineSession;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open sessions by token. Tokens are 32 random bytes (unguessable), session tokens expire after the configured
 * validity and are renewed with the master token; a token that was just replaced still answers "expired" (390112),
 * so a statement racing a renewal on another thread renews (a no-op) and retries instead of failing.
 */
public final class SessionRegistry {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ServerSession> bySessionToken = new ConcurrentHashMap<>();
    private final Map<String, ServerSession> byMasterToken = new ConcurrentHashMap<>();
    private final Map<String, ServerSession> byId = new ConcurrentHashMap<>();
    private final AtomicLong closedSessions = new AtomicLong();
    private final AtomicLong renewals = new AtomicLong();
    private final Duration sessionValidity;
    private final Duration masterValidity;
    private final Clock clock;

    public SessionRegistry(Duration sessionValidity, Duration masterValidity, Clock clock) {
        this.sessionValidity = sessionValidity;
        this.masterValidity = masterValidity;
        this.clock = clock;
    }

    Duration sessionValidity() {
        return sessionValidity;
    }

    Duration masterValidity() {
        return masterValidity;
    }

    ServerSession open(String id, String user, EngineSession engine) {
        Instant now = clock.instant();
        ServerSession s = new ServerSession(id, user, engine, newToken("ST"), now.plus(sessionValidity),
                newToken("MT"), now.plus(masterValidity));
        bySessionToken.put(s.sessionToken(), s);
        byMasterToken.put(s.masterToken(), s);
        byId.put(id, s);
        return s;
    }

    /** The session of a request's session token, or the refusal the driver expects (390112 renews, 390111 not). */
    ServerSession bySessionToken(String token) throws ProtocolError {
        ServerSession s = token == null ? null : bySessionToken.get(token);
        if (s == null || s.closed()) {
            throw ProtocolError.sessionGone();
        }
        if (!token.equals(s.sessionToken()) || s.sessionExpired(clock.instant())) {
            throw ProtocolError.sessionExpired();
        }
        return s;
    }

    /** Issues a new session token for a master token (POST /session/token-request, requestType RENEW). */
    ServerSession renew(String masterToken) throws ProtocolError {
        ServerSession s = masterToken == null ? null : byMasterToken.get(masterToken);
        if (s == null || s.closed()) {
            throw new ProtocolError(ProtocolError.MASTER_TOKEN_NOT_FOUND, "Master token not found.");
        }
        Instant now = clock.instant();
        if (s.masterExpired(now)) {
            throw new ProtocolError(ProtocolError.MASTER_TOKEN_EXPIRED,
                    "Authentication token has expired.  The user must authenticate again.");
        }
        synchronized (s) {
            String old = s.previousSessionToken();
            if (old != null) {
                bySessionToken.remove(old);
            }
            String fresh = newToken("ST");
            bySessionToken.put(fresh, s);
            s.renew(fresh, now.plus(sessionValidity));
        }
        renewals.incrementAndGet();
        return s;
    }

    void heartbeat(ServerSession s) {
        s.heartbeat(clock.instant().plus(masterValidity));
    }

    /** Ends a session: forgets its tokens and closes its engine session (rolls back, drops temporary tables). */
    void close(ServerSession s) {
        if (s.closed()) {
            return;
        }
        s.markClosed();
        bySessionToken.values().removeIf(x -> x == s);
        byMasterToken.remove(s.masterToken());
        byId.remove(s.id());
        closedSessions.incrementAndGet();
        synchronized (s.engine()) {
            s.engine().close();
        }
    }

    /** Ends every open session (the emulator stops). */
    public void closeAllSessions() {
        for (ServerSession s : new ArrayList<>(byId.values())) {
            close(s);
        }
    }

    /** Ids of the sessions open now. */
    public List<String> openSessionIds() {
        return new ArrayList<>(byId.keySet());
    }

    /** Heartbeats received for an open session (0 when the session is unknown). */
    public long heartbeats(String sessionId) {
        ServerSession s = byId.get(sessionId);
        return s == null ? 0 : s.heartbeats();
    }

    /** Session tokens renewed so far (POST /session/token-request). */
    public long renewals() {
        return renewals.get();
    }

    /** Whether an open session's current session token has expired (false when the session is unknown). */
    public boolean sessionTokenExpired(String sessionId) {
        ServerSession s = byId.get(sessionId);
        return s != null && s.sessionExpired(clock.instant());
    }

    public long closedSessions() {
        return closedSessions.get();
    }

    private static String newToken(String kind) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "ver:1-hint:" + kind + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
