package io.sfsync.observe;

import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.WarehouseException;

import java.time.Clock;
import java.time.Duration;

/**
 * Readiness: whether the warehouse answers a trivial query ({@link Warehouse#ping()}) on one of its sessions, at most
 * once per {@code sfsync.health.warehouse-check-seconds}.
 */
public final class WarehouseCheck extends CachedCheck {
    private final Warehouse warehouse;

    public WarehouseCheck(Warehouse warehouse, Duration period, Clock clock) {
        super("sfsync-warehouse", period, clock);
        this.warehouse = warehouse;
    }

    @Override
    protected String probe() {
        try {
            warehouse.ping();
            return null;
        } catch (WarehouseException e) {
            return "the " + warehouse.dialect().name() + " warehouse does not answer: " + e.detail();
        } catch (RuntimeException e) {
            return "the " + warehouse.dialect().name() + " warehouse does not answer: " + e.getMessage();
        }
    }
}
