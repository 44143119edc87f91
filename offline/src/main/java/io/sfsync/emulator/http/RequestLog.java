package io.sfsync.emulator.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The requests the emulator served (newest {@value #CAPACITY} kept) and counters by operation, so that a test can
 * assert how many API calls a sync spent. Secrets in query strings are masked before anything is recorded.
 */
public final class RequestLog {
    static final int CAPACITY = 100_000;
    private static final Pattern SECRET_PARAMS =
            Pattern.compile("((?:^|&)(?:token|access_token|refresh_token|client_secret|password|assertion)=)[^&]*");

    /** One served request. */
    public record Entry(long seq, String time, String method, String path, String query, String operation,
            int status, long millis) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Long> byOperation = new LinkedHashMap<>();
    private long seq;

    public synchronized void add(String time, String method, String path, String rawQuery, String operation,
            int status, long millis) {
        String query = rawQuery == null ? null : SECRET_PARAMS.matcher(rawQuery).replaceAll("$1****");
        entries.addLast(new Entry(++seq, time, method, path, query, operation, status, millis));
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        byOperation.merge(operation, 1L, Long::sum);
    }

    /** Entries with a sequence number above {@code after}, oldest first. */
    public synchronized List<Entry> since(long after) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.seq() > after) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized long lastSeq() {
        return seq;
    }

    public synchronized Map<String, Long> counters() {
        return new LinkedHashMap<>(byOperation);
    }

    public synchronized void clear() {
        entries.clear();
        byOperation.clear();
    }
}
