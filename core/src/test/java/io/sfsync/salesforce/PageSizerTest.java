package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageSizerTest {
    private static final long MIB = 1024 * 1024;

    private static SfField field(String name, String type, int length, int precision, int digits) {
        return new SfField(name, type, length, precision, 0, digits, true, null);
    }

    @ParameterizedTest(name = "{0}({1}, precision {2}, digits {3}) takes at most {4} bytes")
    @CsvSource({
        "id, 18, 0, 0, 18",
        "reference, 18, 0, 0, 18",
        "boolean, 0, 0, 0, 5",
        "date, 0, 0, 0, 10",
        "datetime, 0, 0, 0, 24",
        "time, 0, 0, 0, 13",
        "int, 0, 0, 8, 9",
        "int, 0, 0, 0, 11",
        "double, 0, 18, 0, 20",
        "currency, 0, 0, 0, 24",
        "percent, 0, 5, 0, 7",
        "string, 80, 0, 0, 240",
        "picklist, 255, 0, 0, 765",
        "email, 0, 0, 0, 765",
        "textarea, 131072, 0, 0, 393216",
    })
    void shouldBoundEachValueByItsDescribe(String type, int length, int precision, int digits, long bytes) {
        assertThat(PageSizer.valueBytes(field("F", type, length, precision, digits))).isEqualTo(bytes);
    }

    @Test
    void shouldAddQuotesSeparatorsAndTheLineBreakToARow() {
        List<SfField> fields = List.of(field("Id", "id", 18, 0, 0), field("IsDeleted", "boolean", 0, 0, 0));
        assertThat(PageSizer.rowBytes(fields)).isEqualTo(1 + (3 + 18) + (3 + 5));
        assertThat(PageSizer.headerBytes(fields)).isEqualTo(1 + (3 + 2) + (3 + 9));
    }

    /** budget, max-records, estimated row bytes -> rows of the first page. */
    @ParameterizedTest(name = "budget {0}, max {1}, row {2} bytes -> {3} rows")
    @CsvSource({
        // narrow rows: the row cap
        "33554432, 20000, 200, 20000",
        // the Id reconciliation's one column (22 bytes a row)
        "33554432, 20000, 22, 20000",
        // wide rows: the budget over the row
        "33554432, 20000, 10000, 3355",
        "33554432, 20000, 393500, 85",
        // rows wider than the budget allows ten of: still ten (a describe's worst case is rarely reached)
        "33554432, 20000, 100000000, 10",
        // a row cap below the least: the cap
        "33554432, 5, 100000000, 5",
    })
    void shouldSizeTheFirstPageFromTheDescribe(long budget, int max, long row, int rows) {
        assertThat(new PageSizer(budget, max, row, 0).nextRows()).isEqualTo(rows);
    }

    @Test
    void shouldAdaptToMeasuredPagesWithHeadroomAndBoundedGrowth() {
        // an 800-field object whose describe allows 600 KB a row; real rows are 4 KB
        PageSizer sizer = new PageSizer(32 * MIB, 20_000, 600_000, 0);
        assertThat(sizer.nextRows()).isEqualTo(55);
        sizer.measured(55 * 4_000, 55);
        // 32 MiB / (4,000 x 2) = 4,194 rows, but at most four times the 55 read
        assertThat(sizer.nextRows()).isEqualTo(220);
        sizer.measured(220 * 4_000, 220);
        assertThat(sizer.nextRows()).isEqualTo(880);
        sizer.measured(880 * 4_000, 880);
        assertThat(sizer.nextRows()).isEqualTo(3_520);
        sizer.measured(3_520 * 4_000, 3_520);
        assertThat(sizer.nextRows()).isEqualTo(4_194);
        // a heavier page (10 KB a row) than any before: the next pages take the heaviest
        sizer.measured(4_194 * 10_000L, 4_194);
        assertThat(sizer.nextRows()).isEqualTo(1_677);
        sizer.measured(100 * 1_000, 100);
        assertThat(sizer.nextRows()).as("a light page does not undo the heaviest").isEqualTo(1_677);
    }

    @Test
    void shouldKeepEveryPageWithinTheBudgetWhenRowsVaryLessThanTheHeadroom() {
        long budget = 4 * MIB;
        PageSizer sizer = new PageSizer(budget, 20_000, 400_000, 0);
        // rows of 50 to 120 KB, as the heavy-object integration test writes them
        List<Long> widths = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            widths.add(50_000L + (i * 7_919L) % 70_001);
        }
        int at = 0;
        while (at < widths.size()) {
            int rows = Math.min(sizer.nextRows(), widths.size() - at);
            long bytes = 0;
            for (int i = at; i < at + rows; i++) {
                bytes += widths.get(i);
            }
            assertThat(bytes).as("page at row " + at + " of " + rows + " rows").isLessThanOrEqualTo(budget);
            sizer.measured(bytes, rows);
            at += rows;
        }
    }

    @Test
    void shouldNeverAskForMoreThanMaxRecords() {
        PageSizer sizer = new PageSizer(32 * MIB, 2_000, 50, 0);
        assertThat(sizer.nextRows()).isEqualTo(2_000);
        sizer.measured(2_000 * 30, 2_000);
        assertThat(sizer.nextRows()).isEqualTo(2_000);
    }

    @Test
    void shouldReadATooLargePageAgainWithAQuarterOfItsRowsAndRememberItsWeight() {
        PageSizer sizer = new PageSizer(32 * MIB, 20_000, 200, 0);
        assertThat(sizer.nextRows()).isEqualTo(20_000);
        // 20,000 rows were more than 16 MiB: at least 839 bytes a row
        assertThat(sizer.tooLarge(20_000, 16 * MIB)).isEqualTo(5_000);
        // the describe (200 bytes a row) said less than that: the measure counts, with headroom: 32 MiB / 1,678
        assertThat(sizer.nextRows()).isEqualTo(19_996);
        PageSizer wide = new PageSizer(1 * MIB, 20_000, 400_000, 0);
        assertThat(wide.tooLarge(10, 1 * MIB)).isEqualTo(2);
        assertThat(wide.tooLarge(2, 1 * MIB)).isEqualTo(1);
        assertThat(wide.tooLarge(1, 1 * MIB)).isEqualTo(1);
        // at least 1 MiB a row, with headroom: one row at a time
        assertThat(wide.nextRows()).isEqualTo(1);
    }

    @Test
    void shouldRefuseANonPositiveBudget() {
        assertThatThrownBy(() -> new PageSizer(0, 20_000, 100, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
