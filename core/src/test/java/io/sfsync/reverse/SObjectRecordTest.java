package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.component.salesforce.api.dto.composite.SObjectCollection;
import org.apache.camel.component.salesforce.api.utils.JsonUtils;
import org.junit.jupiter.api.Test;

/** A collection as camel-salesforce's own mapper writes it into the sObject Collections request. */
class SObjectRecordTest {
    @Test
    void shouldWriteTypeValuesPlainNumbersAndNulls() throws Exception {
        List<WritableField> fields = List.of(
                new WritableField("Ext_Id__c", "string", 0, true, true, true, true),
                new WritableField("AnnualRevenue", "currency", 2, true, true, false, false),
                new WritableField("Active__c", "boolean", 0, true, true, false, false),
                new WritableField("Phone", "phone", 0, true, true, false, false));
        ReverseRows rows = new ReverseRows(fields, "Ext_Id__c");
        String[] row = rows.convert(new Object[] {"A-1", new java.math.BigDecimal("1E+6"), true, null}, f -> {
            throw new AssertionError(f.toString());
        });
        Map<String, Object> values = new LinkedHashMap<>(rows.record(row));
        SObjectCollection c = new SObjectCollection();
        c.setRecords(List.of(new SObjectRecord("Account", values)));
        String json = JsonUtils.createObjectMapper().writerFor(SObjectCollection.class).writeValueAsString(c);
        assertThat(json).contains("\"type\":\"Account\"")
                .contains("\"Ext_Id__c\":\"A-1\",\"AnnualRevenue\":1000000,\"Active__c\":true,\"Phone\":null")
                .contains("\"allOrNone\":false");
    }
}
