package io.sfsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class RunSlotsTest {
    private static final long LARGE = 100_000;

    /** Starts a run asking for a slot on its own thread; completes when it holds one (or gave up: null). */
    private static CompletableFuture<Duration> ask(RunSlots slots, String runId, long estimated, List<String> order,
            AtomicBoolean stopping) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Duration waited = slots.acquire(runId, estimated, stopping::get);
                if (waited != null) {
                    order.add(runId);
                }
                return waited;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits (bounded) until {@code n} runs wait for a slot: the condition, not a guess of how long it takes. */
    private static void awaitWaiting(RunSlots slots, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slots.waitingRuns() != n) {
            assertTrue(System.nanoTime() < deadline, "expected " + n + " waiting runs, have " + slots.waitingRuns());
            Thread.onSpinWait();
            Thread.sleep(1);
        }
    }

    @Test
    void atMostMaxConcurrentRunsHoldASlotAndTheRestStartInTheOrderTheyAsked() throws Exception {
        RunSlots slots = new RunSlots(new RunSlots.Settings(2, LARGE));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stopping = new AtomicBoolean();
        assertNotNull(slots.acquire("a", 10, stopping::get));
        assertNotNull(slots.acquire("b", 10, stopping::get));
        assertEquals(2, slots.running());
        CompletableFuture<Duration> c = ask(slots, "c", 10, order, stopping);
        awaitWaiting(slots, 1);
        CompletableFuture<Duration> d = ask(slots, "d", 10, order, stopping);
        awaitWaiting(slots, 2);
        assertEquals(2, slots.running(), "no third run may start while two hold slots");

        slots.release("a");
        c.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("c"), order, "the first to ask is the first to go");
        assertEquals(1, slots.waitingRuns());
        slots.release("b");
        d.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("c", "d"), order);
        assertEquals(2, slots.running());
    }

    @Test
    void largeRunsNeverHoldTheLastSlotSoSmallRunsPassThem() throws Exception {
        RunSlots slots = new RunSlots(new RunSlots.Settings(3, LARGE));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stopping = new AtomicBoolean();
        assertNotNull(slots.acquire("big-1", 2_000_000, stopping::get));
        assertNotNull(slots.acquire("big-2", 500_000, stopping::get));
        // A third large run waits although a slot is free: it is the last one.
        CompletableFuture<Duration> big3 = ask(slots, "big-3", LARGE, order, stopping);
        awaitWaiting(slots, 1);
        // A small run that asked later takes that slot at once.
        Duration small = slots.acquire("small", LARGE - 1, stopping::get);
        assertNotNull(small);
        assertEquals(3, slots.running());
        assertEquals(1, slots.waitingRuns(), "big-3 still waits");

        slots.release("small");
        // The free slot is still the last one: big-3 keeps waiting while two large runs hold slots.
        assertEquals(1, slots.waitingRuns());
        slots.release("big-1");
        big3.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("big-3"), order);
    }

    @Test
    void aWaitingRunGivesUpItsPlaceWhenSfsyncStops() throws Exception {
        RunSlots slots = new RunSlots(new RunSlots.Settings(1, LARGE));
        AtomicBoolean stopping = new AtomicBoolean();
        assertNotNull(slots.acquire("a", 10, stopping::get));
        CompletableFuture<Duration> b = ask(slots, "b", 10, Collections.synchronizedList(new ArrayList<>()),
                stopping);
        awaitWaiting(slots, 1);
        stopping.set(true);
        assertNull(b.get(10, TimeUnit.SECONDS), "a stopped wait reports null: no slot taken");
        assertEquals(0, slots.waitingRuns());
        assertEquals(1, slots.running());
        slots.release("b");
        assertEquals(1, slots.running(), "releasing a slot a run never took changes nothing");
    }

    @Test
    void settingsAreCheckedWithOneClearMessage() {
        SyncException over = assertThrows(SyncException.class, () -> new RunSlots.Settings(11, LARGE));
        assertTrue(over.getMessage().contains("sfsync.runs.max-concurrent must be from 1 to 10"), over.getMessage());
        SyncException text = assertThrows(SyncException.class, () -> RunSlots.Settings.from(Map.of(
                "sfsync.runs.large-rows", "many")::get));
        assertEquals("sfsync.runs.large-rows must be a whole number, got 'many'", text.getMessage());
        assertEquals(new RunSlots.Settings(4, 100_000), RunSlots.Settings.defaults());
    }
}
