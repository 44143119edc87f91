package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncResult;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Bean sfsync-formulas: a scheduled object's formula refresh comes after every N-th incremental run, per target. */
class FormulaStepsTest {
    private final DefaultCamelContext context = new DefaultCamelContext();
    private final FormulaSteps steps = new FormulaSteps();

    private boolean after(String table, String method, boolean success, int every) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(SyncResult.builder().targetTable(table).syncMethod(method).success(success)
                .build());
        steps.afterSync(exchange, every);
        return exchange.getMessage().getHeader(SyncHeaders.FORMULA_REFRESH_DUE, Boolean.class);
    }

    private void refreshed(String table) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(SyncResult.builder().targetTable(table).syncMethod("formula_refresh")
                .success(true).build());
        steps.refreshed(exchange);
    }

    @Test
    void shouldBeDueAfterEveryThirdIncrementalRunOfEachTargetOnItsOwn() {
        assertThat(after("RAW.CONTACTS", "regular_api_incremental", true, 3)).isFalse();
        assertThat(after("RAW.ACCOUNTS", "bulk_api_incremental", true, 3)).isFalse();
        assertThat(after("RAW.CONTACTS", "bulk_api_incremental", true, 3)).isFalse();
        assertThat(after("RAW.CONTACTS", "regular_api_incremental", false, 3)).as("a failed run").isFalse();
        assertThat(after("RAW.CONTACTS", "regular_api_incremental", true, 3)).isTrue();
        refreshed("RAW.CONTACTS");
        assertThat(after("RAW.CONTACTS", "regular_api_incremental", true, 3)).isFalse();
        assertThat(after("RAW.CONTACTS", "bulk_api_full", true, 3)).as("a full sync starts over").isFalse();
        assertThat(after("RAW.CONTACTS", "regular_api_incremental", true, 3)).isFalse();
        assertThat(after("RAW.CONTACTS", "regular_api_incremental", true, 3)).isFalse();
        assertThat(after("RAW.CONTACTS", "regular_api_incremental", true, 3)).isTrue();
        assertThat(after("RAW.ACCOUNTS", "regular_api_incremental", true, 0)).as("0: never").isFalse();
    }
}
