package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The compact spec of the synthetic benchmark objects: names, log-uniform sizes, determinism by seed. */
class BenchObjectTest {
    @Test
    void shouldSpreadThirtyObjectsLogUniformlyFromMinToMax() {
        List<BenchObject> objects = BenchObject.parse("30:100-2000000", 42);

        assertThat(objects).hasSize(30);
        assertThat(objects.get(0).name()).isEqualTo("Bench_01__c");
        assertThat(objects.get(29).name()).isEqualTo("Bench_30__c");
        int[] sizes = objects.stream().mapToInt(BenchObject::rows).sorted().toArray();
        assertThat(sizes[0]).isEqualTo(100);
        assertThat(sizes[29]).isEqualTo(2_000_000);
        double step = Math.log(2_000_000 / 100.0) / 28;
        for (int i = 1; i < 29; i++) {
            double at = Math.log(sizes[i] / 100.0);
            assertThat(at).as("size %d lies in log step %d", sizes[i], i)
                    .isBetween((i - 1) * step - 1e-3, i * step + 1e-3);
        }
        assertThat(objects.stream().mapToInt(BenchObject::rows).toArray()).as("names are not in size order")
                .isNotEqualTo(sizes);
    }

    @Test
    void shouldGiveTheSameObjectsForTheSameSeedOnly() {
        assertThat(BenchObject.parse("30:100-2000000", 42)).isEqualTo(BenchObject.spread(30, 100, 2_000_000, 42));
        assertThat(BenchObject.spread(30, 100, 2_000_000, 7)).isNotEqualTo(BenchObject.spread(30, 100, 2_000_000, 42));
    }

    @Test
    void shouldReadOneNamedObject() {
        assertThat(BenchObject.parse("Invoice_Line__c=250000", 42))
                .containsExactly(new BenchObject("Invoice_Line__c", 250_000));
        assertThat(BenchObject.spread(1, 10, 500, 42)).containsExactly(new BenchObject("Bench_01__c", 500));
        assertThat(BenchObject.spread(100, 1, 10, 42).get(99).name()).isEqualTo("Bench_100__c");
    }

    @Test
    void shouldRefuseSpecsThatAreNotObjects() {
        assertThatThrownBy(() -> BenchObject.parse("30:2000-100", 42)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchObject.parse("0:1-10", 42)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchObject.parse("Invoice=5", 42)).hasMessageContaining("custom object");
        assertThatThrownBy(() -> BenchObject.parse("My__Thing__c=5", 42)).hasMessageContaining("custom object");
        assertThatThrownBy(() -> BenchObject.parse("lots", 42)).hasMessageContaining("COUNT:MIN-MAX");
    }
}
