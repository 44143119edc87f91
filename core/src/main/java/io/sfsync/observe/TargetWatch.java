package io.sfsync.observe;

import io.sfsync.warehouse.SyncState;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each target stands for health and metrics: its last successful sync and its watermark, as this process saw
 * its runs end, and as the warehouse's state table says (read once per target, and again on request, so a target
 * another process syncs is seen too) without querying the warehouse on every scrape.
 */
public final class TargetWatch {
    private static final Logger LOG = LoggerFactory.getLogger(TargetWatch.class);

    /** A target's last successful sync and watermark; either may be null (unknown). */
    public record Standing(Instant lastSuccess, Instant watermark) {
        static final Standing UNKNOWN = new Standing(null, null);

        Standing newer(Standing other) {
            return new Standing(max(lastSuccess, other.lastSuccess), max(watermark, other.watermark));
        }

        private static Instant max(Instant a, Instant b) {
            return a == null ? b : b == null || a.isAfter(b) ? a : b;
        }
    }

    private final Warehouse warehouse;
    private final Map<String, Standing> standings = new ConcurrentHashMap<>();
    private final Map<String, Long> refreshed = new ConcurrentHashMap<>();

    public TargetWatch(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Targets match case-insensitively, as the run lock matches them (a stanza's table spelt in another case). */
    private static String key(String target) {
        return target.toUpperCase(java.util.Locale.ROOT);
    }

    /** A run of the target succeeded now and left it at {@code watermark} (null: unknown). */
    public void succeeded(String target, Instant at, Instant watermark) {
        standings.merge(key(target), new Standing(at, watermark), Standing::newer);
    }

    /** What is known of the target; the first call for a target also reads the warehouse's state table. */
    public Standing standing(TableRef target) {
        Standing known = standings.get(key(target.toString()));
        return known != null ? known : refresh(target);
    }

    /**
     * Reads the target's row of the warehouse's state table again, unless it was read less than {@code minGap} ago,
     * and keeps the newer of it and what was known.
     */
    public Standing refresh(TableRef target, Duration minGap) {
        long now = System.nanoTime();
        Long last = refreshed.get(key(target.toString()));
        if (last != null && now - last < minGap.toNanos()) {
            return standings.getOrDefault(key(target.toString()), Standing.UNKNOWN);
        }
        return refresh(target);
    }

    /** Reads the target's row of the warehouse's state table again and keeps the newer of it and what was known. */
    public Standing refresh(TableRef target) {
        refreshed.put(key(target.toString()), System.nanoTime());
        Standing read = Standing.UNKNOWN;
        try {
            Optional<SyncState> state = warehouse.syncState(target);
            if (state.isPresent()) {
                read = new Standing(state.get().lastSuccess(), state.get().watermark());
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot read the sync state of {}: {}", target, e.getMessage());
        }
        return standings.merge(key(target.toString()), read, Standing::newer);
    }
}
