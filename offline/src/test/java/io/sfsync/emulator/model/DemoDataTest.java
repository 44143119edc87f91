package io.sfsync.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DemoDataTest {

    private static Org org(long seed) {
        return new Org(DemoSchema.all(), new DemoData(seed, Map.of("User", 5, "Account", 300, "Contact", 50,
                "Opportunity", 40, DemoSchema.KITCHEN_SINK, 400)), new OrgClock(Clock.systemUTC()));
    }

    @Test
    void shouldGenerateTheSameValuesForTheSameSeedAndOthersForAnother() {
        Org a = org(7);
        Org b = org(7);
        Org c = org(8);
        SObjectDef account = a.find("Account");
        int differences = 0;
        for (int r = 0; r < 50; r++) {
            for (FieldDef f : account.fields()) {
                Object va = a.table("Account").row(r).get(f);
                assertThat(b.table("Account").row(r).get(f)).isEqualTo(va);
                if (!java.util.Objects.equals(va, c.table("Account").row(r).get(f))) {
                    differences++;
                }
            }
        }
        assertThat(differences).isGreaterThan(500);
    }

    @Test
    void shouldPutNullsInEveryNullableColumnOfTheKitchenSinkAndValuesInEveryColumn() {
        Org org = org(42);
        ObjectTable sink = org.table(DemoSchema.KITCHEN_SINK);
        for (FieldDef f : sink.def().fields()) {
            boolean sawNull = false;
            boolean sawValue = false;
            for (int r = 0; r < sink.rowLimit(); r++) {
                Object v = sink.row(r).get(f);
                sawNull |= v == null;
                sawValue |= v != null;
            }
            assertThat(sawValue).as("a value in " + f.name()).isTrue();
            if (f.nillable() && !f.type().isCompound() && !f.calculated()) {
                assertThat(sawNull).as("a null in " + f.name()).isTrue();
            }
        }
    }

    @Test
    void shouldCarryEveryTrickyTextValueAndKeepDecimalsWithinTheirScale() {
        Org org = org(42);
        ObjectTable sink = org.table(DemoSchema.KITCHEN_SINK);
        FieldDef text = sink.def().field("Text__c");
        Set<Object> seen = new HashSet<>();
        for (int r = 0; r < sink.rowLimit(); r++) {
            seen.add(sink.row(r).get(text));
            for (FieldDef f : sink.def().fields()) {
                if (sink.row(r).get(f) instanceof BigDecimal d && !f.calculated()) {
                    assertThat(d.scale()).as(f.name()).isLessThanOrEqualTo(f.scale());
                    assertThat(d.precision() - d.scale()).as(f.name()).isLessThanOrEqualTo(f.precision() - f.scale());
                }
            }
        }
        assertThat(seen).containsAll(DemoData.TRICKY_TEXT);
    }

    @Test
    void shouldKeepSystemModstampAtOrAfterLastModifiedDateAndBeforeAnyLaterChange() {
        Org org = org(42);
        ObjectTable accounts = org.table("Account");
        SObjectDef t = accounts.def();
        for (int r = 0; r < accounts.rowLimit(); r++) {
            RowView row = accounts.row(r);
            var created = (java.time.Instant) row.get(t.field("CreatedDate"));
            var modified = (java.time.Instant) row.get(t.field("LastModifiedDate"));
            var stamp = (java.time.Instant) row.get(t.field("SystemModstamp"));
            assertThat(modified).isAfterOrEqualTo(created);
            assertThat(stamp).isAfterOrEqualTo(modified).isBefore(DemoData.GENERATED_UNTIL.plusSeconds(3601));
        }
    }

    @Test
    void shouldResolveReferencesToExistingParents() {
        Org org = org(42);
        ObjectTable contacts = org.table("Contact");
        FieldDef account = contacts.def().field("AccountId");
        FieldDef owner = contacts.def().field("OwnerId");
        for (int r = 0; r < contacts.rowLimit(); r++) {
            Object id = contacts.row(r).get(account);
            if (id != null) {
                assertThat(org.byId((String) id)).isNotNull();
            }
            assertThat(org.byId((String) contacts.row(r).get(owner)).type().name()).isEqualTo("User");
        }
    }
}
