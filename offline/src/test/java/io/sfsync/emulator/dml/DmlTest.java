package io.sfsync.emulator.dml;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.model.DemoData;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.OrgClock;
import io.sfsync.emulator.model.SObjectDef;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checks and writes Bulk ingest and sObject Collections share, on an in-memory org. */
class DmlTest {
    private Org org;
    private SObjectDef account;
    private FieldDef extId;

    @BeforeEach
    void org() {
        org = new Org(DemoSchema.all(), new DemoData(42, Map.of("User", 3, "Account", 10, "Contact", 5)),
                new OrgClock(Clock.systemUTC()));
        org.defineField("Account", DemoSchema.accountExternalId());
        account = org.find("Account");
        extId = account.field("External_Id__c");
    }

    private Map<FieldDef, Object> values(Object... pairs) {
        Map<FieldDef, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(account.field((String) pairs[i]), pairs[i + 1]);
        }
        return out;
    }

    private static String code(Dml.Result r) {
        return r.success() ? "ok" : r.error().statusCode();
    }

    @Test
    void shouldCheckBeforeWritingAndWriteThroughTheOrg() {
        Dml dml = new Dml(org);
        Dml.Write ok = dml.insert(account, values("Name", "New"));
        Dml.Write missing = dml.insert(account, values("Site", "x"));
        assertThat(missing.error().statusCode()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.error().fields()).containsExactly("Name");
        int before = org.table("Account").rowLimit();
        assertThat(org.table("Account").rowLimit()).as("checking writes nothing").isEqualTo(before);
        Dml.Result r = dml.apply(ok);
        assertThat(r.created()).isTrue();
        assertThat(org.byId(r.id()).get(account.field("Name"))).isEqualTo("New");
    }

    @Test
    void shouldUpsertOnTheExternalIdAndRefuseDuplicatesOfAUniqueValue() {
        Dml dml = new Dml(org);
        Dml.Result first = dml.apply(dml.upsert(account, extId, "E-1", values("External_Id__c", "E-1", "Name", "A")));
        assertThat(first.created()).isTrue();
        Dml.Result second = dml.apply(dml.upsert(account, extId, "e-1", values("External_Id__c", "e-1", "Name",
                "B")));
        assertThat(second.created()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(org.byId(first.id()).get(account.field("Name"))).isEqualTo("B");
        Dml.Result clash = dml.apply(dml.insert(account, values("External_Id__c", "E-1", "Name", "C")));
        assertThat(code(clash)).isEqualTo("DUPLICATE_VALUE");
        assertThat(clash.error().message()).isEqualTo("duplicate value found: External_Id__c duplicates value on"
                + " record with id: " + first.id());
        Dml fresh = new Dml(org);
        assertThat(code(fresh.apply(fresh.upsert(account, extId, null, values("Name", "D")))))
                .isEqualTo("MISSING_ARGUMENT");
        assertThat(code(fresh.apply(fresh.upsert(account, account.field("Id"), null, values("Name", "E")))))
                .isEqualTo("ok");
    }

    @Test
    void shouldClaimUniqueValuesWithinOneRequestBeforeAnyIsWritten() {
        Dml dml = new Dml(org);
        Dml.Write a = dml.insert(account, values("External_Id__c", "SAME", "Name", "A"));
        Dml.Write b = dml.insert(account, values("External_Id__c", "SAME", "Name", "B"));
        assertThat(a.error()).isNull();
        assertThat(b.error().statusCode()).isEqualTo("DUPLICATE_VALUE");
    }

    @Test
    void shouldReportIdsAsSalesforceDoes() {
        Dml dml = new Dml(org);
        String live = Ids.of("001", 1);
        String deleted = Ids.of("001", 2);
        org.delete(deleted);
        String contact = Ids.of("003", 0);
        assertThat(code(dml.apply(dml.update(account, "nope", values("Site", "x"))))).isEqualTo("MALFORMED_ID");
        assertThat(code(dml.apply(dml.update(account, contact, values("Site", "x"))))).isEqualTo("MALFORMED_ID");
        assertThat(code(dml.apply(dml.update(account, deleted, values("Site", "x"))))).isEqualTo("ENTITY_IS_DELETED");
        assertThat(code(dml.apply(dml.update(account, Ids.of("001", 9999), values("Site", "x")))))
                .isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(code(dml.apply(dml.update(account, live, values("Name", null))))).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(code(dml.apply(dml.update(account, live, values("CreatedDate", null)))))
                .isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(code(dml.apply(dml.update(account, live, values("ParentId", contact)))))
                .isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        assertThat(code(dml.apply(dml.update(account, live, values("ParentId", deleted)))))
                .isEqualTo("ENTITY_IS_DELETED");
        assertThat(code(dml.apply(dml.update(account, live, values("ParentId", Ids.of("001", 3)))))).isEqualTo("ok");
    }

    @Test
    void shouldDeleteToTheRecycleBinOrForGood() {
        Dml dml = new Dml(org);
        String soft = Ids.of("001", 4);
        String hard = Ids.of("001", 5);
        assertThat(code(dml.apply(dml.delete(account, soft, false)))).isEqualTo("ok");
        assertThat(code(dml.apply(dml.delete(account, hard, true)))).isEqualTo("ok");
        assertThat(org.table("Account").isDeleted(4)).isTrue();
        assertThat(org.locate(hard)).isNull();
        assertThat(code(dml.apply(dml.delete(account, soft, false)))).isEqualTo("ENTITY_IS_DELETED");
        assertThat(code(dml.apply(dml.delete(null, Ids.of("005", 0), false)))).isEqualTo("INVALID_TYPE_FOR_OPERATION");
    }
}
