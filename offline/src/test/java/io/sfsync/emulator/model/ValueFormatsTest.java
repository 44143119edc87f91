package io.sfsync.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ValueFormatsTest {
    private static final FieldDef AMOUNT = FieldDef.builder("Amount", FieldType.CURRENCY).precision(18, 2).build();

    @Test
    void shouldWriteRestDatetimesWithMillisAndColonlessOffset() {
        assertThat(ValueFormats.restDateTime(Instant.parse("2024-01-15T10:30:00Z")))
                .isEqualTo("2024-01-15T10:30:00.000+0000");
    }

    @Test
    void shouldWriteBulkDatetimesWithZulu() {
        assertThat(ValueFormats.csv(null, Instant.parse("2024-01-15T10:30:05Z"))).isEqualTo("2024-01-15T10:30:05.000Z");
    }

    @Test
    void shouldWriteDatesTimesBooleansAndNullsForBulk() {
        assertThat(ValueFormats.csv(null, LocalDate.of(2024, 1, 5))).isEqualTo("2024-01-05");
        assertThat(ValueFormats.csv(null, LocalTime.of(10, 30, 0, 123_000_000))).isEqualTo("10:30:00.123Z");
        assertThat(ValueFormats.csv(null, Boolean.TRUE)).isEqualTo("true");
        assertThat(ValueFormats.csv(null, null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"15000.00,15000,15000.0", "0.10,0.1,0.1", "-1234.56,-1234.56,-1234.56", "4347286000,4347286000,4.347286E9",
        "0,0,0.0"})
    void shouldWriteDecimalsPlainInCsvAndAsJavaDoublesInJson(String value, String csv, String json) {
        BigDecimal d = new BigDecimal(value);
        assertThat(ValueFormats.csv(AMOUNT, d)).isEqualTo(csv);
        assertThat(ValueFormats.restNumber(AMOUNT, d)).isEqualTo(json);
    }

    @ParameterizedTest
    @CsvSource({"2024-01-15T10:30:00.000+0000", "2024-01-15T10:30:00Z", "2024-01-15T11:30:00+01:00",
        "2024-01-15T02:30:00.000-0800", "2024-01-15T10:30:00.789Z", "2024-01-15T10:30:00"})
    void shouldParseEveryDatetimeShapeClientsSendToTheSameSecond(String text) {
        assertThat(ValueFormats.parseDateTime(text)).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
    }

    @Test
    void shouldRejectDatetimesThatAreNot() {
        assertThatThrownBy(() -> ValueFormats.parseDateTime("15/01/2024")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15/01/2024");
    }
}
