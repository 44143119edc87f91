package io.sfsync.emulator.soql;

/** The literal side of a comparison, compiled once for the field's value kind. */
interface Operand {
    /** Negative, zero or positive as the (non-null) row value is below, at or above the literal. */
    int compare(Object value, EvalContext ctx);

    /** Whether the (non-null) row value equals the literal in the sense of SOQL {@code =}. */
    default boolean matches(Object value, EvalContext ctx) {
        return compare(value, ctx) == 0;
    }
}
