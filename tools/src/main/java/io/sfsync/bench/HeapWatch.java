package io.sfsync.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap figures of a measured JVM. The peak is the whole heap in use at its highest: the heap grows between
 * collections and drops at each, so its highest points are the moments a collection starts (and the end of the
 * measured work, if none followed). Summing each pool's own peak would overstate it, since the pools peak at
 * different moments. The largest heap left after a collection is the live set the case really needed, which decides
 * whether it fits a smaller heap.
 */
final class HeapWatch {
    private final Set<String> heapPools = new HashSet<>();
    private final AtomicLong maxLiveAfterGc = new AtomicLong();
    private final AtomicLong maxBeforeGc = new AtomicLong();

    private HeapWatch() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
    }

    /** Starts listening to the JVM's collections. */
    static HeapWatch start() {
        HeapWatch w = new HeapWatch();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> w.collected(n), null, null);
            }
        }
        return w;
    }

    private void collected(Notification n) {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        maxBeforeGc.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc()), Math::max);
        maxLiveAfterGc.accumulateAndGet(heapUsed(info.getMemoryUsageAfterGc()), Math::max);
    }

    private long heapUsed(Map<String, MemoryUsage> byPool) {
        long sum = 0;
        for (var e : byPool.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }

    /** The most heap in use at once: when a collection started, or now, whichever is higher. */
    long peakBytes() {
        return Math.max(maxBeforeGc.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** The most heap any collection left in use (0 when none ran). */
    long maxLiveBytes() {
        return maxLiveAfterGc.get();
    }
}
