package io.sfsync.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.warehouse.duckdb.DuckDbDialect;
import io.sfsync.warehouse.snowflake.SnowflakeDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every column of the demo org's {@code Kitchen_Sink__c} (one field of every type a replicator has to carry), typed
 * by describe as the demo org describes it, on Snowflake and on DuckDB.
 */
class KitchenSinkTypeMappingTest {
    /** Keep in step with the CsvSource below: a field added to the demo object must be added there. */
    private static final int KITCHEN_SINK_COLUMNS = 41;

    private final SnowflakeDialect snowflake = new SnowflakeDialect();
    private final DuckDbDialect duckDb = new DuckDbDialect();

    @ParameterizedTest(name = "{0} ({1}) -> {2} / {3}")
    @CsvSource({
        "Id,                      id,              VARCHAR(18),    VARCHAR",
        "OwnerId,                 reference,       VARCHAR(18),    VARCHAR",
        "IsDeleted,               boolean,         BOOLEAN,        BOOLEAN",
        "Name,                    string,          VARCHAR(80),    VARCHAR",
        "CreatedDate,             datetime,        TIMESTAMP_TZ,   TIMESTAMPTZ",
        "CreatedById,             reference,       VARCHAR(18),    VARCHAR",
        "LastModifiedDate,        datetime,        TIMESTAMP_TZ,   TIMESTAMPTZ",
        "LastModifiedById,        reference,       VARCHAR(18),    VARCHAR",
        "SystemModstamp,          datetime,        TIMESTAMP_TZ,   TIMESTAMPTZ",
        "Text__c,                 string,          VARCHAR(255),   VARCHAR",
        "Text_Area__c,            textarea,        VARCHAR(255),   VARCHAR",
        "Long_Text__c,            textarea,        VARCHAR(32768), VARCHAR",
        "Rich_Text__c,            textarea,        VARCHAR(32768), VARCHAR",
        "Picklist__c,             picklist,        VARCHAR(255),   VARCHAR",
        "Multi_Picklist__c,       multipicklist,   VARCHAR(4099),  VARCHAR",
        "Email__c,                email,           VARCHAR(80),    VARCHAR",
        "Phone__c,                phone,           VARCHAR(40),    VARCHAR",
        "Url__c,                  url,             VARCHAR(255),   VARCHAR",
        "Checkbox__c,             boolean,         BOOLEAN,        BOOLEAN",
        "Quantity__c,             int,             'NUMBER(38,0)', INTEGER",
        "Big_Number__c,           long,            'NUMBER(38,0)', BIGINT",
        "Number__c,               double,          'NUMBER(18,6)', 'DECIMAL(18,6)'",
        "Amount__c,               currency,        'NUMBER(16,2)', 'DECIMAL(16,2)'",
        "Percent__c,              percent,         'NUMBER(5,2)',  'DECIMAL(5,2)'",
        "Date__c,                 date,            DATE,           DATE",
        "Date_Time__c,            datetime,        TIMESTAMP_TZ,   TIMESTAMPTZ",
        "Time__c,                 time,            TIME,           TIME",
        "Account__c,              reference,       VARCHAR(18),    VARCHAR",
        "Address__Street__s,      textarea,        VARCHAR(255),   VARCHAR",
        "Address__City__s,        string,          VARCHAR(40),    VARCHAR",
        "Address__PostalCode__s,  string,          VARCHAR(20),    VARCHAR",
        "Address__StateCode__s,   picklist,        VARCHAR(255),   VARCHAR",
        "Address__CountryCode__s, picklist,        VARCHAR(255),   VARCHAR",
        "Address__Latitude__s,    double,          'NUMBER(18,15)', 'DECIMAL(18,15)'",
        "Address__Longitude__s,   double,          'NUMBER(18,15)', 'DECIMAL(18,15)'",
        "Address__GeocodeAccuracy__s, picklist,    VARCHAR(40),    VARCHAR",
        "Location__Latitude__s,   double,          'NUMBER(9,6)',  'DECIMAL(9,6)'",
        "Location__Longitude__s,  double,          'NUMBER(9,6)',  'DECIMAL(9,6)'",
        "Formula__c,              currency,        'NUMBER(18,2)', 'DECIMAL(18,2)'",
        "Secret__c,               encryptedstring, VARCHAR(175),   VARCHAR",
        "External_Key__c,         string,          VARCHAR(40),    VARCHAR",
    })
    void shouldTypeEveryKitchenSinkColumn(String name, String type, String snowflakeType, String duckDbType) {
        SfField field = kitchenSink().field(name);

        assertThat(field).as(name + " is a field of the demo object").isNotNull();
        assertThat(field.type()).isEqualTo(type);
        ColumnType mapped = TypeMapping.columnType(field);
        assertThat(snowflake.typeName(mapped)).isEqualTo(snowflakeType);
        assertThat(duckDb.typeName(mapped)).isEqualTo(duckDbType);
    }

    @Test
    void shouldCoverEveryColumnAndEveryFieldTypeOfTheDemoObject() {
        List<SfField> extracted = kitchenSink().extracted();
        Set<String> types = new TreeSet<>();
        extracted.forEach(f -> types.add(f.type()));

        assertThat(extracted).hasSize(KITCHEN_SINK_COLUMNS);
        assertThat(types).containsExactlyInAnyOrder("string", "textarea", "picklist", "multipicklist", "email",
                "phone", "url", "boolean", "int", "long", "double", "currency", "percent", "date", "datetime", "time",
                "reference", "id", "encryptedstring");
        assertThat(kitchenSink().fields()).extracting(SfField::type).contains("address", "location", "base64");
        assertThat(extracted).extracting(SfField::type).doesNotContain("address", "location", "base64");
    }

    @Test
    void shouldSpellNumbersWithoutPrecisionAsFloatOnSnowflake() {
        for (String type : List.of("double", "currency", "percent")) {
            SfField f = new SfField("X__c", type, 0, 0, 0, 0, true, null);
            assertThat(snowflake.typeName(TypeMapping.columnType(f))).as(type).isEqualTo("FLOAT");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anyType", "combobox", "json", "floatarray", "somethingNew"})
    void shouldStoreAnyTypeAndUnknownTypesAsTextOnSnowflakeWithoutFailing(String type) {
        SfField unbounded = new SfField("X__c", type, 0, 0, 0, 0, true, null);
        SfField bounded = new SfField("Y__c", type, 100, 0, 0, 0, true, null);

        assertThat(snowflake.typeName(TypeMapping.columnType(unbounded))).isEqualTo("VARCHAR");
        assertThat(snowflake.typeName(TypeMapping.columnType(bounded))).isEqualTo("VARCHAR(100)");
    }

    private static SObjectSchema kitchenSink() {
        SObjectDef def = DemoSchema.all().stream().filter(d -> d.name().equals(DemoSchema.KITCHEN_SINK)).findFirst()
                .orElseThrow();
        List<SfField> fields = new ArrayList<>();
        for (FieldDef f : def.fields()) {
            fields.add(new SfField(f.name(), f.type().apiName(), f.length(), f.precision(), f.scale(), f.digits(),
                    f.nillable(), f.compoundFieldName()));
        }
        return new SObjectSchema(def.name(), fields);
    }
}
