package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.RowResolver;
import java.time.Instant;
import java.util.Objects;

/**
 * What evaluating a query needs besides the row: the org clock for relative date literals (the org time zone is UTC)
 * and a resolver for parent relationship paths ({@code null} makes every relationship value null).
 */
public record EvalContext(Instant now, RowResolver resolver) {
    public EvalContext {
        Objects.requireNonNull(now, "now");
    }
}
