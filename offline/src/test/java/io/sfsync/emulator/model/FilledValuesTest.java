package io.sfsync.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.SalesforceLimits;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wide and filled fields: deterministic values of their declared type and size, and the limits on defining them. */
class FilledValuesTest {
    private static final int ROWS = 1_000;

    private static Org org(long seed) {
        return new Org(DemoSchema.all(), new DemoData(seed, Map.of("User", 3, "Account", ROWS)),
                new OrgClock(Clock.systemUTC()));
    }

    private static Org wide(long seed, int fields) {
        Org org = org(seed);
        org.defineFields("Account", WideObject.fields(org.find("Account"), fields));
        return org;
    }

    private static List<FieldDef> wideFields(Org org) {
        return org.find("Account").fields().stream().filter(f -> f.name().matches("W\\d{3}_.*")).toList();
    }

    @Test
    void shouldGiveTheSameValuesForTheSameSeedAndOthersForAnother() {
        Org first = wide(7, 800);
        Org second = wide(7, 800);
        Org other = wide(8, 800);
        int differ = 0;
        for (int r = 0; r < 20; r++) {
            String id = Ids.of("001", r);
            for (FieldDef f : wideFields(first)) {
                assertThat(second.byId(id).get(f)).as(id + "." + f.name()).isEqualTo(first.byId(id).get(f));
                differ += java.util.Objects.equals(other.byId(id).get(f), first.byId(id).get(f)) ? 0 : 1;
            }
        }
        assertThat(differ).as("values that another seed changes").isGreaterThan(20 * 800 / 2);
    }

    @Test
    void shouldNameAndMixEightHundredFieldsAsDocumented() {
        List<FieldDef> fields = wideFields(wide(7, 800));
        assertThat(fields).hasSize(800);
        assertThat(fields.get(0).name()).isEqualTo("W001_Region_Text__c");
        assertThat(fields).allMatch(FieldDef::custom).allMatch(FieldDef::filled);
        assertThat(fields.stream().filter(f -> "plaintextarea".equals(f.extraTypeInfo()))).hasSize(6)
                .allMatch(f -> f.length() == SalesforceLimits.LONG_TEXT_MAX);
        assertThat(fields.stream().filter(f -> "richtextarea".equals(f.extraTypeInfo()))).hasSize(6)
                .allMatch(f -> f.length() == SalesforceLimits.LONG_TEXT_MAX);
        assertThat(fields.stream().filter(f -> f.type() == FieldType.STRING).count()).isBetween(380L, 400L);
        assertThat(fields.stream().map(FieldDef::type).distinct()).contains(FieldType.DOUBLE, FieldType.CURRENCY,
                FieldType.PERCENT, FieldType.INT, FieldType.DATE, FieldType.DATETIME, FieldType.BOOLEAN,
                FieldType.PICKLIST, FieldType.EMAIL, FieldType.PHONE, FieldType.URL, FieldType.TEXTAREA);
        assertThat(fields.stream().filter(f -> f.type() == FieldType.PICKLIST)).allMatch(f -> f.picklistValues()
                .size() >= 4);
        int select = fields.stream().mapToInt(f -> f.name().length() + 2).sum();
        assertThat(select).as("characters of the 800 names in a SELECT").isBetween(16_384, 30_000);
    }

    @Test
    void shouldFillEveryTypeWithinItsDeclaredSizeWithHeavyAndAwkwardValuesAndSomeNulls() {
        Org org = wide(42, 800);
        int nulls = 0;
        int huge = 0;
        int awkward = 0;
        long textChars = 0;
        long textDeclared = 0;
        for (int r = 0; r < ROWS; r++) {
            RowView row = org.byId(Ids.of("001", r));
            for (FieldDef f : wideFields(org)) {
                Object v = row.get(f);
                if (v == null) {
                    nulls++;
                    continue;
                }
                if (f.type().isText()) {
                    String s = (String) v;
                    assertThat(s.length()).as(f.name()).isBetween(1, f.length());
                    if (f.type() == FieldType.STRING) {
                        textChars += s.length();
                        textDeclared += f.length();
                    }
                    huge += s.length() >= FilledValues.HUGE_MIN ? 1 : 0;
                    awkward += s.matches("(?s).*[\"\\n,\\u00e9\\u00fc].*") ? 1 : 0;
                    if ("richtextarea".equals(f.extraTypeInfo())) {
                        assertThat(s).startsWith("<p>").endsWith("</p>");
                    }
                    if (f.type() == FieldType.PICKLIST) {
                        assertThat(f.picklistValues()).contains(s);
                    }
                } else {
                    assertThat(v).isInstanceOfAny(Boolean.class, Integer.class, java.math.BigDecimal.class,
                            java.time.LocalDate.class, java.time.Instant.class);
                }
                if (f.type() == FieldType.PERCENT) {
                    assertThat(((java.math.BigDecimal) v).abs()).isLessThan(new java.math.BigDecimal("1000"));
                }
            }
        }
        int values = ROWS * 800;
        assertThat(nulls).as("nulls (35% of the nillable values)").isBetween(values / 5, values / 2);
        // 12 long text areas, 65% not null, one value in 200 huge: about 39 in 1,000 rows
        assertThat(huge).as("long text values of 120,000 characters or more").isBetween(20, 65);
        assertThat(awkward).as("text with quotes, line breaks, commas or accents").isGreaterThan(values / 10);
        assertThat(textChars).as("Text values fill an eighth to a half of their length").isBetween(textDeclared / 5,
                textDeclared * 45 / 100);
    }

