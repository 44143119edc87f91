package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncResult;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter route {@code sfsync-failed} (routes/error-handling.camel.yaml): a step of a run fails, the run goes
 * to sfsync-failed, which rolls the load back, aborts the run's Bulk job only while it may still run and deletes it
 * only when there is one, records the failure and answers with {@code success=false}. The plan, extract and load
 * beans are the real ones (DuckDB in a temporary folder); Salesforce is the mocked and skipped endpoints, each
 * answering as Salesforce would.
 */
class DeadLetterRouteTest extends SfsyncRoutesTestSupport {
    private static final String JOB = "750R0000000TEST1AAA";
    private static final String LIMITS = """
            {"DailyApiRequests":{"Max":100000,"Remaining":99000},
             "DailyBulkV2QueryJobs":{"Max":10000,"Remaining":9000}}""";
    private static final String DESCRIBE = """
            {"name":"Account","fields":[
              {"name":"Id","type":"id","length":18,"nillable":false},
              {"name":"Name","type":"string","length":255},
              {"name":"IsDeleted","type":"boolean","nillable":false},
              {"name":"SystemModstamp","type":"datetime","nillable":false}]}""";

    @BeforeEach
    void mockSalesforce() throws Exception {
        // every route's calls to Salesforce go to mock:<component>:<operation> instead
        AdviceWith.adviceWith(context, "sfsync-plan-steps", false, a -> a.mockEndpointsAndSkip(SALESFORCE_ENDPOINTS));
        context.start();
        salesforce("limits").whenAnyExchangeReceived(e -> e.getMessage().setBody(LIMITS));
        salesforce("getDescription").whenAnyExchangeReceived(e -> e.getMessage().setBody(DESCRIBE));
    }

    /** The mock of one Salesforce operation (whatever the routes' Salesforce component is called). */
    private MockEndpoint salesforce(String operation) {
        for (String component : new String[] {"sfsync-salesforce", "salesforce"}) {
            if (context.hasEndpoint("mock://" + component + ":" + operation) != null) {
                return getMockEndpoint("mock:" + component + ":" + operation);
            }
        }
        throw new AssertionError("no route calls Salesforce's " + operation + ": " + context.getEndpointRegistry()
                .keySet());
    }

    /** The plan's COUNT() answers {@code rows}: 10 read through REST pages, 5,000 through a Bulk job. */
    private void count(long rows) {
        salesforce("queryAll").whenExchangeReceived(1, e -> e.getMessage().setBody("{\"totalSize\":" + rows
                + ",\"done\":true,\"records\":[]}"));
    }

    private static QueryJob job(JobStateEnum state) {
        QueryJob job = new QueryJob();
        job.setId(JOB);
        job.setState(state);
        return job;
    }

    /** Salesforce refuses the call as it refuses a bad request: not transient, so not retried. */
    private static void refuse(Exchange exchange) {
        exchange.setException(new SalesforceException("INVALID_JOB: the route test refused this call", 400));
    }

    private SyncResult sync() {
        Object reply = template.requestBodyAndHeaders("direct:sfsync-sync", null, syncHeaders("Account", "ACCOUNTS"));
        assertThat(reply).isInstanceOf(SyncResult.class);
        return (SyncResult) reply;
    }

    private void assertFailedAndRolledBack(SyncResult r) throws Exception {
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("HTTP 400");
        assertThat(historyRows("ACCOUNTS", false)).isEqualTo(1);
        assertThat(historyRows("ACCOUNTS", true)).isZero();
        Warehouse warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
        assertThat(warehouse.tableExists(new TableRef("RAW", "ACCOUNTS"))).as("the load was rolled back").isFalse();
    }

    @Test
    void shouldNeitherAbortNorDeleteABulkJobWhenTheFailedRunHadNone() throws Exception {
        count(10);
        salesforce("queryAll").whenExchangeReceived(2, DeadLetterRouteTest::refuse);
        salesforce("bulk2AbortQueryJob").expectedMessageCount(0);
        salesforce("bulk2DeleteQueryJob").expectedMessageCount(0);
        salesforce("bulk2CreateQueryJob").expectedMessageCount(0);

        SyncResult r = sync();

        MockEndpoint.assertIsSatisfied(context);
        assertThat(r.syncMethod()).isEqualTo("regular_api_full");
        assertThat(r.bulkJobId()).isNull();
        assertFailedAndRolledBack(r);
    }

