package io.sfsync.emulator.soql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.emulator.model.RowView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoqlEvalTest {
    private static final Instant NOW = Instant.parse("2024-03-15T12:00:00Z");
    private static final String K1 = "a01Ab0000000001";
    private static final String K2 = "a01aB0000000001";
    private static final String USER1 = "005000000000001";
    private static final String USER2 = "005000000000002";
    private static final String ACC1 = "001000000000001";

    private final TestOrg org = new TestOrg();
    private final EvalContext ctx = new EvalContext(NOW, org);

    SoqlEvalTest() {
        org.add("User", USER1, "Name", "Ann Admin", "Email", "ann@example.com", "IsActive", true);
        org.add("User", USER2, "Name", "Bob Builder", "Email", "bob@example.com", "IsActive", false);
        org.add("Account", ACC1, "Name", "Acme", "OwnerId", TestOrg.to18(USER2), "AnnualRevenue",
                new BigDecimal("1000000"), "NumberOfEmployees", 50);
        org.add("Account", "001000000000002", "Name", "Beta Corp", "OwnerId", TestOrg.to18(USER1));
        org.add("Kitchen_Sink__c", K1, "Name", "K1", "OwnerId", TestOrg.to18(USER1), "Text__c", "Alpha",
                "Picklist__c", "Alpha", "Multi_Picklist__c", "Red;Green", "Checkbox__c", true, "Quantity__c", 10,
                "Big_Number__c", 10_000_000_000L, "Number__c", new BigDecimal("1.5"), "Amount__c",
                new BigDecimal("100.00"), "Percent__c", new BigDecimal("12.5"), "Date__c", LocalDate.of(2024, 1, 15),
                "Date_Time__c", Instant.parse("2024-01-15T10:30:00Z"), "Time__c", LocalTime.of(10, 30),
                "Account__c", TestOrg.to18(ACC1), "Email__c", "k1@example.com");
        org.add("Kitchen_Sink__c", K2, "Name", "K2", "OwnerId", TestOrg.to18(USER2), "Text__c", "beta",
                "Picklist__c", "Beta", "Multi_Picklist__c", "Blue", "Checkbox__c", false, "Quantity__c", -3,
                "Big_Number__c", 5L, "Number__c", new BigDecimal("-1.5"), "Amount__c", new BigDecimal("0"),
                "Percent__c", new BigDecimal("50"), "Date__c", LocalDate.of(2024, 3, 15),
                "Date_Time__c", Instant.parse("2024-03-15T00:00:00Z"), "Time__c", LocalTime.of(8, 0),
                "Account__c", TestOrg.to18("001000000000002"));
        org.add("Kitchen_Sink__c", "a01000000000003", "Name", "K3", "OwnerId", TestOrg.to18(USER2),
                "Checkbox__c", false);
        org.add("Kitchen_Sink__c", "a01000000000004", "Name", "K4", "OwnerId", TestOrg.to18(USER1),
                "Text__c", "Gamma 50%", "Picklist__c", "Gamma, Delta", "Multi_Picklist__c", "Green;Red;Yellow",
                "Checkbox__c", true, "Quantity__c", 0, "Big_Number__c", Long.MAX_VALUE, "Number__c",
                new BigDecimal("2"), "Amount__c", new BigDecimal("99.99"), "Percent__c", new BigDecimal("0"),
                "Date__c", LocalDate.of(2024, 3, 14), "Date_Time__c", Instant.parse("2024-03-15T11:59:59.999Z"),
                "Time__c", LocalTime.of(23, 59, 59), "Account__c", TestOrg.to18("001000000000099"));
        org.add("Kitchen_Sink__c", "a01000000000005", "Name", "K5", "OwnerId", TestOrg.to18(USER1),
                "Text__c", "Alpha_1", "Multi_Picklist__c", "Red", "Checkbox__c", false, "Quantity__c", 10,
                "Date__c", LocalDate.of(2024, 2, 20), "Date_Time__c", Instant.parse("2024-03-16T00:00:00Z"));
    }

    /** Names of the Kitchen_Sink__c rows matching {@code where}, in insertion order. */
    private List<String> where(String where) {
        return names("SELECT Id FROM Kitchen_Sink__c WHERE " + where, "Kitchen_Sink__c");
    }

    private List<String> names(String soql, String type) {
        SoqlQuery q = SoqlParser.parse(soql, org);
        List<String> out = new ArrayList<>();
        for (RowView r : org.rows(type)) {
            if (q.matches(r, ctx)) {
                out.add((String) r.get(r.type().field("Name")));
            }
        }
        return out;
    }

    private List<String> sorted(String soql) {
        SoqlQuery q = SoqlParser.parse(soql, org);
        List<RowView> rows = new ArrayList<>(org.rows("Kitchen_Sink__c"));
        rows.sort(q.ordering(ctx));
        return rows.stream().map(r -> (String) r.get(r.type().field("Name"))).collect(Collectors.toList());
    }

    @Test
    void noWhereMatchesEverything() {
        assertThat(names("SELECT Id FROM Kitchen_Sink__c", "Kitchen_Sink__c")).containsExactly("K1", "K2", "K3",
                "K4", "K5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Text__c = 'alpha'|K1",
        "Text__c = 'ALPHA'|K1",
        "Text__c != 'alpha'|K2,K3,K4,K5",
        "Text__c <> 'alpha'|K2,K3,K4,K5",
        "Text__c < 'b'|K1,K5",
        "Text__c <= 'BETA'|K1,K2,K5",
        "Text__c > 'alpha'|K2,K4,K5",
        "Text__c >= 'Beta'|K2,K4",
        "Text__c = 'it\\'s'|-",
        "Name = 'k3'|K3",
        "Email__c = 'K1@EXAMPLE.COM'|K1",
        "Picklist__c = 'gamma, delta'|K4",
        "Picklist__c != 'Alpha'|K2,K3,K4,K5",
        "Picklist__c IN ('alpha', 'beta')|K1,K2",
    })
    void stringComparisonsIgnoreCaseAndNullsPassNotEquals(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Text__c LIKE 'al%'|K1,K5",
        "Text__c LIKE '%A'|K1,K2",
        "Text__c LIKE '%MM%'|K4",
        "Text__c LIKE 'alpha'|K1",
        "Text__c LIKE 'b_ta'|K2",
        "Text__c LIKE '_l%_1'|K5",
        "Text__c LIKE '%'|K1,K2,K4,K5",
        "Text__c LIKE '%50\\%'|K4",
        "Text__c LIKE 'Gamma 50\\%'|K4",
        "Text__c LIKE 'Alpha\\_1'|K5",
        "Text__c LIKE 'Alpha\\_%'|K5",
        "Text__c LIKE 'Alpha_'|-",
        "Text__c NOT LIKE 'al%'|K2,K3,K4",
        "NOT Text__c LIKE 'al%'|K2,K3,K4",
    })
    void likeMatchesWholeValueCaseInsensitively(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Text__c = null|K3",
        "Text__c != null|K1,K2,K4,K5",
        "Date_Time__c = NULL|K3",
        "Quantity__c != null|K1,K2,K4,K5",
        "Account__c = null|K3,K5",
        "Multi_Picklist__c = null|K3",
        "Multi_Picklist__c != null|K1,K2,K4,K5",
        "Quantity__c < null|-",
    })
    void nullComparisons(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Checkbox__c = TRUE|K1,K4",
        "Checkbox__c = false|K2,K3,K5",
        "Checkbox__c != true|K2,K3,K5",
    })
    void booleans(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Quantity__c = 10|K1,K5",
        "Quantity__c = 10.0|K1,K5",
        "Quantity__c != 10|K2,K3,K4",
        "Quantity__c < 0|K2",
        "Quantity__c <= 0|K2,K4",
        "Quantity__c > -3|K1,K4,K5",
        "Quantity__c >= -3|K1,K2,K4,K5",
        "Quantity__c > 9.5|K1,K5",
        "Quantity__c IN (0, -3)|K2,K4",
        "Big_Number__c > 9999999999|K1,K4",
        "Big_Number__c = 9223372036854775807|K4",
        "Big_Number__c < 6|K2",
        "Number__c = 1.50|K1",
        "Number__c < 0|K2",
        "Number__c >= -1.5|K1,K2,K4",
        "Number__c = 2|K4",
        "Amount__c > 99.99|K1",
        "Amount__c >= 99.99|K1,K4",
        "Amount__c = 0|K2",
        "Amount__c <= +0.00|K2",
        "Percent__c < 12.5|K4",
        "Percent__c = 50|K2",
        "Percent__c != 50|K1,K3,K4,K5",
    })
    void numbersCompareNumerically(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Date__c = 2024-01-15|K1",
        "Date__c != 2024-01-15|K2,K3,K4,K5",
        "Date__c < 2024-03-14|K1,K5",
        "Date__c <= 2024-03-14|K1,K4,K5",
        "Date__c > 2024-02-20|K2,K4",
        "Date__c >= 2024-02-20|K2,K4,K5",
        "Date__c IN (2024-01-15, 2024-02-20)|K1,K5",
        "Date__c = TODAY|K2",
        "Date__c = YESTERDAY|K4",
        "Date__c = TOMORROW|-",
        "Date__c < TODAY|K1,K4,K5",
        "Date__c <= TODAY|K1,K2,K4,K5",
        "Date__c > YESTERDAY|K2",
        "Date__c >= YESTERDAY|K2,K4",
        "Date__c = LAST_N_DAYS:30|K2,K4,K5",
        "Date__c = LAST_N_DAYS:1|K2,K4",
        "Date__c = NEXT_N_DAYS:5|-",
        "Date__c = THIS_MONTH|K2,K4",
        "Date__c = LAST_MONTH|K5",
        "Date__c = THIS_YEAR|K1,K2,K4,K5",
        "Date__c = N_DAYS_AGO:1|K4",
        "Date__c != TODAY|K1,K3,K4,K5",
        "Date__c IN (TODAY, YESTERDAY)|K2,K4",
    })
    void datesAndDateLiterals(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Date_Time__c = 2024-01-15T10:30:00Z|K1",
        "Date_Time__c = 2024-01-15T10:30:00.000Z|K1",
        "Date_Time__c = 2024-01-15T11:30:00+01:00|K1",
        "Date_Time__c = 2024-01-15T02:30:00-08:00|K1",
        "Date_Time__c = 2024-01-15T11:30:00.000+0100|K1",
        "Date_Time__c = 2024-01-15T11:30:00+0100|K1",
        "Date_Time__c = 2024-01-15t10:30:00z|K1",
        "Date_Time__c != 2024-01-15T10:30:00Z|K2,K3,K4,K5",
        "Date_Time__c > 2024-01-15T10:30:00Z|K2,K4,K5",
        "Date_Time__c >= 2024-01-15T10:30:00Z|K1,K2,K4,K5",
        "Date_Time__c < 2024-03-15T00:00:00.001Z|K1,K2",
        "Date_Time__c <= 2024-03-15T00:00:00Z|K1,K2",
        "Date_Time__c > 2024-03-15T11:59:59.998Z|K4,K5",
        "Date_Time__c = TODAY|K2,K4",
        "Date_Time__c > TODAY|K5",
        "Date_Time__c < TODAY|K1",
        "Date_Time__c >= TODAY|K2,K4,K5",
        "Date_Time__c <= TODAY|K1,K2,K4",
        "Date_Time__c = TOMORROW|K5",
        "Date_Time__c = LAST_N_DAYS:70|K1,K2,K4",
        "Date_Time__c = LAST_N_DAYS:0|K2,K4",
        "Date_Time__c = THIS_MONTH|K2,K4,K5",
        "Date_Time__c = THIS_WEEK|K2,K4,K5",
        "Date_Time__c = LAST_MONTH|-",
        "Date_Time__c = NEXT_N_DAYS:1|K5",
    })
    void dateTimesAndDayLiterals(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @Test
    void lastNDaysOnDateTimeEndsAtNow() {
        org.add("Kitchen_Sink__c", "a01000000000006", "Name", "K6", "Date_Time__c",
                Instant.parse("2024-03-15T12:00:00.001Z"));
        assertThat(where("Date_Time__c = LAST_N_DAYS:1")).containsExactly("K2", "K4");
        assertThat(where("Date_Time__c = TODAY")).containsExactly("K2", "K4", "K6");
    }

    @Test
    void relativeLiteralsFollowTheClockOfEachContext() {
        SoqlQuery q = SoqlParser.parse("SELECT Id FROM Kitchen_Sink__c WHERE Date__c = TODAY", org);
        RowView k2 = org.rows("Kitchen_Sink__c").get(1);
        assertThat(q.matches(k2, ctx)).isTrue();
        assertThat(q.matches(k2, new EvalContext(NOW.plusSeconds(86_400), org))).isFalse();
        assertThat(q.matches(k2, ctx)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Time__c = 10:30:00.000Z|K1",
        "Time__c = 10:30:00|K1",
        "Time__c < 10:30:00Z|K2",
        "Time__c > 10:30:00Z|K4",
        "Time__c >= 08:00:00.000Z|K1,K2,K4",
        "Time__c != 08:00:00Z|K1,K3,K4,K5",
    })
    void times(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Multi_Picklist__c = 'Red;Green'|K1",
        "Multi_Picklist__c = 'green;RED'|K1",
        "Multi_Picklist__c = 'Red'|K5",
        "Multi_Picklist__c != 'Red'|K1,K2,K3,K4",
        "Multi_Picklist__c INCLUDES ('Red')|K1,K4,K5",
        "Multi_Picklist__c INCLUDES ('Red;Yellow', 'Blue')|K2,K4",
        "Multi_Picklist__c INCLUDES ('yellow;red')|K4",
        "Multi_Picklist__c EXCLUDES ('Red')|K2,K3",
        "Multi_Picklist__c EXCLUDES ('Red;Green')|K2,K3,K5",
        "Multi_Picklist__c IN ('Blue', 'Red')|K2,K5",
        "Multi_Picklist__c NOT IN ('Blue', 'Red')|K1,K3,K4",
    })
    void multiPicklists(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @Test
    void idsMatch15CharactersCaseSensitivelyAnd18IgnoringCase() {
        assertThat(where("Id = '" + K1 + "'")).containsExactly("K1");
        assertThat(where("Id = '" + K2 + "'")).containsExactly("K2");
        assertThat(where("Id = '" + TestOrg.to18(K2) + "'")).containsExactly("K2");
        assertThat(where("Id = '" + TestOrg.to18(K1).toLowerCase() + "'")).containsExactly("K1");
        assertThat(where("Id != '" + K1 + "'")).containsExactly("K2", "K3", "K4", "K5");
        assertThat(where("Id IN ('" + K2 + "', '" + TestOrg.to18("a01000000000004") + "')"))
                .containsExactly("K2", "K4");
        assertThat(where("OwnerId = '" + USER2 + "'")).containsExactly("K2", "K3");
        assertThat(where("Id > '" + TestOrg.to18("a01000000000003") + "'")).containsExactly("K1", "K2", "K4", "K5");
    }

    @Test
    void largeInListsUseSetsWithTheSameSemantics() {
        String filler = IntStream.range(100, 120).mapToObj(i -> "'a01000000000" + i + "'")
                .collect(Collectors.joining(", "));
        assertThat(where("Id IN (" + filler + ", '" + K1 + "', '" + TestOrg.to18("a01000000000004").toUpperCase()
                + "')")).containsExactly("K1", "K4");
        assertThat(where("Id NOT IN (" + filler + ", '" + K1 + "')")).containsExactly("K2", "K3", "K4", "K5");
        String words = IntStream.range(0, 20).mapToObj(i -> "'w" + i + "'").collect(Collectors.joining(", "));
        assertThat(where("Text__c IN (" + words + ", 'ALPHA', 'Beta')")).containsExactly("K1", "K2");
        assertThat(where("Text__c NOT IN (" + words + ", 'ALPHA', 'Beta')")).containsExactly("K3", "K4", "K5");
        String numbers = IntStream.range(100, 120).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        assertThat(where("Quantity__c IN (" + numbers + ", 10.0, -3)")).containsExactly("K1", "K2", "K5");
        assertThat(where("Number__c IN (" + numbers + ", 1.5, 2)")).containsExactly("K1", "K4");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Text__c IN ('alpha', 'beta')|K1,K2",
        "Text__c NOT IN ('alpha', 'beta')|K3,K4,K5",
        "Text__c IN ('alpha', null)|K1,K3",
        "Text__c NOT IN ('alpha', null)|K2,K4,K5",
        "Checkbox__c IN (true)|K1,K4",
    })
    void inAndNotIn(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Checkbox__c = true AND Quantity__c = 10|K1",
        "Checkbox__c = true OR Quantity__c = 10|K1,K4,K5",
        "Checkbox__c = true AND Quantity__c = 10 AND Text__c = 'alpha'|K1",
        "Text__c = 'beta' OR Text__c = 'alpha' OR Name = 'K3'|K1,K2,K3",
        "NOT Checkbox__c = true|K2,K3,K5",
        "NOT (Checkbox__c = true OR Quantity__c = 10)|K2,K3",
        "(Checkbox__c = true OR Quantity__c = 10) AND Text__c LIKE 'a%'|K1,K5",
        "Checkbox__c = true OR (Quantity__c = 10 AND Text__c LIKE 'a%')|K1,K4,K5",
        "((Name = 'K1'))|K1",
        "Name = 'K2' OR NOT (Name != 'K3')|K2,K3",
        "Checkbox__c = false AND NOT Text__c = null|K2,K5",
    })
    void booleanConnectives(String where, String expected) {
        assertThat(where(where)).isEqualTo(list(expected));
    }

    @Test
    void relationshipPathsFilterThroughResolvedParents() {
        assertThat(where("Owner.Name = 'ann admin'")).containsExactly("K1", "K4", "K5");
        assertThat(where("Account__r.Owner.Email LIKE 'bob@%'")).containsExactly("K1");
        assertThat(where("Account__r.Name != 'Acme'")).containsExactly("K2", "K3", "K4", "K5");
        assertThat(where("Account__r.Name = null")).containsExactly("K3", "K4", "K5");
        assertThat(names("SELECT Id FROM Account WHERE Owner.IsActive = true", "Account")).containsExactly(
                "Beta Corp");
        assertThat(names("SELECT Id FROM Account WHERE AnnualRevenue >= 1000000 AND NumberOfEmployees = 50",
                "Account")).containsExactly("Acme");
    }

    @Test
    void whereFieldsListsTopLevelFields() {
        SoqlQuery q = SoqlParser.parse("SELECT Id FROM Kitchen_Sink__c WHERE Text__c = 'a' OR "
                + "(Account__r.Owner.Name = 'x' AND NOT Checkbox__c = true)", org);
        assertThat(q.whereFields()).extracting(f -> f.name()).containsExactlyInAnyOrder("Text__c", "Account__c",
                "Checkbox__c");
        assertThat(SoqlParser.parse("SELECT Id FROM Account", org).whereFields()).isEmpty();
    }

    @Test
    void orderByAscendingPutsNullsFirstByDefault() {
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Text__c")).containsExactly("K3", "K1", "K5",
                "K2", "K4");
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Text__c ASC NULLS LAST")).containsExactly("K1",
                "K5", "K2", "K4", "K3");
    }

    @Test
    void orderByDescendingPutsNullsLastByDefault() {
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Date__c DESC")).containsExactly("K2", "K4",
                "K5", "K1", "K3");
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Date__c DESC NULLS FIRST")).containsExactly(
                "K3", "K2", "K4", "K5", "K1");
    }

    @Test
    void orderByTiesBreakOnLaterKeysThenId() {
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Checkbox__c DESC, Quantity__c ASC NULLS LAST"))
                .containsExactly("K4", "K1", "K2", "K5", "K3");
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Checkbox__c")).containsExactly("K3", "K5", "K2",
                "K4", "K1");
    }

    @Test
    void orderByNumbersDateTimesAndRelationships() {
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Number__c NULLS LAST")).containsExactly("K2",
                "K1", "K4", "K3", "K5");
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Date_Time__c DESC")).containsExactly("K5", "K4",
                "K2", "K1", "K3");
        assertThat(sorted("SELECT Id FROM Kitchen_Sink__c ORDER BY Owner.Name DESC, Name DESC")).containsExactly(
                "K3", "K2", "K5", "K4", "K1");
    }

    @Test
    void orderingIsATotalOrderConsistentWithSort() {
        Comparator<RowView> cmp = SoqlParser.parse("SELECT Id FROM Kitchen_Sink__c ORDER BY Checkbox__c", org)
                .ordering(ctx);
        List<RowView> rows = org.rows("Kitchen_Sink__c");
        for (RowView a : rows) {
            assertThat(cmp.compare(a, a)).isZero();
            for (RowView b : rows) {
                assertThat(Integer.signum(cmp.compare(a, b))).isEqualTo(-Integer.signum(cmp.compare(b, a)));
                if (a != b) {
                    assertThat(cmp.compare(a, b)).isNotZero();
                }
            }
        }
    }

    @Test
    void fieldPathValuesFollowReferences() {
        SoqlQuery q = SoqlParser.parse("SELECT Name, Owner.Name, Account__r.Owner.Email, Account__r.Name "
                + "FROM Kitchen_Sink__c", org);
        RowView k1 = org.rows("Kitchen_Sink__c").get(0);
        RowView k3 = org.rows("Kitchen_Sink__c").get(2);
        RowView k4 = org.rows("Kitchen_Sink__c").get(3);
        List<FieldPath> s = q.select();
        assertThat(s.get(0).value(k1, ctx)).isEqualTo("K1");
        assertThat(s.get(1).value(k1, ctx)).isEqualTo("Ann Admin");
        assertThat(s.get(2).value(k1, ctx)).isEqualTo("bob@example.com");
        assertThat(s.get(2).parent(k1, 0, ctx)).isSameAs(k1);
        assertThat(s.get(2).parent(k1, 1, ctx)).isSameAs(org.byId(ACC1));
        assertThat(s.get(2).parent(k1, 2, ctx)).isSameAs(org.byId(USER2));
        assertThat(s.get(2).value(k3, ctx)).isNull();
        assertThat(s.get(2).parent(k3, 1, ctx)).isNull();
        assertThat(s.get(2).parent(k3, 2, ctx)).isNull();
        assertThat(s.get(3).value(k4, ctx)).as("dangling reference").isNull();
        assertThat(s.get(1).value(k1, new EvalContext(NOW, null))).as("no resolver").isNull();
        assertThatThrownBy(() -> s.get(1).parent(k1, 2, ctx)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> list(String csv) {
        if (csv.equals("-")) {
            return List.of();
        }
        return List.of(csv.split(","));
    }
}
