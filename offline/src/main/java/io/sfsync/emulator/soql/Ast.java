package io.sfsync.emulator.soql;

import java.util.List;

/** Syntax tree of a SOQL statement as written, before it is checked against a schema. */
final class Ast {
    private Ast() {
    }

    /** A dotted field path as written, e.g. {@code owner.NAME}; {@code offset} is where it starts. */
    record Path(List<String> segments, int offset) {
        String text() {
            return String.join(".", segments);
        }
    }

    /** One element of the SELECT list. */
    sealed interface SelectItem permits FieldItem, CountItem {
    }

    /** A plain field or relationship path in the SELECT list. */
    record FieldItem(Path path) implements SelectItem {
    }

    /** {@code COUNT()} (argument null) or {@code COUNT(field) [alias]}. */
    record CountItem(Path argument, String alias, int offset) implements SelectItem {
    }

    /** Comparison operators; {@code symbol} is how error messages name them. */
    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("IN"), NOT_IN("NOT IN"), LIKE("LIKE"),
        NOT_LIKE("NOT LIKE"), INCLUDES("INCLUDES"), EXCLUDES("EXCLUDES");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op ofSymbol(String s) {
            switch (s) {
                case "=":
                    return EQ;
                case "!=":
                case "<>":
                    return NE;
                case "<":
                    return LT;
                case "<=":
                    return LE;
                case ">":
                    return GT;
                case ">=":
                    return GE;
                default:
                    throw new IllegalArgumentException(s);
            }
        }
    }

    /** Literal classes; RELATIVE is a date literal such as TODAY or LAST_N_DAYS:n. */
    enum LiteralKind {
        STRING, NUMBER, BOOLEAN, NULL, DATE, DATETIME, TIME, RELATIVE
    }

    /** A literal value: {@code token} is its (first) token, {@code n} the argument of an N-type date literal. */
    record Literal(LiteralKind kind, Token token, int n) {
    }

    /** A WHERE condition. */
    sealed interface Cond permits And, Or, Not, Predicate {
    }

    /** Terms joined by AND. */
    record And(List<Cond> terms) implements Cond {
    }

    /** Terms joined by OR. */
    record Or(List<Cond> terms) implements Cond {
    }

    /** NOT term. */
    record Not(Cond term) implements Cond {
    }

    /** {@code path op value} or {@code path op (value, ...)}. */
    record Predicate(Path path, Op op, List<Literal> values, int opOffset) implements Cond {
    }

    /** One ORDER BY item; {@code nullsFirst} is null when not written. */
    record Order(Path path, boolean descending, Boolean nullsFirst) {
    }

    /** The whole statement; {@code limit} is -1 and {@code offset} 0 when absent. */
    record Statement(List<SelectItem> select, Token from, String alias, Cond where, List<Order> orderBy, int limit,
            int offset) {
    }
}
