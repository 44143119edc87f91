package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DescribeParserTest {
    /** A trimmed describe as Salesforce sends it: extra attributes everywhere, compound parents after components. */
    static final String ACCOUNT = """
            {"actionOverrides":[],"activateable":false,"createable":true,"custom":false,"keyPrefix":"001",
             "label":"Account","name":"Account","queryable":true,"replicateable":true,
             "fields":[
              {"aggregatable":true,"autoNumber":false,"byteLength":18,"calculated":false,"compoundFieldName":null,
               "digits":0,"length":18,"name":"Id","nillable":false,"precision":0,"scale":0,"soapType":"tns:ID",
               "type":"id","picklistValues":[],"referenceTo":[]},
              {"byteLength":765,"compoundFieldName":null,"digits":0,"length":255,"name":"Name","nillable":false,
               "precision":0,"scale":0,"soapType":"xsd:string","type":"string","defaultValue":null},
              {"compoundFieldName":"BillingAddress","digits":0,"length":255,"name":"BillingStreet","nillable":true,
               "precision":0,"scale":0,"soapType":"xsd:string","type":"textarea"},
              {"compoundFieldName":"BillingAddress","digits":0,"length":0,"name":"BillingLatitude","nillable":true,
               "precision":18,"scale":15,"soapType":"xsd:double","type":"double"},
              {"compoundFieldName":null,"digits":0,"length":0,"name":"BillingAddress","nillable":true,
               "precision":0,"scale":0,"soapType":"urn:address","type":"address"},
              {"compoundFieldName":null,"digits":8,"length":0,"name":"NumberOfEmployees","nillable":true,
               "precision":0,"scale":0,"soapType":"xsd:int","type":"int"},
              {"compoundFieldName":null,"digits":0,"length":0,"name":"AnnualRevenue","nillable":true,
               "precision":18,"scale":0,"soapType":"xsd:double","type":"currency"},
              {"compoundFieldName":null,"digits":0,"length":0,"name":"IsDeleted","nillable":false,
               "precision":0,"scale":0,"soapType":"xsd:boolean","type":"boolean","defaultValue":false},
              {"compoundFieldName":null,"digits":0,"length":131072,"name":"Logo__c","nillable":true,
               "precision":0,"scale":0,"soapType":"xsd:base64Binary","type":"base64"},
              {"compoundFieldName":null,"digits":0,"length":0,"name":"SystemModstamp","nillable":false,
               "precision":0,"scale":0,"soapType":"xsd:dateTime","type":"datetime"}
             ],
             "childRelationships":[],"recordTypeInfos":[],"urls":{"describe":"/services/data/v62.0/sobjects/Account/describe"}}
            """;

    @Test
    void shouldReadEveryFieldInDescribeOrder() {
        SObjectSchema s = DescribeParser.parse(ACCOUNT);

        assertThat(s.name()).isEqualTo("Account");
        assertThat(s.fields()).extracting(SfField::name).containsExactly("Id", "Name", "BillingStreet",
                "BillingLatitude", "BillingAddress", "NumberOfEmployees", "AnnualRevenue", "IsDeleted", "Logo__c",
                "SystemModstamp");
        assertThat(s.field("Id")).isEqualTo(new SfField("Id", "id", 18, 0, 0, 0, false, null));
        assertThat(s.field("BillingStreet")).isEqualTo(new SfField("BillingStreet", "textarea", 255, 0, 0, 0, true,
                "BillingAddress"));
        assertThat(s.field("BillingLatitude")).isEqualTo(new SfField("BillingLatitude", "double", 0, 18, 15, 0, true,
                "BillingAddress"));
        assertThat(s.field("NumberOfEmployees").digits()).isEqualTo(8);
        assertThat(s.field("AnnualRevenue").precision()).isEqualTo(18);
    }

    @Test
    void shouldLeaveCompoundParentsAndBinaryFieldsOutOfTheExtraction() {
        SObjectSchema s = DescribeParser.parse(ACCOUNT);

        assertThat(s.extracted()).extracting(SfField::name).containsExactly("Id", "Name", "BillingStreet",
                "BillingLatitude", "NumberOfEmployees", "AnnualRevenue", "IsDeleted", "SystemModstamp");
    }

    @Test
    void shouldReadAStreamToo() {
        SObjectSchema s = DescribeParser.parse(new ByteArrayInputStream(ACCOUNT.getBytes(StandardCharsets.UTF_8)));

        assertThat(s).isEqualTo(DescribeParser.parse(ACCOUNT));
    }

    @Test
    void shouldDefaultMissingNumbersToZero() {
        SObjectSchema s = DescribeParser.parse("{\"name\":\"X__c\",\"fields\":[{\"name\":\"Id\",\"type\":\"id\","
                + "\"digits\":\"9\"}]}");

        assertThat(s.field("Id")).isEqualTo(new SfField("Id", "id", 0, 0, 0, 9, true, null));
    }

    @Test
    void shouldRepeatSalesforcesErrorWhenGivenAnErrorBody() {
        assertThatThrownBy(() -> DescribeParser.parse("[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested "
                + "resource does not exist\"}]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an sObject describe but an error: NOT_FOUND: The requested resource does not exist");
    }

    @Test
    void shouldRefuseABodyThatIsNotADescribe() {
        assertThatThrownBy(() -> DescribeParser.parse("{\"totalSize\":1,\"done\":true,\"records\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an sObject describe: expected an object with 'name' and a 'fields'");
        assertThatThrownBy(() -> DescribeParser.parse("<html>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an sObject describe: the body is not JSON");
        assertThatThrownBy(() -> DescribeParser.parse("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an sObject describe: the body is empty");
        assertThatThrownBy(() -> DescribeParser.parse("{\"name\":\"X\",\"fields\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the describe of X lists no fields");
    }

    @Test
    void shouldNameAFieldWithoutAType() {
        assertThatThrownBy(() -> DescribeParser.parse("{\"name\":\"X\",\"fields\":[{\"name\":\"Id\",\"type\":\"id\"},"
                + "{\"name\":\"Broken\"}]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the describe of X has a field #1 without a name or type");
    }

    @Test
    void shouldTellFieldsThatIdentifyARecordFromFieldsThatMayRepeat() {
        SObjectSchema s = DescribeParser.parse("""
                {"name":"Thing__c","fields":[
                 {"name":"Id","type":"id","unique":false,"externalId":false,"idLookup":true},
                 {"name":"Name","type":"string","unique":false,"externalId":false,"idLookup":true},
                 {"name":"Code__c","type":"string","unique":true,"externalId":false},
                 {"name":"Ext__c","type":"string","unique":false,"externalId":true}]}
                """);

        assertThat(s.fields()).filteredOn(SfField::identifiesRecords).extracting(SfField::name)
                .containsExactly("Id", "Code__c", "Ext__c");
        assertThat(s.field("Code__c").unique()).isTrue();
        assertThat(s.field("Ext__c").externalId()).isTrue();
    }
}
