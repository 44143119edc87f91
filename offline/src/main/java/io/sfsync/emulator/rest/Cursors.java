package io.sfsync.emulator.rest;

import io.sfsync.emulator.SalesforceLimits;
import io.sfsync.emulator.query.ResultSet;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Open REST query cursors. A locator is {@code <cursorId>-<offset>}; cursors idle for fifteen minutes expire, and a
 * user who opens one more than {@link SalesforceLimits#QUERY_CURSORS_PER_USER} (or the configured number) loses the
 * oldest of theirs, as Salesforce documented; its next queryMore fails INVALID_QUERY_LOCATOR. Other users' cursors
 * are not touched. That also bounds the memory that unfinished queries hold.
 */
final class Cursors {
    private static final long IDLE_NANOS = 15L * 60 * 1_000_000_000L;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** An open cursor and the user who opened it. */
    record Cursor(String id, String user, ResultSet results, int batchSize, boolean all, long[] lastUsed) {
    }

    private final SecureRandom random = new SecureRandom();
    private final int perUser;
    private final Map<String, Cursor> open = new HashMap<>();
    /** Each user's open cursors, oldest first. */
    private final Map<String, LinkedHashMap<String, Cursor>> byUser = new HashMap<>();

    /** {@code perUser} 0: no limit on open cursors (as Salesforce since API 56.0). */
    Cursors(int perUser) {
        if (perUser < 0) {
            throw new IllegalArgumentException("cursors per user must not be negative");
        }
        this.perUser = perUser;
    }

    Cursors() {
        this(SalesforceLimits.QUERY_CURSORS_PER_USER);
    }

    synchronized Cursor open(String user, ResultSet results, int batchSize, boolean all) {
        StringBuilder id = new StringBuilder("01g");
        for (int i = 0; i < 15; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String owner = user == null ? "" : user;
        Cursor c = new Cursor(id.toString(), owner, results, batchSize, all, new long[] {System.nanoTime()});
        open.put(c.id(), c);
        LinkedHashMap<String, Cursor> mine = byUser.computeIfAbsent(owner, u -> new LinkedHashMap<>());
        mine.put(c.id(), c);
        while (perUser > 0 && mine.size() > perUser) {
            Iterator<String> it = mine.keySet().iterator();
            open.remove(it.next());
            it.remove();
        }
        return c;
    }

    /** The cursor of a locator's id part, or null when unknown or expired. */
    synchronized Cursor get(String id) {
        Cursor c = open.get(id);
        if (c == null) {
            return null;
        }
        if (System.nanoTime() - c.lastUsed()[0] > IDLE_NANOS) {
            close(id);
            return null;
        }
        c.lastUsed()[0] = System.nanoTime();
        return c;
    }

    synchronized void close(String id) {
        Cursor c = open.remove(id);
        if (c != null) {
            Map<String, Cursor> mine = byUser.get(c.user());
            mine.remove(id);
            if (mine.isEmpty()) {
                byUser.remove(c.user());
            }
        }
    }

    /** Cursors open now, of every user. */
    synchronized int size() {
        return open.size();
    }
}
