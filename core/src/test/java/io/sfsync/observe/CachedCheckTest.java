package io.sfsync.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A costly probe (a real login) runs at most once per period; the answers in between repeat its outcome. */
class CachedCheckTest {

    @Test
    void shouldProbeAtMostOncePerPeriodAndRepeatTheOutcomeInBetween() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T12:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        AtomicInteger probes = new AtomicInteger();
        AtomicReference<String> problem = new AtomicReference<>();
        CachedCheck check = new CachedCheck("sfsync-test", Duration.ofMinutes(5), clock) {
            @Override
            protected String probe() {
                probes.incrementAndGet();
                return problem.get();
            }
        };
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            check.setCamelContext(context);
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            problem.set("Salesforce refused the login");
            now.set(now.get().plus(Duration.ofMinutes(4)));
            assertThat(check.call().getState()).as("the last probe's outcome").isEqualTo(HealthCheck.State.UP);
            assertThat(probes).hasValue(1);
            now.set(now.get().plus(Duration.ofMinutes(1)));
            HealthCheck.Result down = check.call();
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).contains("Salesforce refused the login");
            assertThat(probes).hasValue(2);
            assertThat(check.isLiveness()).isFalse();
        }
    }
}
