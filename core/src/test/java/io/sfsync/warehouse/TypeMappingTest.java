package io.sfsync.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.salesforce.SfField;
import io.sfsync.warehouse.duckdb.DuckDbDialect;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TypeMappingTest {
    private final DuckDbDialect duckDb = new DuckDbDialect();

    @ParameterizedTest(name = "{0} p={1} s={2} -> {3} / {4}")
    @CsvSource({
        "id,              0,  0, TEXT,         VARCHAR",
        "reference,       0,  0, TEXT,         VARCHAR",
        "string,          0,  0, TEXT,         VARCHAR",
        "textarea,        0,  0, TEXT,         VARCHAR",
        "picklist,        0,  0, TEXT,         VARCHAR",
        "multipicklist,   0,  0, TEXT,         VARCHAR",
        "combobox,        0,  0, TEXT,         VARCHAR",
        "email,           0,  0, TEXT,         VARCHAR",
        "phone,           0,  0, TEXT,         VARCHAR",
        "url,             0,  0, TEXT,         VARCHAR",
        "encryptedstring, 0,  0, TEXT,         VARCHAR",
        "anyType,         0,  0, TEXT,         VARCHAR",
        "json,            0,  0, TEXT,         VARCHAR",
        "complexvalue,    0,  0, TEXT,         VARCHAR",
        "boolean,         0,  0, BOOLEAN,      BOOLEAN",
        "int,             0,  0, INTEGER,      INTEGER",
        "long,            0,  0, BIGINT,       BIGINT",
        "double,         18,  2, DECIMAL,      'DECIMAL(18,2)'",
        "currency,       16,  2, DECIMAL,      'DECIMAL(16,2)'",
        "percent,         5,  3, DECIMAL,      'DECIMAL(5,3)'",
        "double,          0,  0, DOUBLE,       DOUBLE",
        "currency,        0,  0, DOUBLE,       DOUBLE",
        "percent,         0,  0, DOUBLE,       DOUBLE",
        "double,         40,  2, DECIMAL,      'DECIMAL(38,2)'",
        "currency,        4,  6, DECIMAL,      'DECIMAL(4,4)'",
        "date,            0,  0, DATE,         DATE",
        "datetime,        0,  0, TIMESTAMP_TZ, TIMESTAMPTZ",
        "time,            0,  0, TIME,         TIME",
        "floatarray,      0,  0, TEXT,         VARCHAR",
        "somethingNew,    0,  0, TEXT,         VARCHAR",
    })
    void shouldMapEverySalesforceTypeForDuckDb(String type, int precision, int scale, ColumnType.Kind kind,
            String duckDbType) {
        SfField f = new SfField("F__c", type, 0, precision, scale, 0, true, null);

        ColumnType mapped = TypeMapping.columnType(f);

        assertThat(mapped.kind()).isEqualTo(kind);
        assertThat(duckDb.typeName(mapped)).isEqualTo(duckDbType);
    }

    @Test
    void shouldKeepIdLengthAndTextLengthForDialectsThatUseThem() {
        assertThat(TypeMapping.columnType(TestBatches.field("Id", "id", 18, 0, 0, 0)))
                .isEqualTo(ColumnType.text(18));
        assertThat(TypeMapping.columnType(TestBatches.field("OwnerId", "reference", 18, 0, 0, 0)))
                .isEqualTo(ColumnType.text(18));
        assertThat(TypeMapping.columnType(TestBatches.field("Name", "string", 255, 0, 0, 0)))
                .isEqualTo(ColumnType.text(255));
    }

    @ParameterizedTest
    @ValueSource(strings = {"address", "location", "base64"})
    void shouldRefuseFieldsThatNeverBecomeColumns(String type) {
        SfField f = new SfField("X", type, 0, 0, 0, 0, true, null);

        assertThatThrownBy(() -> TypeMapping.columnType(f))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.SCHEMA_MISMATCH))
                .hasMessageContaining("extracted()");
    }

    @Test
    void shouldMapEveryExtractedFieldOfASchemaInOrder() {
        List<Column> columns = TypeMapping.columns(TestBatches.account().extracted());

        assertThat(columns).extracting(Column::name).containsExactlyElementsOf(TestBatches.ACCOUNT_COLUMNS);
        assertThat(columns).extracting(c -> duckDb.typeName(c.type())).containsExactly("VARCHAR", "VARCHAR",
                "VARCHAR", "VARCHAR", "VARCHAR", "DECIMAL(18,2)", "DOUBLE", "BOOLEAN", "INTEGER", "BIGINT", "DATE",
                "TIME", "TIMESTAMPTZ", "VARCHAR");
    }

    @Test
    void shouldNotCrashOnAMissingType() {
        SfField f = new SfField("X", null, 0, 0, 0, 0, true, null);

        assertThat(TypeMapping.columnType(f).kind()).isEqualTo(ColumnType.Kind.TEXT);
    }
}
