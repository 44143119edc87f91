package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.RowView;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@link Condition} node types a WHERE clause compiles to. Each is a small immutable object whose test does no
 * parsing and, apart from general LIKE patterns, no regular expressions or case conversion.
 */
final class Conditions {
    /** Above this many IN values a sorted set beats a linear scan. */
    private static final int LINEAR_IN_LIMIT = 6;

    private Conditions() {
    }

    static Condition and(List<Condition> terms) {
        return new And(terms.toArray(Condition[]::new));
    }

    static Condition or(List<Condition> terms) {
        return new Or(terms.toArray(Condition[]::new));
    }

    static Condition not(Condition term) {
        return new Not(term);
    }

    static Condition constant(boolean value) {
        return value ? Constant.TRUE : Constant.FALSE;
    }

    static Condition isNull(FieldPath path, boolean isNull) {
        return new IsNull(path, isNull);
    }

    static Condition compare(FieldPath path, Ast.Op op, Operand operand) {
        return new Compare(path, op, operand);
    }

    static Condition like(FieldPath path, LikeMatcher matcher) {
        return new Like(path, matcher);
    }

    /**
     * {@code path [NOT] IN (...)}. {@code operands} are the non-null values; {@code literals} the same values as
     * plain Java objects when none is a relative date (then a sorted set can be used), else null.
     */
    static Condition in(FieldPath path, boolean negate, boolean hasNull, ValueKind kind, List<Operand> operands,
            List<Object> literals) {
        Membership m;
        if (literals == null || literals.size() <= LINEAR_IN_LIMIT) {
            m = new Linear(operands.toArray(Operand[]::new));
        } else if (kind == ValueKind.ID) {
            m = new IdSet(literals);
        } else {
            TreeSet<Object> set = new TreeSet<>(kind::compare);
            set.addAll(literals);
            m = new Sorted(set);
        }
        return new In(path, negate, hasNull, m);
    }

    /**
     * A multi-select picklist test. {@code values} are the distinct values named in the literals; each term is the
     * bit set of the values of one literal ({@code 'A;B'}). {@code exact}: the row's values must equal a term (=, IN);
     * otherwise they must include one (INCLUDES). {@code negate} gives !=, NOT IN and EXCLUDES.
     */
    static Condition multi(FieldPath path, String[] values, long[] terms, boolean exact, boolean negate) {
        return new Multi(path, values, terms, exact, negate);
    }

    private static final class And implements Condition {
        private final Condition[] terms;

        And(Condition[] terms) {
            this.terms = terms;
        }

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            for (Condition c : terms) {
                if (!c.test(row, ctx)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Or implements Condition {
        private final Condition[] terms;

        Or(Condition[] terms) {
            this.terms = terms;
        }

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            for (Condition c : terms) {
                if (c.test(row, ctx)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Not implements Condition {
        private final Condition term;

        Not(Condition term) {
            this.term = term;
        }

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            return !term.test(row, ctx);
        }
    }

    private enum Constant implements Condition {
        TRUE, FALSE;

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            return this == TRUE;
        }
    }

    private static final class IsNull implements Condition {
        private final FieldPath path;
        private final boolean isNull;

        IsNull(FieldPath path, boolean isNull) {
            this.path = path;
            this.isNull = isNull;
        }

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            return (path.value(row, ctx) == null) == isNull;
        }
    }

    /** A comparison with one non-null literal; a null value satisfies only {@code !=}, as in SOQL. */
    private static final class Compare implements Condition {
        private final FieldPath path;
        private final Ast.Op op;
        private final Operand operand;

        Compare(FieldPath path, Ast.Op op, Operand operand) {
            this.path = path;
            this.op = op;
            this.operand = operand;
        }

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            Object v = path.value(row, ctx);
            if (v == null) {
                return op == Ast.Op.NE;
            }
            switch (op) {
                case EQ:
                    return operand.matches(v, ctx);
                case NE:
                    return !operand.matches(v, ctx);
                case LT:
                    return operand.compare(v, ctx) < 0;
                case LE:
                    return operand.compare(v, ctx) <= 0;
                case GT:
                    return operand.compare(v, ctx) > 0;
                case GE:
                    return operand.compare(v, ctx) >= 0;
                default:
                    throw new IllegalStateException(op.symbol);
            }
        }
    }

    private static final class Like implements Condition {
        private final FieldPath path;
        private final LikeMatcher matcher;

        Like(FieldPath path, LikeMatcher matcher) {
            this.path = path;
            this.matcher = matcher;
        }

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            Object v = path.value(row, ctx);
            return v != null && matcher.matches(ValueKind.text(v));
        }
    }

