package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReverseSchemaTest {
    static final String DESCRIBE = """
            {"name":"Account","fields":[
              {"name":"Id","type":"id","createable":false,"updateable":false,"idLookup":true},
              {"name":"Ext_Id__c","type":"string","createable":true,"updateable":true,"externalId":true,"idLookup":true},
              {"name":"Name","type":"string","createable":true,"updateable":true},
              {"name":"Score__c","type":"double","scale":2,"createable":true,"updateable":true},
              {"name":"Legacy__c","type":"string","createable":true,"updateable":false},
              {"name":"CreatedDate","type":"datetime","createable":false,"updateable":false},
              {"name":"BillingAddress","type":"address","createable":false,"updateable":false},
              {"name":"Logo__c","type":"base64","createable":true,"updateable":true}]}""";

    @Test
    void shouldMatchColumnsToFieldsWhateverTheirCase() {
        ReverseSchema schema = ReverseSchema.parse(DESCRIBE);
        List<WritableField> fields = schema.check(List.of("EXT_ID__C", "NAME", "score__c"), "Ext_Id__c");
        assertThat(fields).extracting(WritableField::name).containsExactly("Ext_Id__c", "Name", "Score__c");
    }

    @Test
    void shouldRefuseEveryUnwritableColumnAtOnceNamingEachAndWhy() {
        ReverseSchema schema = ReverseSchema.parse(DESCRIBE);
        assertThatThrownBy(() -> schema.check(List.of("Ext_Id__c", "CreatedDate", "Nope", "BillingAddress",
                "Logo__c"), "Ext_Id__c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column CreatedDate: CreatedDate is not writable (createable=false,"
                        + " updateable=false)")
                .hasMessageContaining("column Nope: not a field of Account")
                .hasMessageContaining("column BillingAddress: the compound address field")
                .hasMessageContaining("column Logo__c: Logo__c is a base64 field")
                .hasMessageContaining("refused before anything was sent");
    }

    @Test
    void shouldRefuseAFieldAnUpdateCannotChangeOnlyWhenUpdatingById() {
        ReverseSchema schema = ReverseSchema.parse(DESCRIBE);
        assertThat(schema.check(List.of("Ext_Id__c", "Legacy__c"), "Ext_Id__c")).hasSize(2);
        assertThatThrownBy(() -> schema.check(List.of("Id", "Legacy__c"), "Id"))
                .hasMessageContaining("column Legacy__c: Legacy__c is not writable (createable=true, updateable=false)");
    }

    @Test
    void shouldRefuseAnUpsertKeyThatIsNoExternalIdAndAMissingKeyColumn() {
        ReverseSchema schema = ReverseSchema.parse(DESCRIBE);
        assertThatThrownBy(() -> schema.check(List.of("Name"), "Name"))
                .hasMessageContaining("the key field Name is neither an External ID nor an idLookup field");
        assertThatThrownBy(() -> schema.check(List.of("Name"), "Ext_Id__c"))
                .hasMessageContaining("the source has no column Ext_Id__c, the key of the upsert");
    }
}
