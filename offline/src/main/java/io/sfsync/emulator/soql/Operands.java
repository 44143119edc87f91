package io.sfsync.emulator.soql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Factories of the {@link Operand} implementations, one per comparison flavour. */
final class Operands {
    private Operands() {
    }

    static Operand text(String literal) {
        return new TextOperand(literal);
    }

    static Operand id(String literal) {
        return new IdOperand(literal);
    }

    static Operand fixed(ValueKind kind, Object literal) {
        return new FixedOperand(kind, literal);
    }

    static Operand relative(RelativeDate date, boolean dateTimeField) {
        return new RelativeOperand(date, dateTimeField);
    }

    /** Case-insensitive string comparison. */
    private static final class TextOperand implements Operand {
        private final String literal;

        TextOperand(String literal) {
            this.literal = literal;
        }

        @Override
        public int compare(Object value, EvalContext ctx) {
            return String.CASE_INSENSITIVE_ORDER.compare(ValueKind.text(value), literal);
        }

        @Override
        public boolean matches(Object value, EvalContext ctx) {
            return ValueKind.text(value).equalsIgnoreCase(literal);
        }
    }

    /** Ids: a 15-character literal matches its 18-character Id case-sensitively; 18 against 18 ignores case. */
    private static final class IdOperand implements Operand {
        private final String literal;

        IdOperand(String literal) {
            this.literal = literal;
        }

        @Override
        public int compare(Object value, EvalContext ctx) {
            return ValueKind.compareIds(ValueKind.text(value), literal);
        }

        @Override
        public boolean matches(Object value, EvalContext ctx) {
            String v = ValueKind.text(value);
            if (literal.length() == 15) {
                return (v.length() == 15 || v.length() == 18) && v.regionMatches(0, literal, 0, 15);
            }
            return v.equalsIgnoreCase(literal);
        }
    }

    /** Comparison with a literal already converted to the field's Java type. */
    private static final class FixedOperand implements Operand {
        private final ValueKind kind;
        private final Object literal;

        FixedOperand(ValueKind kind, Object literal) {
            this.kind = kind;
            this.literal = literal;
        }

        @Override
        public int compare(Object value, EvalContext ctx) {
            return kind.compare(value, literal);
        }
    }

    /**
     * A relative date literal: zero inside its range, negative before it, positive after it. The range depends on the
     * clock, so it is resolved per {@link EvalContext#now()} and kept until the clock changes.
     */
    private static final class RelativeOperand implements Operand {
        private final RelativeDate date;
        private final boolean dateTimeField;
        private volatile Bounds bounds;

        RelativeOperand(RelativeDate date, boolean dateTimeField) {
            this.date = date;
            this.dateTimeField = dateTimeField;
        }

        @Override
        public int compare(Object value, EvalContext ctx) {
            Bounds b = bounds(ctx.now());
            if (dateTimeField) {
                Instant v = (Instant) value;
                return v.isBefore(b.from) ? -1 : v.isBefore(b.untilExclusive) ? 0 : 1;
            }
            LocalDate v = (LocalDate) value;
            return v.isBefore(b.firstDay) ? -1 : v.isAfter(b.lastDay) ? 1 : 0;
        }

        private Bounds bounds(Instant now) {
            Bounds b = bounds;
            if (b == null || !b.now.equals(now)) {
                LocalDate[] days = date.days(LocalDate.ofInstant(now, ZoneOffset.UTC));
                Instant until = date.endsNow() ? now.plusNanos(1)
                        : days[1].plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                b = new Bounds(now, days[0], days[1], days[0].atStartOfDay(ZoneOffset.UTC).toInstant(), until);
                bounds = b;
            }
            return b;
        }

        @Override
        public String toString() {
            return date.toString();
        }
    }

    /** A relative date range resolved for one clock reading. */
    private record Bounds(Instant now, LocalDate firstDay, LocalDate lastDay, Instant from, Instant untilExclusive) {
    }
}