    @Test
    void shouldLeaveFieldsAddedWithoutFillNullAndFillThoseWithIt() {
        Org org = org(7);
        org.defineField("Account", FieldDef.builder("Plain__c", FieldType.STRING).length(80).build());
        org.defineField("Account", FieldDef.builder("Filled__c", FieldType.STRING).length(80).filled(true).build());
        SObjectDef account = org.find("Account");
        int filled = 0;
        for (int r = 0; r < 50; r++) {
            RowView row = org.byId(Ids.of("001", r));
            assertThat(row.get(account.field("Plain__c"))).isNull();
            filled += row.get(account.field("Filled__c")) != null ? 1 : 0;
        }
        // 35% of a sparse filled field's values are null: 50 rows give ~32
        assertThat(filled).isBetween(20, 45);
    }

    @Test
    void shouldKeepFilledValuesAcrossARestartWithAJournal(@TempDir Path dir) {
        Path file = dir.resolve("org.journal");
        Org first = org(7);
        Journal journal = new Journal(file);
        first.journal(journal);
        first.defineField("Account", FieldDef.builder("Notes__c", FieldType.TEXTAREA).length(5000)
                .extraTypeInfo("richtextarea").filled(true).build());
        first.defineField("Account", FieldDef.builder("Tier__c", FieldType.PICKLIST).length(255)
                .picklist("Gold", "Silver").filled(true).build());
        journal.close();

        Org second = org(7);
        second.journal(new Journal(file));
        FieldDef notes = second.find("Account").field("Notes__c");
        assertThat(notes.extraTypeInfo()).isEqualTo("richtextarea");
        assertThat(second.find("Account").field("Tier__c").picklistValues()).containsExactly("Gold", "Silver");
        for (int r = 0; r < 30; r++) {
            String id = Ids.of("001", r);
            for (String name : new String[] {"Notes__c", "Tier__c"}) {
                Object before = first.byId(id).get(first.find("Account").field(name));
                assertThat(second.byId(id).get(second.find("Account").field(name))).isEqualTo(before);
            }
        }
        assertThat(first.byId(Ids.of("001", 1)).get(first.find("Account").field("Notes__c"))).isNotNull();
    }

    @Test
    void shouldRefuseTheEightHundredAndFirstCustomFieldAndTooMuchLongText() {
        Org org = wide(7, 800);
        assertThatThrownBy(() -> org.defineField("Account", FieldDef.builder("One_More__c", FieldType.STRING)
                .length(10).build())).isInstanceOf(ApiException.class).hasMessageContaining("800 custom fields")
                .extracting(e -> ((ApiException) e).errorCode()).isEqualTo("LIMIT_EXCEEDED");
        org.defineField("Account", FieldDef.builder("W001_Region_Text__c", FieldType.STRING).length(99).build());
        assertThat(org.find("Account").field("W001_Region_Text__c").length()).as("redefining is no new field")
                .isEqualTo(99);

        Org small = org(7);
        for (int i = 0; i < 12; i++) {
            small.defineField("Account", FieldDef.builder("Long" + i + "__c", FieldType.TEXTAREA)
                    .length(SalesforceLimits.LONG_TEXT_MAX).extraTypeInfo("plaintextarea").build());
        }
        assertThatThrownBy(() -> small.defineField("Account", FieldDef.builder("Long12__c", FieldType.TEXTAREA)
                .length(SalesforceLimits.LONG_TEXT_MAX).extraTypeInfo("plaintextarea").build()))
                .isInstanceOf(ApiException.class).hasMessageContaining("1638400");
    }
}
