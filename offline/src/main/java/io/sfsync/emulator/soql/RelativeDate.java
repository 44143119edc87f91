package io.sfsync.emulator.soql;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;

/**
 * A relative date literal (TODAY, LAST_N_DAYS:7, THIS_MONTH, ...) as an inclusive range of days, resolved against the
 * org clock in UTC. Weeks start on Sunday, as in the default (en_US) locale.
 */
final class RelativeDate {
    private static final Set<String> FIXED = Set.of("TODAY", "YESTERDAY", "TOMORROW", "THIS_WEEK", "LAST_WEEK",
            "NEXT_WEEK", "THIS_MONTH", "LAST_MONTH", "NEXT_MONTH", "THIS_YEAR", "LAST_YEAR", "NEXT_YEAR",
            "LAST_90_DAYS", "NEXT_90_DAYS");
    private static final Set<String> WITH_ARGUMENT = Set.of("LAST_N_DAYS", "NEXT_N_DAYS", "N_DAYS_AGO");

    private final String keyword;
    private final int n;

    RelativeDate(String keyword, int n) {
        this.keyword = keyword;
        this.n = n;
    }

    static boolean isFixed(String upperWord) {
        return FIXED.contains(upperWord);
    }

    static boolean takesArgument(String upperWord) {
        return WITH_ARGUMENT.contains(upperWord);
    }

    /** LAST_N_DAYS ranges end at the current instant rather than at the end of today. */
    boolean endsNow() {
        return keyword.equals("LAST_N_DAYS") || keyword.equals("LAST_90_DAYS");
    }

    /** First and last day of the range, both inclusive. */
    LocalDate[] days(LocalDate today) {
        switch (keyword) {
            case "TODAY":
                return range(today, today);
            case "YESTERDAY":
                return range(today.minusDays(1), today.minusDays(1));
            case "TOMORROW":
                return range(today.plusDays(1), today.plusDays(1));
            case "LAST_N_DAYS":
                return range(today.minusDays(n), today);
            case "LAST_90_DAYS":
                return range(today.minusDays(90), today);
            case "NEXT_N_DAYS":
                return range(today.plusDays(1), today.plusDays(n));
            case "NEXT_90_DAYS":
                return range(today.plusDays(1), today.plusDays(90));
            case "N_DAYS_AGO":
                return range(today.minusDays(n), today.minusDays(n));
            case "THIS_WEEK":
                return week(today);
            case "LAST_WEEK":
                return week(today.minusWeeks(1));
            case "NEXT_WEEK":
                return week(today.plusWeeks(1));
            case "THIS_MONTH":
                return month(today);
            case "LAST_MONTH":
                return month(today.minusMonths(1));
            case "NEXT_MONTH":
                return month(today.plusMonths(1));
            case "THIS_YEAR":
                return year(today);
            case "LAST_YEAR":
                return year(today.minusYears(1));
            case "NEXT_YEAR":
                return year(today.plusYears(1));
            default:
                throw new IllegalStateException(keyword);
        }
    }

    private static LocalDate[] range(LocalDate first, LocalDate last) {
        return new LocalDate[] {first, last};
    }

    private static LocalDate[] week(LocalDate day) {
        LocalDate start = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        return range(start, start.plusDays(6));
    }

    private static LocalDate[] month(LocalDate day) {
        return range(day.withDayOfMonth(1), day.with(TemporalAdjusters.lastDayOfMonth()));
    }

    private static LocalDate[] year(LocalDate day) {
        return range(day.withDayOfYear(1), day.with(TemporalAdjusters.lastDayOfYear()));
    }

    @Override
    public String toString() {
        return WITH_ARGUMENT.contains(keyword) ? keyword + ":" + n : keyword;
    }
}
