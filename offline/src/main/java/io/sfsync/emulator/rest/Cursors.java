package io.sfsync.emulator.rest;

import io.sfsync.emulator.query.ResultSet;

import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Open REST query cursors. A locator is {@code <cursorId>-<offset>}; cursors idle for fifteen minutes expire, and
 * opening an eleventh drops the oldest, as Salesforce does (ten open cursors per user). That also bounds the memory
 * that unfinished queries hold.
 */
final class Cursors {
    private static final long IDLE_NANOS = 15L * 60 * 1_000_000_000L;
    private static final int MAX_OPEN = 10;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** An open cursor. */
    record Cursor(String id, ResultSet results, int batchSize, boolean all, long[] lastUsed) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cursor> open = new LinkedHashMap<>();

    synchronized Cursor open(ResultSet results, int batchSize, boolean all) {
        StringBuilder id = new StringBuilder("01g");
        for (int i = 0; i < 15; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Cursor c = new Cursor(id.toString(), results, batchSize, all, new long[] {System.nanoTime()});
        open.put(c.id(), c);
        while (open.size() > MAX_OPEN) {
            Iterator<String> it = open.keySet().iterator();
            it.next();
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
            open.remove(id);
            return null;
        }
        c.lastUsed()[0] = System.nanoTime();
        return c;
    }

    synchronized void close(String id) {
        open.remove(id);
    }
}
