package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The options and the output of {@code sfsync reverse}. */
class ReverseCommandTest {

    @Test
    void shouldReadTheRequestIntoTheRouteHeaders() {
        ReverseCommand.Options o = ReverseCommand.parse(new String[] {"reverse", "Account", "--key", "Ext__c",
                "--table", "ANALYTICS.SCORES", "--bulk-threshold", "10", "--dry-run", "--json"});
        assertThat(o.headers()).containsEntry(SyncHeaders.SOBJECT, "Account")
                .containsEntry(SyncHeaders.REVERSE_KEY, "Ext__c")
                .containsEntry(SyncHeaders.REVERSE_TABLE, "ANALYTICS.SCORES")
                .containsEntry(SyncHeaders.REVERSE_BULK_THRESHOLD, 10L)
                .containsEntry(SyncHeaders.REVERSE_DRY_RUN, "true")
                .doesNotContainKey(SyncHeaders.REVERSE_QUERY);
        assertThat(o.json()).isTrue();
    }

    @Test
    void shouldRefuseMissingOrConflictingArguments() {
        assertThatThrownBy(() -> ReverseCommand.parse(new String[] {"reverse", "--key", "Id", "--table", "A.B"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("name the SOBJECT");
        assertThatThrownBy(() -> ReverseCommand.parse(new String[] {"reverse", "Account", "--table", "A.B"}))
                .hasMessageContaining("--key FIELD is required");
        assertThatThrownBy(() -> ReverseCommand.parse(new String[] {"reverse", "Account", "--key", "Id", "--table",
                "A.B", "--query", "SELECT 1"})).hasMessageContaining("exactly one of --table and --query");
        assertThatThrownBy(() -> ReverseCommand.parse(new String[] {"reverse", "Account", "--key", "Id"}))
                .hasMessageContaining("exactly one of --table and --query");
        assertThatThrownBy(() -> ReverseCommand.parse(new String[] {"reverse", "Account", "--nope"}))
                .hasMessageContaining("unknown option --nope");
        assertThat(ReverseCommand.parse(new String[] {"reverse", "--help"}).help()).isTrue();
    }

    @Test
    void shouldPrintTheResultAndWhereTheRefusedRowsAre() {
        ReverseResult r = new ReverseResult("20261205-1", "Account", "ANALYTICS.SCORES", "upsert", "bulk", false, 10,
                10, 8, 2, 3, 5, "750X", "ANALYTICS.SCORES_SF_FAILURES", 9, 1.5, Instant.EPOCH, true, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReverseCommand.print(r, false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Account").contains("upsert").contains("bulk").contains("ok")
                .contains("2 refused rows are in ANALYTICS.SCORES_SF_FAILURES (run_id 20261205-1)");
        bytes.reset();
        ReverseCommand.print(r, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\"direction\" : \"warehouse_to_salesforce\"")
                .contains("\"failed\" : 2");
    }
}
