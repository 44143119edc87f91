package io.sfsync.observe;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.quartz.CronExpression;

/** The interval of a Quartz cron schedule: the distance between its consecutive fire times. */
public final class CronIntervals {
    /** Fire times looked at: enough to see a weekend in a weekday schedule's gaps. */
    private static final int FIRES = 16;

    private CronIntervals() {
    }

    /**
     * The longest distance between consecutive fire times among the first few after {@code from} (for a regular
     * schedule simply its period; for one that pauses, such as weekdays only, the pause counts).
     *
     * @throws IllegalArgumentException when the expression is not a Quartz cron expression or never fires twice
     */
    public static Duration interval(String cron, Instant from) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a Quartz cron expression: " + e.getMessage(), e);
        }
        Date previous = expression.getNextValidTimeAfter(Date.from(from));
        Duration longest = Duration.ZERO;
        for (int i = 0; i < FIRES && previous != null; i++) {
            Date next = expression.getNextValidTimeAfter(previous);
            if (next == null) {
                break;
            }
            Duration gap = Duration.ofMillis(next.getTime() - previous.getTime());
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            previous = next;
        }
        if (longest.isZero()) {
            throw new IllegalArgumentException("the cron expression '" + cron + "' does not fire twice after " + from);
        }
        return longest;
    }
}
