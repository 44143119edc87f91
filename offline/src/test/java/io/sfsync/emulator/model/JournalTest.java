package io.sfsync.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;


import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private static Org org() {
        return new Org(DemoSchema.all(), new DemoData(3, Map.of("User", 3, "Account", 20)),
                new OrgClock(Clock.systemUTC()));
    }

    @Test
    void shouldBringBackEveryChangeWithItsTimestampsAfterARestart(@TempDir Path dir) {
        Path file = dir.resolve("org.journal");
        Org first = org();
        Journal journal = new Journal(file);
        first.journal(journal);
        SObjectDef account = first.find("Account");
        String created = first.create("Account", Map.of(account.field("Name"), "Journal, \"Inc\"",
                account.field("AnnualRevenue"), new BigDecimal("1234.5")));
        String updated = Ids.of("001", 3);
        first.clock().advance(Duration.ofSeconds(30));
        first.update(updated, Map.of(account.field("Industry"), "Energy"));
        String deleted = Ids.of("001", 4);
        first.delete(deleted);
        String purged = Ids.of("001", 5);
        first.hardDelete(purged);
        first.defineField("Account", FieldDef.builder("Tier__c", FieldType.PICKLIST).length(255).build());
        first.update(created, Map.of(first.find("Account").field("Tier__c"), "Gold"));
        journal.close();

        Org second = org();
        second.journal(new Journal(file));
        for (String id : new String[] {created, updated, deleted}) {
            for (FieldDef f : first.find("Account").fields()) {
                assertThat(second.byId(id).get(f)).as(id + "." + f.name()).isEqualTo(first.byId(id).get(f));
            }
        }
        assertThat(second.byId(purged)).isNull();
        assertThat(second.table("Account").isDeleted(4)).isTrue();
        String next = second.create("Account", Map.of(account.field("Name"), "after restart"));
        assertThat(Ids.number(next)).isEqualTo(Ids.number(created) + 1);
    }

    @Test
    void shouldKeepAnExternalIdFieldAndTheValuesWrittenToIt(@TempDir Path dir) {
        Path file = dir.resolve("org.journal");
        Org first = org();
        Journal journal = new Journal(file);
        first.journal(journal);
        first.defineField("Account", DemoSchema.accountExternalId());
        FieldDef key = first.find("Account").field("External_Id__c");
        String id = first.create("Account", Map.of(first.find("Account").field("Name"), "Keyed", key, "K-1"));
        journal.close();

        Org second = org();
        second.journal(new Journal(file));
        FieldDef replayed = second.find("Account").field("External_Id__c");
        assertThat(replayed.externalId()).isTrue();
        assertThat(replayed.unique()).isTrue();
        assertThat(second.liveValues("Account", replayed)).containsEntry("k-1", java.util.List.of(id));
    }

    @Test
    void shouldRefuseAJournalOfAnotherOrg(@TempDir Path dir) {
        Path file = dir.resolve("org.journal");
        Org first = new Org(DemoSchema.all(), new DemoData(3, Map.of("Account", 20)), new OrgClock(Clock.systemUTC()));
        first.journal(new Journal(file));
        first.create("Account", Map.of(first.find("Account").field("Name"), "x"));
        Org other = new Org(DemoSchema.all(), new DemoData(3, Map.of("Account", 25)), new OrgClock(Clock.systemUTC()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.journal(new Journal(file)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("journal replay diverged");
    }
}
