package io.sfsync.emulator.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Faults a test asked for: the next N requests whose path matches fail in a chosen way. */
public final class Faults {
    /** The ways a request can be made to fail. */
    public enum Kind {
        /** 401 {@code INVALID_SESSION_ID}, as when a session expires. */
        INVALID_SESSION,
        /** 500 {@code UNKNOWN_EXCEPTION}. */
        SERVER_ERROR,
        /** 503 {@code SERVER_UNAVAILABLE}. */
        SERVICE_UNAVAILABLE,
        /** 429 with {@code Retry-After}. */
        TOO_MANY_REQUESTS,
        /** 403 {@code REQUEST_LIMIT_EXCEEDED}: the daily API request allocation is spent ("TotalRequests"). */
        REQUEST_LIMIT_EXCEEDED,
        /**
         * 403 {@code REQUEST_LIMIT_EXCEEDED} for too many concurrent long-running requests ("ConcurrentRequests"), as
         * the org answers while 25 requests of 20 s or more are running: transient, unlike the daily limit.
         */
        CONCURRENT_REQUESTS,
        /** The response starts normally and the connection is closed halfway through its body. */
        DROP_CONNECTION,
        /** The request is answered normally after a delay. */
        DELAY,
        /**
         * 400 {@code invalid_grant} "authentication failure", as Salesforce answers a login whose credentials it
         * refuses (a changed password, a locked or frozen user); arm it on {@code /services/oauth2/token}.
         */
        LOGIN_REFUSED
    }

    /** One armed fault. */
    public static final class Rule {
        private final Kind kind;
        private final Pattern path;
        private final String method;
        private final long delayMillis;
        private int remaining;

        Rule(Kind kind, String pathRegex, String method, int count, long delayMillis) {
            this.kind = kind;
            this.path = Pattern.compile(pathRegex);
            this.method = method == null || method.isBlank() ? null : method.toUpperCase(Locale.ROOT);
            this.remaining = count;
            this.delayMillis = delayMillis;
        }

        public Kind kind() {
            return kind;
        }

        public long delayMillis() {
            return delayMillis;
        }

        public String pathRegex() {
            return path.pattern();
        }

        public String method() {
            return method;
        }

        public synchronized int remaining() {
            return remaining;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    /**
     * Arms a fault for the next {@code count} requests whose path contains a match of {@code pathRegex} (and whose
     * method is {@code method}, when given).
     */
    public synchronized Rule add(Kind kind, String pathRegex, String method, int count, long delayMillis) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        Rule r = new Rule(kind, pathRegex, method, count, delayMillis);
        rules.add(r);
        return r;
    }

    /** Takes the first armed fault that matches this request, or null. */
    public synchronized Rule take(String method, String path) {
        for (var it = rules.iterator(); it.hasNext();) {
            Rule r = it.next();
            if ((r.method == null || r.method.equals(method)) && r.path.matcher(path).find()) {
                r.remaining--;
                if (r.remaining <= 0) {
                    it.remove();
                }
                return r;
            }
        }
        return null;
    }

    public synchronized List<Rule> armed() {
        return List.copyOf(rules);
    }

    public synchronized void clear() {
        rules.clear();
    }
}
