package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * Bean sfsync-formulas: a scheduled object's formula refresh comes once the history counts N incremental runs of its
 * target since the last refresh; it asks the history only after a successful run with a schedule.
 */
class FormulaStepsTest {
    private final DefaultCamelContext context = new DefaultCamelContext();
    private final Map<String, Integer> history = Map.of("RAW.CONTACTS", 3, "RAW.ACCOUNTS", 1);
    private final List<String> asked = new ArrayList<>();
    private final FormulaSteps steps = new FormulaSteps(target -> {
        asked.add(target);
        if (target.equals("RAW.BROKEN")) {
            throw new IllegalStateException("cannot read the run history");
        }
        return history.getOrDefault(target, 0);
    });

    private boolean after(Object body, int every) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        steps.afterSync(exchange, every);
        return exchange.getMessage().getHeader(SyncHeaders.FORMULA_REFRESH_DUE, Boolean.class);
    }

    private static SyncResult run(String table, boolean success) {
        return SyncResult.builder().targetTable(table).syncMethod("regular_api_incremental").success(success).build();
    }

    @Test
    void shouldBeDueWhenTheHistoryCountsEnoughRunsOfTheTarget() {
        assertThat(after(run("RAW.CONTACTS", true), 3)).isTrue();
        assertThat(after(run("RAW.CONTACTS", true), 4)).isFalse();
        assertThat(after(run("RAW.ACCOUNTS", true), 3)).isFalse();
        assertThat(asked).containsExactly("RAW.CONTACTS", "RAW.CONTACTS", "RAW.ACCOUNTS");
    }

    @Test
    void shouldNotAskTheHistoryWithoutAScheduleOrAfterAFailedOrSkippedRun() {
        assertThat(after(run("RAW.CONTACTS", true), 0)).as("0: never").isFalse();
        assertThat(after(run("RAW.CONTACTS", false), 3)).as("a failed run").isFalse();
        assertThat(after("skipped", 3)).as("no result").isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldWaitForTheNextRunWhenTheHistoryCannotBeRead() {
        assertThat(after(run("RAW.BROKEN", true), 1)).isFalse();
        assertThat(asked).containsExactly("RAW.BROKEN");
    }
}
