package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SfValuesTest {
    private static WritableField field(String type) {
        return new WritableField("F__c", type, 2, true, true, false, false);
    }

    @Test
    void shouldWriteDatetimesAsIso8601UtcWithMilliseconds() {
        WritableField dt = field("datetime");
        assertThat(SfValues.text(OffsetDateTime.of(2024, 3, 1, 12, 15, 30, 120_000_000, ZoneOffset.ofHours(2)), dt))
                .isEqualTo("2024-03-01T10:15:30.120Z");
        assertThat(SfValues.text(Timestamp.valueOf("2024-03-01 10:15:30"), dt)).isEqualTo("2024-03-01T10:15:30.000Z");
        assertThat(SfValues.text(LocalDateTime.of(2024, 3, 1, 10, 0), dt)).isEqualTo("2024-03-01T10:00:00.000Z");
        assertThat(SfValues.text("2024-03-01T10:15:30+0100", dt)).isEqualTo("2024-03-01T09:15:30.000Z");
        assertThat(SfValues.text("2024-03-01 10:15:30", dt)).isEqualTo("2024-03-01T10:15:30.000Z");
    }

    @Test
    void shouldWriteDatesAndTimes() {
        assertThat(SfValues.text(LocalDate.of(2024, 2, 29), field("date"))).isEqualTo("2024-02-29");
        assertThat(SfValues.text(java.sql.Date.valueOf("2024-02-29"), field("date"))).isEqualTo("2024-02-29");
        assertThat(SfValues.text("2024-02-29", field("date"))).isEqualTo("2024-02-29");
        assertThat(SfValues.text(LocalTime.of(8, 5, 1, 2_000_000), field("time"))).isEqualTo("08:05:01.002Z");
        assertThat(SfValues.text("08:05:01.002Z", field("time"))).isEqualTo("08:05:01.002Z");
    }

    @Test
    void shouldWriteNumbersWithoutExponent() {
        assertThat(SfValues.text(new BigDecimal("1E+3"), field("currency"))).isEqualTo("1000");
        assertThat(SfValues.text(1.0E-7, field("double"))).isEqualTo("0.0000001");
        assertThat(SfValues.text(new BigDecimal("12.500"), field("percent"))).isEqualTo("12.5");
        assertThat(SfValues.text(42L, field("int"))).isEqualTo("42");
        assertThat(SfValues.text(new BigDecimal("42.000"), field("int"))).isEqualTo("42");
        assertThatThrownBy(() -> SfValues.text(new BigDecimal("4.2"), field("int")))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> SfValues.text(Double.NaN, field("double"))).hasMessageContaining("finite");
        assertThatThrownBy(() -> SfValues.text("abc", field("currency"))).hasMessageContaining("not a number");
    }

    @Test
    void shouldWriteBooleans() {
        assertThat(SfValues.text(true, field("boolean"))).isEqualTo("true");
        assertThat(SfValues.text(0, field("boolean"))).isEqualTo("false");
        assertThat(SfValues.text("TRUE", field("boolean"))).isEqualTo("true");
        assertThatThrownBy(() -> SfValues.text("yes", field("boolean"))).hasMessageContaining("not a boolean");
    }

    @Test
    void shouldNullAFieldAsHashNaInCsvAndAsJsonNull() {
        assertThat(SfValues.csv(null, field("string"))).isEqualTo("#N/A");
        assertThat(SfValues.json(null, field("string"))).isNull();
        assertThat(SfValues.json("12.50", field("currency"))).isEqualTo(new SfValues.PlainNumber("12.5"));
        assertThat(SfValues.json("true", field("boolean"))).isEqualTo(Boolean.TRUE);
        assertThat(SfValues.json("x", field("picklist"))).isEqualTo("x");
    }
}
