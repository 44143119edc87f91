package io.sfsync.sync;

import static io.sfsync.sync.ModelOp.addField;
import static io.sfsync.sync.ModelOp.advanceClock;
import static io.sfsync.sync.ModelOp.create;
import static io.sfsync.sync.ModelOp.delete;
import static io.sfsync.sync.ModelOp.forceFullSync;
import static io.sfsync.sync.ModelOp.hardDelete;
import static io.sfsync.sync.ModelOp.rows;
import static io.sfsync.sync.ModelOp.sync;
import static io.sfsync.sync.ModelOp.touch;
import static io.sfsync.sync.ModelOp.undelete;
import static io.sfsync.sync.ModelOp.update;
import static io.sfsync.sync.ModelSequences.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sfsync.api.DeleteMode;
import io.sfsync.api.IntelligentSync;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.plan.SyncMethod;
import io.sfsync.sync.ModelSequences.Sequence;
import io.sfsync.sync.SequenceRun.ModelFailure;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model-based randomized test: random sequences of creates, updates, system touches, deletes, undeletes, hard
 * deletes, added fields, clock moves and syncs with random thresholds (so that all six methods run), each on a fresh
 * custom object and a fresh table, with the table checked against the org after every sync ({@link SequenceRun}).
 * A failing sequence is shrunk (ops dropped in chunks, then one by one, then made smaller) and reported with the
 * seed and the shortest failing sequence as Java, ready to paste into {@link #shouldPassRecordedSequences()}.
 *
 * <p>One subclass per warehouse: {@link ModelBasedSyncIT} (DuckDB, 200 sequences by default) and
 * {@link SnowflakeModelBasedSyncIT} (the offline Snowflake through its driver, 50). {@code -Dsfsync.model.sequences=N}
 * and {@code -Dsfsync.model.seed=S} change the run; {@code -Dsfsync.model.only=I} runs only sequence I of the seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ModelBasedSync {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBasedSync.class);
    static final long DEFAULT_SEED = 20_261_127L;
    /** Whether sequences also run with delete mode HARD and with Id reconciliation (else SOFT without). */
    static final boolean HARD_MODE_AND_RECONCILIATION = true;
    /** A short overlap window, so that a few seconds on the clock take records out of an incremental run's reach. */
    private static final long OVERLAP_SECONDS = 2;
    private static final int SHRINK_RUNS = 400;
    private static final Duration SHRINK_TIME = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    private SalesforceEmulator emulator;
    private RunningSfsync sfsync;
    private IntelligentSync sync;
    private Warehouse warehouse;
    private static final AtomicInteger OBJECTS = new AtomicInteger();

    /** Sequences run when {@code -Dsfsync.model.sequences} is not given. */
    protected abstract int defaultSequences();

    /** Points sfsync at the warehouse under test (starting it when it is a server). */
    protected abstract void configureWarehouse(SfsyncRuntime runtime, Path dir) throws Exception;

    /** Stops what {@link #configureWarehouse} started. */
    protected void stopWarehouse() throws Exception {
    }

    @BeforeAll
    void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder()
                .clock(Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC))
                .volume("Account", 50).volume("Contact", 0).volume("Opportunity", 0).volume("Kitchen_Sink__c", 0)
                .bulkTiming(Duration.ZERO, Duration.ZERO).dailyApiRequests(1_000_000_000L)
                .dailyBulkQueryJobs(1_000_000_000L).build());
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.bulk.poll-initial-ms", "1")
                .set("sfsync.bulk.poll-max-ms", "20")
                .set("sfsync.bulk.max-records", "700")
                .set("sfsync.rest.batch-size", "400")
                .set("sfsync.batch-rows", "500")
                .set("sfsync.overlap-seconds", Long.toString(OVERLAP_SECONDS));
        configureWarehouse(runtime, dir);
        sfsync = new RunningSfsync(runtime);
        sync = sfsync.sync();
        warehouse = sfsync.warehouse();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (sfsync != null) {
                sfsync.close();
            }
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            stopWarehouse();
        }
    }

    private static ModelSequences.Options options() {
        return HARD_MODE_AND_RECONCILIATION
                ? new ModelSequences.Options(true, List.of(DeleteMode.SOFT, DeleteMode.HARD),
                        List.of(false, false, true), OVERLAP_SECONDS)
                : new ModelSequences.Options(true, List.of(DeleteMode.SOFT), List.of(false), OVERLAP_SECONDS);
    }

    @Test
    void shouldKeepEveryTableEqualToTheOrgThroughRandomSequencesOfChangesAndSyncs() throws Exception {
        long seed = Long.getLong("sfsync.model.seed", DEFAULT_SEED);
        int count = Integer.getInteger("sfsync.model.sequences", defaultSequences());
        Integer only = Integer.getInteger("sfsync.model.only");
        LOG.info("model-based sync test: {} sequences, seed {}", count, seed);
        Map<String, Integer> methods = new ConcurrentHashMap<>();
        SequenceRun.Env env = new SequenceRun.Env(emulator, sync, warehouse, methods);
        Random master = new Random(seed);
        long started = System.nanoTime();
        int ops = 0;
        Map<String, Integer> modes = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            Sequence s = ModelSequences.generate(new Random(master.nextLong()), options());
            if (only != null && only != i) {
                continue;
            }
            ops += s.ops().size();
            modes.merge(s.deleteMode() + (s.reconcileIds() ? "+reconcile" : ""), 1, Integer::sum);
            Failure failure = run(env, s);
            if (failure != null) {
                fail(report(seed, i, count, s, failure));
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        LOG.info("model-based sync test: {} sequences {}, {} ops, {} syncs in {} s; methods {}", count, modes, ops,
                methods.values().stream().mapToInt(Integer::intValue).sum(), seconds, new TreeMap<>(methods));
        if (only == null) {
            assertThat(methods.keySet()).as("methods run over " + count + " sequences (seed " + seed + ")")
                    .containsAll(Arrays.stream(SyncMethod.values()).map(SyncMethod::wireName).toList());
        }
    }

    /** Sequences that once failed (or that show the format); each must pass. */
    @Test
    void shouldPassRecordedSequences() throws Exception {
        List<Sequence> recorded = List.of(
                sequence(DeleteMode.SOFT, false,
                        create(40, 1L),
                        sync(1000, 50_000),
                        advanceClock(1500),
                        update(rows(1, 2), "Text__c", "x, \"y\"\nz", "Qty__c", null),
                        touch(rows(3)),
                        delete(rows(4, 5)),
                        addField("Added_1__c", "date"),
                        sync(0, 100),
                        update(rows(7), "Added_1__c", "2024-02-29"),
                        undelete(rows(4)),
                        hardDelete(rows(6, 5)),
                        advanceClock(1000),
                        sync(0, 0),
                        forceFullSync(0, 0)));
        SequenceRun.Env env = new SequenceRun.Env(emulator, sync, warehouse, new ConcurrentHashMap<>());
        for (Sequence s : recorded) {
            Failure failure = run(env, s);
            assertThat(failure).as(() -> s + "\n" + failure).isNull();
        }
    }

    /** Where and how a sequence failed. */
    record Failure(int op, String kind, String message) {
        @Override
        public String toString() {
            return "op " + (op + 1) + ": " + message;
        }
    }

    /** Runs a sequence on a fresh object and table; null when every check passed. */
    private static Failure run(SequenceRun.Env env, Sequence s) throws Exception {
        try (SequenceRun run = new SequenceRun(env, OBJECTS.incrementAndGet(), s.deleteMode(), s.reconcileIds())) {
            for (int i = 0; i < s.ops().size(); i++) {
                try {
                    s.ops().get(i).apply(run);
                } catch (ModelFailure f) {
                    return new Failure(i, f.kind, f.getMessage());
                } catch (Exception | AssertionError e) {
                    return new Failure(i, e.getClass().getName(), e.toString());
                }
            }
            return null;
        }
    }

    private String report(long seed, int index, int count, Sequence original, Failure failure)
            throws Exception {
        LOG.info("sequence {} failed ({}); shrinking", index, failure.kind());
        Shrinker shrinker = new Shrinker(new SequenceRun.Env(emulator, sync, warehouse, new ConcurrentHashMap<>()));
        Shrinker.Result shortest = shrinker.shrink(original, failure);
        return "model-based sync test failed: seed " + seed + " (-Dsfsync.model.seed=" + seed
                + " -Dsfsync.model.only=" + index + "), sequence " + index + " of " + count + ", "
                + original.ops().size() + " ops long.\n"
                + "It failed at " + failure + "\n\n"
                + "Shortest failing sequence found (" + shortest.sequence().ops().size() + " ops, " + shortest.runs()
                + " shrinking runs):\n" + shortest.sequence() + "\n\nwhich fails at " + shortest.failure() + "\n";
    }

    /**
     * Delta debugging: drops chunks of ops (halves, quarters, ... single ops) while the sequence still fails the same
     * way, then makes single ops smaller (fewer records, fewer rows, fewer fields), and repeats until nothing
     * changes or the budget is spent. Every try runs on a fresh object and table.
     */
    static final class Shrinker {
        record Result(Sequence sequence, Failure failure, int runs) {
        }

        private final SequenceRun.Env env;
        private final long deadline = System.nanoTime() + SHRINK_TIME.toNanos();
        private int runs;

        Shrinker(SequenceRun.Env env) {
            this.env = env;
        }

        private boolean budget() {
            return runs < SHRINK_RUNS && System.nanoTime() < deadline;
        }

        /** The failure of the candidate when it fails like the original did; else null. */
        private Failure same(Sequence candidate, String kind) throws Exception {
            runs++;
            Failure f = run(env, candidate);
            return f != null && f.kind().equals(kind) ? f : null;
        }

        Result shrink(Sequence original, Failure failure) throws Exception {
            Sequence best = original.withOps(original.ops().subList(0, failure.op() + 1));
            Failure bestFailure = failure;
            boolean changed = true;
            while (changed && budget()) {
                changed = false;
                for (int chunk = Math.max(1, best.ops().size() / 2); chunk >= 1 && budget(); chunk /= 2) {
                    for (int start = 0; start < best.ops().size() && best.ops().size() > 1 && budget();) {
                        List<ModelOp> ops = new ArrayList<>(best.ops());
                        ops.subList(start, Math.min(ops.size(), start + chunk)).clear();
                        Failure f = ops.isEmpty() ? null : same(best.withOps(ops), failure.kind());
                        if (f != null) {
                            best = best.withOps(ops.subList(0, f.op() + 1));
                            bestFailure = f;
                            changed = true;
                        } else {
                            start += chunk;
                        }
                    }
                }
                for (int i = 0; i < best.ops().size() && budget(); i++) {
                    ModelOp smaller = best.ops().get(i).smaller();
                    while (smaller != null && budget()) {
                        List<ModelOp> ops = new ArrayList<>(best.ops());
                        ops.set(i, smaller);
                        Failure f = same(best.withOps(ops), failure.kind());
                        if (f == null) {
                            break;
                        }
                        best = best.withOps(ops.subList(0, f.op() + 1));
                        bestFailure = f;
                        changed = true;
                        smaller = i < best.ops().size() ? best.ops().get(i).smaller() : null;
                    }
                }
            }
            return new Result(best, bestFailure, runs);
        }
    }
}
