package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SoqlBuilderTest {
    private static final Instant FROM = Instant.parse("2024-01-15T10:30:00Z");
    private static final SObjectSchema ACCOUNT = DescribeParser.parse(DescribeParserTest.ACCOUNT);

    private static SfField f(String name, String type) {
        return new SfField(name, type, 0, 0, 0, 0, true, null);
    }

    @Test
    void shouldSelectTheExtractedFieldsOfAFullSync() {
        assertThat(SoqlBuilder.select(ACCOUNT, "SystemModstamp", null)).isEqualTo("SELECT Id, Name, BillingStreet, "
                + "BillingLatitude, NumberOfEmployees, AnnualRevenue, IsDeleted, SystemModstamp FROM Account");
        assertThat(SoqlBuilder.count(ACCOUNT, "SystemModstamp", null)).isEqualTo("SELECT COUNT() FROM Account");
    }

    @Test
    void shouldFilterAnIncrementalSyncWithAnUnquotedUtcLiteral() {
        assertThat(SoqlBuilder.select(ACCOUNT, "SystemModstamp", FROM)).isEqualTo("SELECT Id, Name, BillingStreet, "
                + "BillingLatitude, NumberOfEmployees, AnnualRevenue, IsDeleted, SystemModstamp FROM Account"
                + " WHERE SystemModstamp >= 2024-01-15T10:30:00.000Z");
        assertThat(SoqlBuilder.count(ACCOUNT, "SystemModstamp", FROM))
                .isEqualTo("SELECT COUNT() FROM Account WHERE SystemModstamp >= 2024-01-15T10:30:00.000Z");
    }

    @Test
    void shouldShareOneFilterBetweenSelectAndCount() {
        Instant from = Instant.parse("2023-12-31T23:59:59.123456789Z");
        String select = SoqlBuilder.select(ACCOUNT, "systemmodstamp", from);
        String count = SoqlBuilder.count(ACCOUNT, "systemmodstamp", from);

        assertThat(select.substring(select.indexOf(" FROM "))).isEqualTo(count.substring(count.indexOf(" FROM ")));
        assertThat(count).endsWith(" WHERE SystemModstamp >= 2023-12-31T23:59:59.123Z");
    }

    @Test
    void shouldWriteLiteralsInUtcWithMillis() {
        assertThat(SoqlBuilder.literal(Instant.parse("2024-07-01T00:00:00+02:00")))
                .isEqualTo("2024-06-30T22:00:00.000Z");
        assertThat(SoqlBuilder.literal(Instant.parse("2024-01-15T10:30:00.5Z"))).isEqualTo("2024-01-15T10:30:00.500Z");
    }

    @Test
    void shouldRefuseAnIncrementalQueryWithoutAWatermarkField() {
        assertThatThrownBy(() -> SoqlBuilder.select(ACCOUNT, null, FROM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an incremental query of Account needs a watermark field");
        assertThatThrownBy(() -> SoqlBuilder.count(ACCOUNT, "Nope", FROM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the watermark field Nope is not a field of Account");
        assertThatThrownBy(() -> SoqlBuilder.count(ACCOUNT, "Name", FROM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the watermark field Account.Name is a string, not a datetime");
    }

    @Test
    void shouldPreferTheConfiguredWatermarkThenSystemModstampThenLastModifiedDate() {
        SObjectSchema both = new SObjectSchema("Contact", List.of(f("Id", "id"), f("LastModifiedDate", "datetime"),
                f("SystemModstamp", "datetime"), f("Updated__c", "datetime")));
        SObjectSchema lastModifiedOnly = new SObjectSchema("X__c", List.of(f("Id", "id"),
                f("LastModifiedDate", "datetime")));
        SObjectSchema none = new SObjectSchema("OpportunityStage", List.of(f("Id", "id"), f("MasterLabel", "string")));

        assertThat(SoqlBuilder.watermarkField(both, "updated__c")).isEqualTo("Updated__c");
        assertThat(SoqlBuilder.watermarkField(both, null)).isEqualTo("SystemModstamp");
        assertThat(SoqlBuilder.watermarkField(both, " ")).isEqualTo("SystemModstamp");
        assertThat(SoqlBuilder.watermarkField(both, "LastModifiedDate")).isEqualTo("LastModifiedDate");
        assertThat(SoqlBuilder.watermarkField(lastModifiedOnly, "SystemModstamp")).isEqualTo("LastModifiedDate");
        assertThat(SoqlBuilder.watermarkField(none, "SystemModstamp")).isNull();
        assertThat(SoqlBuilder.watermarkField(none, null)).isNull();
    }

    @Test
    void shouldRefuseAConfiguredWatermarkThatIsNotADatetime() {
        assertThatThrownBy(() -> SoqlBuilder.watermarkField(ACCOUNT, "Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the watermark field Account.Name is a string, not a datetime");
    }

    @Test
    void shouldRefuseAnObjectWithNothingToExtract() {
        SObjectSchema onlyCompound = new SObjectSchema("X__c", List.of(f("Loc__c", "location")));

        assertThatThrownBy(() -> SoqlBuilder.select(onlyCompound, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("X__c has no field a sync can extract");
    }
}
