package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReverseFailuresTest {
    private static ReverseFailure failure(int i) {
        return new ReverseFailure("K" + i, "X", "m", null, "{}");
    }

    @Test
    void shouldWriteInBatchesAsTheyComeAndTheRestOnFlush() {
        List<Integer> written = new ArrayList<>();
        ReverseFailures failures = new ReverseFailures(batch -> written.add(batch.size()));
        for (int i = 0; i < ReverseFailures.BATCH * 2 + 5; i++) {
            failures.accept(failure(i));
        }
        assertThat(written).containsExactly(ReverseFailures.BATCH, ReverseFailures.BATCH);
        assertThat(failures.pending()).isEqualTo(5);
        failures.flush();
        assertThat(written).containsExactly(ReverseFailures.BATCH, ReverseFailures.BATCH, 5);
        assertThat(failures.count()).isEqualTo(ReverseFailures.BATCH * 2L + 5);
    }

    @Test
    void shouldKeepABatchWhoseWriteFailedForTheNextTry() {
        boolean[] fail = {true};
        List<Integer> written = new ArrayList<>();
        ReverseFailures failures = new ReverseFailures(batch -> {
            if (fail[0]) {
                throw new IllegalStateException("warehouse down");
            }
            written.add(batch.size());
        });
        failures.accept(failure(1));
        try {
            failures.flush();
        } catch (IllegalStateException expected) {
            fail[0] = false;
        }
        assertThat(failures.pending()).isEqualTo(1);
        failures.flush();
        assertThat(written).containsExactly(1);
    }

    @Test
    void shouldOnlyCountInADryRun() {
        ReverseFailures failures = new ReverseFailures(null);
        failures.accept(failure(1));
        failures.flush();
        assertThat(failures.count()).isEqualTo(1);
        assertThat(failures.pending()).isZero();
    }
}