    @Test
    void shouldAbortThenDeleteTheBulkJobOfARunThatFailedWhileItRan() throws Exception {
        count(5_000);
        salesforce("bulk2CreateQueryJob").whenAnyExchangeReceived(e -> e.getMessage().setBody(
                job(JobStateEnum.UPLOAD_COMPLETE)));
        salesforce("bulk2GetQueryJob").whenAnyExchangeReceived(DeadLetterRouteTest::refuse);
        List<String> calls = new CopyOnWriteArrayList<>();
        MockEndpoint abort = salesforce("bulk2AbortQueryJob");
        abort.expectedMessageCount(1);
        abort.expectedHeaderReceived(SalesforceEndpointConfig.JOB_ID, JOB);
        abort.whenAnyExchangeReceived(e -> calls.add("abort"));
        MockEndpoint delete = salesforce("bulk2DeleteQueryJob");
        delete.expectedMessageCount(1);
        delete.expectedHeaderReceived(SalesforceEndpointConfig.JOB_ID, JOB);
        delete.whenAnyExchangeReceived(e -> calls.add("delete"));

        SyncResult r = sync();

        MockEndpoint.assertIsSatisfied(context);
        assertThat(calls).as("aborted, then deleted").containsExactly("abort", "delete");
        assertThat(abort.getReceivedExchanges().get(0).getMessage().getHeaders().keySet())
                .as("no Sforce* header of the last response is sent along").noneMatch(h -> h.startsWith("Sforce"));
        assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
        assertThat(r.bulkJobId()).isEqualTo(JOB);
        assertFailedAndRolledBack(r);
    }

    @Test
    void shouldOnlyDeleteTheBulkJobOfARunThatFailedAfterTheJobFinished() throws Exception {
        count(5_000);
        salesforce("bulk2CreateQueryJob").whenAnyExchangeReceived(e -> e.getMessage().setBody(
                job(JobStateEnum.UPLOAD_COMPLETE)));
        salesforce("bulk2GetQueryJob").whenAnyExchangeReceived(e -> e.getMessage().setBody(
                job(JobStateEnum.JOB_COMPLETE)));
        salesforce("bulk2GetQueryJobResults").whenAnyExchangeReceived(DeadLetterRouteTest::refuse);
        salesforce("bulk2AbortQueryJob").expectedMessageCount(0);
        MockEndpoint delete = salesforce("bulk2DeleteQueryJob");
        delete.expectedMessageCount(1);
        delete.expectedHeaderReceived(SalesforceEndpointConfig.JOB_ID, JOB);

        SyncResult r = sync();

        MockEndpoint.assertIsSatisfied(context);
        assertThat(r.bulkJobId()).isEqualTo(JOB);
        assertFailedAndRolledBack(r);
    }

    @Test
    void shouldStillDeleteTheJobAndAnswerTheFailureWhenTheAbortFails() throws Exception {
        count(5_000);
        salesforce("bulk2CreateQueryJob").whenAnyExchangeReceived(e -> e.getMessage().setBody(
                job(JobStateEnum.UPLOAD_COMPLETE)));
        salesforce("bulk2GetQueryJob").whenAnyExchangeReceived(DeadLetterRouteTest::refuse);
        salesforce("bulk2AbortQueryJob").whenAnyExchangeReceived(e -> e.setException(
                new SalesforceException("the abort failed too", 500)));
        MockEndpoint delete = salesforce("bulk2DeleteQueryJob");
        delete.expectedMessageCount(1);
        delete.expectedHeaderReceived(SalesforceEndpointConfig.JOB_ID, JOB);

        SyncResult r = sync();

        MockEndpoint.assertIsSatisfied(context);
        // the run's own failure is answered, not the clean-up's
        assertThat(r.error()).doesNotContain("the abort failed too");
        assertFailedAndRolledBack(r);
    }
}
