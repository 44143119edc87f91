package io.sfsync.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.query.QueryEngine;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom objects defined and dropped while the org runs, and an org clock that stands still until advanced. */
class RuntimeTypesTest {
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private static Org org() {
        return new Org(DemoSchema.all(), new DemoData(7, Map.of("User", 2, "Account", 5)),
                new OrgClock(Clock.fixed(T0, ZoneOffset.UTC)));
    }

    private static SObjectDef widget(String prefix) {
        return DemoSchema.customObject("Widget__c", prefix, List.of(
                FieldDef.builder("Size__c", FieldType.DOUBLE).precision(18, 2).build(),
                FieldDef.builder("Note__c", FieldType.TEXTAREA).length(1000).build()));
    }

    @Test
    void shouldServeADefinedTypeLikeAnyOtherUntilItIsDropped() {
        Org org = org();
        org.defineType(widget("w01"));
        SObjectDef def = org.find("widget__c");
        assertThat(def.fields()).extracting(FieldDef::name).startsWith("Id", "OwnerId", "IsDeleted", "Name",
                "CreatedDate").endsWith("SystemModstamp", "Size__c", "Note__c");
        assertThat(org.all()).extracting(SObjectDef::name).contains("Account", "Widget__c");

        String a = org.create("Widget__c", Map.of(def.field("Name"), "a",
                def.field("Size__c"), new BigDecimal("1.50")));
        String b = org.create("Widget__c", Map.of(def.field("Name"), "b"));
        assertThat(a).startsWith("w01").isEqualTo(Ids.of("w01", 0));
        assertThat(org.byId(a).get(def.field("SystemModstamp"))).isEqualTo(T0);
        org.clock().advance(Duration.ofMillis(1500));
        org.update(b, Map.of(def.field("Note__c"), "later"));
        assertThat(org.byId(b).get(def.field("SystemModstamp"))).isEqualTo(T0.plusSeconds(1));
        org.delete(a);
        org.hardDelete(b);

        QueryEngine engine = new QueryEngine(org);
        assertThat(engine.count(engine.parse("SELECT COUNT() FROM Widget__c"), true)).isEqualTo(1);
        assertThat(engine.count(engine.parse("SELECT COUNT() FROM Widget__c"), false)).isZero();

        org.dropType("Widget__c");
        assertThat(org.find("Widget__c")).isNull();
        assertThat(org.byId(a)).isNull();
        assertThat(org.all()).extracting(SObjectDef::name).doesNotContain("Widget__c");
        org.defineType(widget("w01"));
        assertThat(org.create("Widget__c", Map.of(org.find("Widget__c").field("Name"), "fresh")))
                .isEqualTo(Ids.of("w01", 0));
    }

    @Test
    void shouldRefuseATypeWhoseNameOrKeyPrefixIsTaken() {
        Org org = org();
        org.defineType(widget("w01"));
        assertThatThrownBy(() -> org.defineType(widget("w02"))).isInstanceOf(ApiException.class)
                .hasMessageContaining("Widget__c");
        assertThatThrownBy(() -> org.defineType(DemoSchema.customObject("Other__c", "001", List.of())))
                .isInstanceOf(ApiException.class).hasMessageContaining("001");
        assertThatThrownBy(() -> DemoSchema.customObject("Other", "w03", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseARuntimeTypeWhenChangesGoToAJournal(@TempDir Path dir) {
        Org org = org();
        org.journal(new Journal(dir.resolve("org.journal")));
        assertThatThrownBy(() -> org.defineType(widget("w01"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("journal");
    }

    @Test
    void shouldRunTheOrgClockOnTheConfiguredClock() {
        try (SalesforceEmulator emulator = SalesforceEmulator.start(EmulatorConfig.builder()
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).volume("Account", 3).volume("Contact", 0)
                .volume("Opportunity", 0).volume("Kitchen_Sink__c", 0).build())) {
            assertThat(emulator.org().clock().now()).isEqualTo(T0);
            emulator.org().clock().advance(Duration.ofSeconds(5));
            assertThat(emulator.org().clock().now()).isEqualTo(T0.plusSeconds(5));
        }
    }
}
