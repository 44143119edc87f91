package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.RowResolver;
import java.time.Instant;
import java.util.Objects;

/** Org clock (UTC org time zone) for date literals, and resolver for parent paths (null: parents read as null). */
public record EvalContext(Instant now, RowResolver resolver) {
    public EvalContext {
        Objects.requireNonNull(now, "now");
    }
}
