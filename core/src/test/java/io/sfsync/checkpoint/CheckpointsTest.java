package io.sfsync.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/** {@link Checkpoints} as an instance: what it prints, at which arrival, and that the unset ones do nothing. */
class CheckpointsTest {

    @Test
    void shouldBeNoneWhenNeitherPropertyIsSet() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Checkpoints unset = Checkpoints.from(Map.<String, String>of()::get, new PrintStream(bytes, true,
                StandardCharsets.UTF_8));
        Checkpoints blank = Checkpoints.from(Map.of(Checkpoints.PROPERTY, " ", Checkpoints.ANNOUNCE_PROPERTY, "")::get,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(unset).isSameAs(Checkpoints.none());
        assertThat(blank).isSameAs(Checkpoints.none());
        // this test JVM is started without them, as production is
        assertThat(Checkpoints.fromSystemProperties()).isSameAs(Checkpoints.none());
        for (int i = 0; i < 3; i++) {
            unset.reach("plan.done");
            blank.reach("target.merged");
        }
        assertThat(bytes.size()).isZero();
    }

    @Test
    void shouldPassEveryCheckpointWhenNone() {
        PrintStream before = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 5; i++) {
                Checkpoints.none().reach("plan.done");
                Checkpoints.none().reach("target.committed");
            }
        } finally {
            System.setOut(before);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain(Checkpoints.MARKER);
    }

    @Test
    void shouldAnnounceTheNthArrivalAndPassOn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Checkpoints checkpoints = Checkpoints.from(Map.of(Checkpoints.ANNOUNCE_PROPERTY, "load.batch#3")::get,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        checkpoints.reach("load.batch");
        checkpoints.reach("load.page");
        checkpoints.reach("load.batch");
        assertThat(bytes.size()).as("nothing before the third arrival at load.batch").isZero();

        checkpoints.reach("load.batch");
        checkpoints.reach("load.batch");
        checkpoints.reach("load.page");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly("SFSYNC-CHECKPOINT-PASSED load.batch#3");
    }

    @Test
    void shouldAnnounceTheFirstArrivalWhenNoCountIsGiven() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Checkpoints checkpoints = Checkpoints.from(Map.of(Checkpoints.ANNOUNCE_PROPERTY, " state.written ")::get,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        checkpoints.reach("state.written");
        checkpoints.reach("state.written");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly("SFSYNC-CHECKPOINT-PASSED state.written#1");
    }

    @Test
    void shouldCountArrivalsPerInstance() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Map<String, String> settings = Map.of(Checkpoints.ANNOUNCE_PROPERTY, "plan.done#2");
        Checkpoints one = Checkpoints.from(settings::get, out);
        Checkpoints other = Checkpoints.from(settings::get, out);

        one.reach("plan.done");
        other.reach("plan.done");
        assertThat(bytes.size()).as("each instance has seen one arrival").isZero();
        one.reach("plan.done");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly("SFSYNC-CHECKPOINT-PASSED plan.done#2");
    }

    @Test
    void shouldRefuseACountBelowOne() {
        assertThatThrownBy(() -> Checkpoints.from(Map.of(Checkpoints.PROPERTY, "target.merged#0")::get, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Checkpoints.PROPERTY).hasMessageContaining("target.merged#0");
        assertThatThrownBy(() -> Checkpoints.from(Map.of(Checkpoints.ANNOUNCE_PROPERTY, "load.page#x")::get,
                System.out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Checkpoints.ANNOUNCE_PROPERTY);
    }

    @Test
    void shouldPrintTheMarkerAndParkTheThreadAtTheNamedArrival() throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        PrintStream out = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String line) {
                lines.add(line);
            }
        };
        Checkpoints checkpoints = Checkpoints.from(Map.of(Checkpoints.PROPERTY, "target.merged#2",
                Checkpoints.ANNOUNCE_PROPERTY, "target.merged#2")::get, out);
        AtomicBoolean passedFirst = new AtomicBoolean();
        AtomicBoolean passedSecond = new AtomicBoolean();
        Thread run = new Thread(() -> {
            checkpoints.reach("target.merged");
            passedFirst.set(true);
            checkpoints.reach("target.merged");
            passedSecond.set(true);
        }, "checkpoint-pause-test");
        // it never returns (as a paused run, which the crash test kills); a daemon does not hold the test JVM
        run.setDaemon(true);
        run.start();

        assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo("SFSYNC-CHECKPOINT-PASSED target.merged#2");
        assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo("SFSYNC-CHECKPOINT target.merged#2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (LockSupport.getBlocker(run) != checkpoints || run.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the thread parks at the checkpoint").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(passedFirst).isTrue();
        assertThat(passedSecond).isFalse();
        assertThat(run.isAlive()).isTrue();
        assertThat(lines).isEmpty();
    }
}
