package io.sfsync.emulator.dml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CSV cells to typed values, and the per-row error text Bulk API 2.0 writes into {@code sf__Error}. */
class TextValuesTest {
    private static FieldDef field(FieldType type) {
        return FieldDef.builder("F__c", type).label("F").length(10).precision(5, 2).digits(3).build();
    }

    private static String code(FieldType type, String cell) {
        try {
            TextValues.parse(field(type), cell);
            return "ok";
        } catch (ApiException e) {
            return e.errorCode();
        }
    }

    @Test
    void shouldParseSalesforceFormatsIntoTypedValues() {
        assertThat(TextValues.parse(field(FieldType.BOOLEAN), "TRUE")).isEqualTo(Boolean.TRUE);
        assertThat(TextValues.parse(field(FieldType.BOOLEAN), "0")).isEqualTo(Boolean.FALSE);
        assertThat(TextValues.parse(field(FieldType.INT), "123")).isEqualTo(123);
        assertThat(TextValues.parse(field(FieldType.CURRENCY), "12.345")).isEqualTo(new BigDecimal("12.35"));
        assertThat(TextValues.parse(field(FieldType.DATE), "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(TextValues.parse(field(FieldType.DATETIME), "2024-01-15T10:30:00.000Z"))
                .isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
        assertThat(TextValues.parse(field(FieldType.DATETIME), "2024-01-15T10:30:00.000-0100"))
                .isEqualTo(Instant.parse("2024-01-15T11:30:00Z"));
        assertThat(TextValues.parse(field(FieldType.TIME), "10:30:00.000Z")).isEqualTo(LocalTime.of(10, 30));
        assertThat(TextValues.parse(field(FieldType.REFERENCE), "001000000000001"))
                .isEqualTo("001000000000001AAA");
    }

    @Test
    void shouldRefuseWhatTheFieldCannotHoldWithSalesforcesCodes() {
        assertThat(code(FieldType.INT, "1.5")).isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertThat(code(FieldType.INT, "1000")).isEqualTo("NUMBER_OUTSIDE_VALID_RANGE");
        assertThat(code(FieldType.DOUBLE, "1,5")).isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertThat(code(FieldType.DOUBLE, "1234.5")).isEqualTo("NUMBER_OUTSIDE_VALID_RANGE");
        assertThat(code(FieldType.DATE, "15/01/2024")).isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertThat(code(FieldType.DATETIME, "yesterday")).isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertThat(code(FieldType.BOOLEAN, "yes please")).isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertThat(code(FieldType.EMAIL, "nobody")).isEqualTo("INVALID_EMAIL_ADDRESS");
        assertThat(code(FieldType.STRING, "01234567890")).isEqualTo("STRING_TOO_LONG");
        assertThat(code(FieldType.REFERENCE, "xyz")).isEqualTo("MALFORMED_ID");
        assertThat(code(FieldType.PICKLIST, "Anything")).isEqualTo("ok");
    }

    @Test
    void shouldWriteTheBulkErrorCellAsARealOrgDoes() {
        assertThat(new RowError("REQUIRED_FIELD_MISSING", "Required fields are missing: [Name]", List.of("Name"))
                .bulkText()).isEqualTo("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --");
        assertThat(new RowError("ENTITY_IS_DELETED", "entity is deleted", List.of()).bulkText())
                .isEqualTo("ENTITY_IS_DELETED:entity is deleted:--");
    }
}
