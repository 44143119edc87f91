package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BulkResultsTest {
    private static final List<WritableField> FIELDS = List.of(
            new WritableField("Ext_Id__c", "string", 0, true, true, true, true),
            new WritableField("Name", "string", 0, true, true, false, false));
    private static final ReverseRows ROWS = new ReverseRows(FIELDS, "Ext_Id__c");

    private static ByteArrayInputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldCountCreatedAndUpdatedRows() {
        BulkResults.Successes s = BulkResults.successes(csv("\"sf__Id\",\"sf__Created\",Ext_Id__c,Name\n"
                + "001000000000001AAA,true,A,a\n001000000000002AAA,false,B,b\n001000000000003AAA,true,C,c\n"));
        assertThat(s.created()).isEqualTo(2);
        assertThat(s.updated()).isEqualTo(1);
    }

    @Test
    void shouldReadEachFailedRowWithItsCodeMessageFieldsAndValues() {
        List<ReverseFailure> failed = new ArrayList<>();
        BulkResults.failed(csv("\"sf__Id\",\"sf__Error\",Ext_Id__c,Name\n"
                + ",REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --,A,#N/A\n"
                + ",\"STRING_TOO_LONG:Name: data value too large: xxx (max length=255):Name --\",B,xxx\n"
                + ",DUPLICATE_VALUE:duplicate value found,C,c\n"), ROWS, failed::add);
        assertThat(failed).extracting(ReverseFailure::keyValue).containsExactly("A", "B", "C");
        assertThat(failed).extracting(ReverseFailure::statusCode)
                .containsExactly("REQUIRED_FIELD_MISSING", "STRING_TOO_LONG", "DUPLICATE_VALUE");
        assertThat(failed.get(0).message()).isEqualTo("Required fields are missing: [Name]");
        assertThat(failed.get(0).fields()).isEqualTo("Name");
        assertThat(failed.get(0).rowJson()).isEqualTo("{\"Ext_Id__c\":\"A\",\"Name\":null}");
        assertThat(failed.get(1).message()).isEqualTo("Name: data value too large: xxx (max length=255)");
        assertThat(failed.get(2).fields()).isNull();
    }

    @Test
    void shouldReadUnprocessedRowsAsFailuresSayingWhy() {
        List<ReverseFailure> rows = new ArrayList<>();
        BulkResults.unprocessed(csv("Ext_Id__c,Name\nA,a\n"), ROWS, "job ended Failed", rows::add);
        assertThat(rows).singleElement().satisfies(f -> {
            assertThat(f.statusCode()).isEqualTo(ReverseFailure.UNPROCESSED);
            assertThat(f.message()).isEqualTo("job ended Failed");
            assertThat(f.keyValue()).isEqualTo("A");
        });
    }
}
