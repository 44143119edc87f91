package io.sfsync.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.emulator.ApiException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Formula fields computed at read time: a parent's field and TODAY() move them, never their record's stamps. */
class FormulaTest {
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private static Org org() {
        return new Org(DemoSchema.all(), new DemoData(7, Map.of("User", 2, "Account", 5, "Contact", 20)),
                new OrgClock(Clock.fixed(T0, ZoneOffset.UTC)));
    }

    private static FieldDef formula(String name, FieldType type, String text) {
        FieldDef.Builder b = FieldDef.builder(name, type).formula(text);
        return (type == FieldType.STRING ? b.length(255) : type == FieldType.DOUBLE ? b.precision(18, 0) : b).build();
    }

    @Test
    void shouldFollowTheParentAndTheClockWithoutMovingTheRecordsStamps() {
        Org org = org();
        org.defineFields("Contact", java.util.List.of(
                formula("Account_Name__c", FieldType.STRING, "Account.Name"),
                formula("Account_Industry__c", FieldType.STRING, "TEXT(Account.Industry)"),
                formula("Days_Since_Birthdate__c", FieldType.DOUBLE, "TODAY() - Birthdate"),
                formula("Born_Before_Today__c", FieldType.BOOLEAN, "Birthdate < TODAY()")));
        SObjectDef contact = org.find("Contact");
        assertThat(contact.field("Account_Name__c").calculated()).isTrue();
        assertThat(contact.field("Account_Name__c").createable()).isFalse();
        assertThat(contact.field("Account_Name__c").updateable()).isFalse();
        String contactId = Ids.of("003", 0);
        RowView c = org.byId(contactId);
        String accountId = (String) c.get(contact.field("AccountId"));
        assertThat(accountId).isNotNull();
        SObjectDef account = org.find("Account");
        RowView a = org.byId(accountId);
        assertThat(c.get(contact.field("Account_Name__c"))).isEqualTo(a.get(account.field("Name")));
        assertThat(c.get(contact.field("Account_Industry__c"))).isEqualTo(a.get(account.field("Industry")));
        LocalDate birth = LocalDate.of(1990, 5, 17);
        org.update(contactId, Map.of(contact.field("Birthdate"), birth));
        Object stamp = org.byId(contactId).get(contact.field("SystemModstamp"));
        long days = ChronoUnit.DAYS.between(birth, LocalDate.of(2026, 6, 1));
        assertThat(org.byId(contactId).get(contact.field("Days_Since_Birthdate__c")))
                .isEqualTo(BigDecimal.valueOf(days));

        org.update(accountId, Map.of(account.field("Name"), "Renamed Ltd"));
        org.clock().advance(Duration.ofDays(3));

        RowView now = org.byId(contactId);
        assertThat(now.get(contact.field("Account_Name__c"))).isEqualTo("Renamed Ltd");
        assertThat(now.get(contact.field("Days_Since_Birthdate__c"))).isEqualTo(BigDecimal.valueOf(days + 3));
        assertThat(now.get(contact.field("Born_Before_Today__c"))).isEqualTo(true);
        assertThat(now.get(contact.field("SystemModstamp"))).isEqualTo(stamp);
    }

    @Test
    void shouldRefuseAFormulaItCannotEvaluateAsSetupWould() {
        Org org = org();
        assertThatThrownBy(() -> org.defineField("Contact", formula("X__c", FieldType.STRING, "Account.Industry")))
                .isInstanceOf(ApiException.class).hasMessageContaining("TEXT(Account.Industry)");
        assertThatThrownBy(() -> org.defineField("Contact", formula("Y__c", FieldType.STRING, "Nope.Name")))
                .isInstanceOf(ApiException.class).hasMessageContaining("Nope does not exist");
        assertThatThrownBy(() -> org.defineField("Contact", formula("Z__c", FieldType.BOOLEAN, "TODAY() - Birthdate")))
                .isInstanceOf(ApiException.class).hasMessageContaining("incompatible");
    }
}
