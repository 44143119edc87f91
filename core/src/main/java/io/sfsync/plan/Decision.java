package io.sfsync.plan;

import java.util.Objects;

/**
 * The planner's choice for one run.
 *
 * @param method one of the six methods
 * @param full whether the run replaces the table (always {@code method.isFull()})
 * @param reason why, in one short sentence for logs and the run's result
 */
public record Decision(SyncMethod method, boolean full, String reason) {

    public Decision {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
        if (full != method.isFull()) {
            throw new IllegalArgumentException("full=" + full + " contradicts method " + method.wireName());
        }
    }

    /** The method's wire name, for the header the decision matrix routes on. */
    public String wireName() {
        return method.wireName();
    }
}