    /** IN / NOT IN: a null value is in the list only when the list names null. */
    private static final class In implements Condition {
        private final FieldPath path;
        private final boolean negate;
        private final boolean hasNull;
        private final Membership members;

        In(FieldPath path, boolean negate, boolean hasNull, Membership members) {
            this.path = path;
            this.negate = negate;
            this.hasNull = hasNull;
            this.members = members;
        }

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            Object v = path.value(row, ctx);
            boolean in = v == null ? hasNull : members.contains(v, ctx);
            return in != negate;
        }
    }

    /** Whether a non-null value is one of the IN values. */
    private interface Membership {
        boolean contains(Object value, EvalContext ctx);
    }

    private static final class Linear implements Membership {
        private final Operand[] operands;

        Linear(Operand[] operands) {
            this.operands = operands;
        }

        @Override
        public boolean contains(Object value, EvalContext ctx) {
            for (Operand o : operands) {
                if (o.matches(value, ctx)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Sorted implements Membership {
        private final TreeSet<Object> values;

        Sorted(TreeSet<Object> values) {
            this.values = values;
        }

        @Override
        public boolean contains(Object value, EvalContext ctx) {
            return values.contains(value);
        }
    }

    /** Ids: 18-character literals match ignoring case, 15-character ones match the first 15 characters exactly. */
    private static final class IdSet implements Membership {
        private static final Comparator<String> FIRST_15 = (a, b) -> {
            int n = Math.min(15, Math.min(a.length(), b.length()));
            for (int i = 0; i < n; i++) {
                int d = a.charAt(i) - b.charAt(i);
                if (d != 0) {
                    return d;
                }
            }
            return Math.min(a.length(), 15) - Math.min(b.length(), 15);
        };

        private final TreeSet<String> full = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        private final TreeSet<String> short15 = new TreeSet<>(FIRST_15);

        IdSet(List<Object> literals) {
            for (Object o : literals) {
                String s = (String) o;
                if (s.length() == 15) {
                    short15.add(s);
                } else {
                    full.add(s);
                }
            }
        }

        @Override
        public boolean contains(Object value, EvalContext ctx) {
            String v = ValueKind.text(value);
            return full.contains(v) || (!short15.isEmpty() && (v.length() == 15 || v.length() == 18)
                    && short15.contains(v));
        }
    }

    private static final class Multi implements Condition {
        private final FieldPath path;
        private final String[] values;
        private final long[] terms;
        private final boolean exact;
        private final boolean negate;

        Multi(FieldPath path, String[] values, long[] terms, boolean exact, boolean negate) {
            this.path = path;
            this.values = values;
            this.terms = terms;
            this.exact = exact;
            this.negate = negate;
        }

        @Override
        public boolean test(RowView row, EvalContext ctx) {
            Object v = path.value(row, ctx);
            if (v == null) {
                return negate;
            }
            String s = ValueKind.text(v);
            long mask = 0;
            boolean unknown = false;
            int start = 0;
            int len = s.length();
            while (start < len) {
                int end = s.indexOf(';', start);
                if (end < 0) {
                    end = len;
                }
                if (end > start) {
                    int idx = indexOf(s, start, end);
                    if (idx < 0) {
                        unknown = true;
                    } else {
                        mask |= 1L << idx;
                    }
                }
                start = end + 1;
            }
            boolean hit = false;
            for (long t : terms) {
                if (exact ? !unknown && mask == t : (mask & t) == t) {
                    hit = true;
                    break;
                }
            }
            return hit != negate;
        }

        private int indexOf(String s, int start, int end) {
            int n = end - start;
            for (int i = 0; i < values.length; i++) {
                if (values[i].length() == n && s.regionMatches(true, start, values[i], 0, n)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
