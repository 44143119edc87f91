package io.sfsync.sync;

import io.sfsync.api.SyncResult;
import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.warehouse.Warehouse;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stage beans of every run share, made once per CamelContext: the settings, the warehouse, the run lock, the
 * progress log, the observer (metrics, health), the local disk's bookkeeping, the crash tests' checkpoints and the runs
 * in progress.
 */
public final class SyncServices {
    private static final Logger LOG = LoggerFactory.getLogger(SyncServices.class);

    private final SyncSettings settings;
    private final Warehouse warehouse;
    private final RunLock runLock;
    private final ProgressReporter progress;
    private final LocalDisk disk;
    private final Checkpoints checkpoints;
    private final RunSlots slots;
    private volatile SyncObserver observer = SyncObserver.NONE;
    /** The runs of this process in progress, by id: their files are never reclaimed. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    public SyncServices(SyncSettings settings, Warehouse warehouse) {
        this(settings, warehouse, new InJvmRunLock(), LocalDisk.Settings.defaults(), Checkpoints.none());
    }

    /** With the default run slots ({@link RunSlots.Settings#defaults()}). */
    public SyncServices(SyncSettings settings, Warehouse warehouse, RunLock runLock, LocalDisk.Settings disk,
            Checkpoints checkpoints) {
        this(settings, warehouse, runLock, disk, checkpoints, RunSlots.Settings.defaults());
    }

    /**
     * @param runLock keeps two runs of one target apart (across a cluster's nodes when it is shared)
     * @param disk the retention of kept run files and the free-space check ({@link LocalDisk})
     * @param checkpoints where the stage beans let a crash test stop a run ({@link Checkpoints#none()}: nowhere)
     * @param slots how many runs read and load at once, and their order ({@link RunSlots})
     */
    public SyncServices(SyncSettings settings, Warehouse warehouse, RunLock runLock, LocalDisk.Settings disk,
            Checkpoints checkpoints, RunSlots.Settings slots) {
        this.settings = settings;
        this.warehouse = warehouse;
        this.runLock = runLock;
        this.progress = new ProgressReporter(settings.progressInterval());
        this.disk = new LocalDisk(disk, warehouse);
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.slots = new RunSlots(slots);
    }

    public SyncSettings settings() {
        return settings;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    RunLock runLock() {
        return runLock;
    }

    ProgressReporter progress() {
        return progress;
    }

    LocalDisk disk() {
        return disk;
    }

    /** The named points of a run where a crash test may stop it; they pass straight through otherwise. */
    Checkpoints checkpoints() {
        return checkpoints;
    }

    /** The slots runs take to read and load (at most {@code sfsync.runs.max-concurrent} at once). */
    RunSlots slots() {
        return slots;
    }

    /** The ids of the runs in progress in this process. */
    Set<String> active() {
        return active;
    }

    /** Who is told what each run did (metrics, health); {@link SyncObserver#NONE} by default. */
    public void observer(SyncObserver observer) {
        this.observer = observer == null ? SyncObserver.NONE : observer;
    }

    void observe(Consumer<SyncObserver> call) {
        try {
            call.accept(observer);
        } catch (RuntimeException e) {
            LOG.warn("the sync observer failed: {}", e.toString());
        }
    }

    /** Appends the result to the history table; a failure to do so is logged, never thrown. */
    void record(SyncResult result) {
        try {
            warehouse.recordHistory(result);
        } catch (RuntimeException e) {
            LOG.warn("run {} of {} ({}) could not be recorded in the history table: {}", result.runId(),
                    result.sobject(), result.success() ? "succeeded" : "failed: " + result.error(), e.getMessage());
        }
    }

    /** The run is over: its progress log stops, its slot, its lock and its files are released. */
    void release(SyncRun run) {
        progress.stop(run.runId);
        slots.release(run.runId);
        runLock.release(run.key(), run.runId);
        active.remove(run.runId);
    }
}
