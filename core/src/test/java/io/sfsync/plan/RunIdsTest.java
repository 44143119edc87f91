package io.sfsync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RunIdsTest {
    private static final Instant START = Instant.parse("2024-01-15T10:30:00.789Z");

    @Test
    void shouldFormatStartSecondInUtcAndSixHexDigits() {
        assertThat(RunIds.of(START, 0x3fa9c2)).isEqualTo("20240115103000-3fa9c2");
        assertThat(RunIds.of(START, 0)).isEqualTo("20240115103000-000000");
        assertThat(RunIds.of(START, -1)).isEqualTo("20240115103000-ffffff");
    }

    @Test
    void shouldDifferWithinOneSecond() {
        Clock clock = Clock.fixed(START, ZoneOffset.UTC);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = RunIds.next(clock);
            assertThat(id).startsWith("20240115103000-");
            assertThat(RunIds.isRunId(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSizeGreaterThan(95);
    }

    @Test
    void shouldRecogniseOnlyRunIds() {
        assertThat(RunIds.isRunId("20240115103000-3fa9c2")).isTrue();
        assertThat(RunIds.isRunId("20240115103000-3FA9C2")).isFalse();
        assertThat(RunIds.isRunId("2024011510300-3fa9c2")).isFalse();
        assertThat(RunIds.isRunId("20240115103000_3fa9c2")).isFalse();
        assertThat(RunIds.isRunId(null)).isFalse();
    }
}
