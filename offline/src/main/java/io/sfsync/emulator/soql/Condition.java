package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.RowView;

/** A compiled WHERE condition, evaluated once per candidate row. */
interface Condition {
    boolean test(RowView row, EvalContext ctx);
}
