package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class QueryChunksTest {
    private static final String PATH = "/services/data/v62.0/queryAll/";
    private static final Instant FROM = Instant.parse("2024-01-15T10:30:00Z");
    private static final List<String> KEYS = List.of("Id", "SystemModstamp");

    private static SObjectSchema wide(int added) {
        List<SfField> fields = new ArrayList<>();
        fields.add(new SfField("Id", "id", 18, 0, 0, 0, false, null));
        fields.add(new SfField("Name", "string", 255, 0, 0, 0, false, null));
        fields.add(new SfField("BillingAddress", "address", 0, 0, 0, 0, true, null));
        for (int i = 1; i <= added; i++) {
            fields.add(new SfField(String.format("Custom_Field_Number_%03d__c", i), "string", 80, 0, 0, 0, true,
                    null));
        }
        fields.add(new SfField("SystemModstamp", "datetime", 0, 0, 0, 0, false, null));
        return new SObjectSchema("Account", fields);
    }

    @Test
    void shouldLeaveAQueryThatFitsInOnePiece() {
        SObjectSchema schema = wide(20);
        QueryChunks c = QueryChunks.plan(schema, "SystemModstamp", FROM, KEYS, PATH, 14_336);
        assertThat(c.split()).isFalse();
        assertThat(c.chunks()).containsExactly(schema.extracted());
        assertThat(c.uriBytes()).isEqualTo(QueryChunks.requestTargetBytes(PATH,
                SoqlBuilder.select(schema, "SystemModstamp", FROM)));
    }

    @Test
    void shouldSplitAWideQueryIntoChunksThatEachFitAndTogetherSelectEveryFieldOnce() {
        SObjectSchema schema = wide(800);
        QueryChunks c = QueryChunks.plan(schema, "SystemModstamp", FROM, KEYS, PATH, 14_336);
        assertThat(c.uriBytes()).isGreaterThan(14_336);
        assertThat(c.chunks()).hasSizeGreaterThanOrEqualTo(2);
        Set<String> seen = new HashSet<>();
        for (List<SfField> chunk : c.chunks()) {
            assertThat(chunk.get(0).name()).isEqualTo("Id");
            assertThat(chunk.get(1).name()).isEqualTo("SystemModstamp");
            String soql = SoqlBuilder.chunkSelect(schema, chunk, "SystemModstamp", FROM, "001000000000123AAA",
                    "001000000000999AAA");
            // what a client really sends, URLEncoder's '+' for spaces counted as %20
            String sent = PATH + "?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20");
            assertThat(sent.length()).isLessThanOrEqualTo(14_336).isEqualTo(QueryChunks.requestTargetBytes(PATH,
                    soql));
            for (SfField f : chunk.subList(2, chunk.size())) {
                assertThat(seen.add(f.name())).as(f.name() + " in one chunk only").isTrue();
            }
        }
        seen.add("Id");
        seen.add("SystemModstamp");
        assertThat(seen).containsExactlyInAnyOrderElementsOf(schema.extracted().stream().map(SfField::name)
                .toList());
    }

    @Test
    void shouldUseAsFewChunksAsFit() {
        SObjectSchema schema = wide(800);
        QueryChunks c = QueryChunks.plan(schema, "SystemModstamp", null, KEYS, PATH, 14_336);
        // Every chunk but the last is full: the next field would not have fitted.
        for (int i = 0; i < c.chunks().size() - 1; i++) {
            List<SfField> chunk = new ArrayList<>(c.chunks().get(i));
            chunk.add(c.chunks().get(i + 1).get(2));
            assertThat(QueryChunks.requestTargetBytes(PATH, SoqlBuilder.chunkSelect(schema, chunk, "SystemModstamp",
                    null, "001000000000123AAA", "001000000000999AAA"))).isGreaterThan(14_336);
        }
    }

    @Test
    void shouldNotSplitWithoutAStampToCheckChunksAgainst() {
        QueryChunks c = QueryChunks.plan(wide(800), null, null, List.of(), PATH, 14_336);
        assertThat(c.split()).isFalse();
        assertThat(c.uriBytes()).isGreaterThan(14_336);
    }

    @Test
    void shouldRefuseABudgetTooSmallForOneField() {
        assertThatThrownBy(() -> QueryChunks.plan(wide(800), "SystemModstamp", FROM, KEYS, PATH, 200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void shouldQuoteOnlyRecordIdsInRangeConditions() {
        SObjectSchema schema = wide(1);
        assertThat(SoqlBuilder.chunkSelect(schema, schema.extracted(), "SystemModstamp", FROM, "001000000000123",
                "001000000000999AAA")).endsWith(" WHERE SystemModstamp >= 2024-01-15T10:30:00.000Z AND Id >= "
                        + "'001000000000123' AND Id <= '001000000000999AAA' ORDER BY Id");
        assertThat(SoqlBuilder.chunkSelect(schema, schema.extracted(), "SystemModstamp", null, null, null))
                .endsWith(" FROM Account ORDER BY Id");
        assertThatThrownBy(() -> SoqlBuilder.chunkSelect(schema, schema.extracted(), null, null, "x' OR Id != '",
                null)).isInstanceOf(IllegalArgumentException.class);
    }
}
