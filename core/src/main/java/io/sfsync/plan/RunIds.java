package io.sfsync.plan;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Run ids such as {@code 20240115103000-3fa9c2}: the start second in UTC, so ids sort by time and name stage files
 * readably, and 24 random bits, so two runs started in the same second do not collide.
 */
public final class RunIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RunIds() {
    }

    /** A new run id for a run starting now. */
    public static String next() {
        return next(Clock.systemUTC());
    }

    /** A new run id for a run starting at the clock's current instant. */
    public static String next(Clock clock) {
        return of(clock.instant(), RANDOM.nextInt(1 << 24));
    }

    /** The run id for this start time and suffix (the low 24 bits, as 6 hex digits). */
    public static String of(Instant start, int suffix) {
        StringBuilder b = new StringBuilder(21).append(STAMP.format(start)).append('-');
        for (int shift = 20; shift >= 0; shift -= 4) {
            b.append(HEX[(suffix >>> shift) & 0xF]);
        }
        return b.toString();
    }

    /** Whether text has the shape of a run id (validates ids coming back from headers or stage file names). */
    public static boolean isRunId(String text) {
        if (text == null || text.length() != 21 || text.charAt(14) != '-') {
            return false;
        }
        for (int i = 0; i < 21; i++) {
            char c = text.charAt(i);
            boolean ok = i < 14 ? c >= '0' && c <= '9'
                    : i == 14 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
