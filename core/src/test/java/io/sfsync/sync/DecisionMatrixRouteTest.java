package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncResult;
import io.sfsync.plan.SyncMethod;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decision matrix of route {@code sfsync-sync} (routes/sync.camel.yaml): with the plan stubbed by AdviceWith (it
 * only sets {@code SfsyncMethod}), each of the six methods reaches its own method route, and a method no branch knows
 * ends in the {@code otherwise}'s error, answered by the dead-letter route as a failed result.
 */
class DecisionMatrixRouteTest extends SfsyncRoutesTestSupport {

    /** The plan steps replaced by the decision alone; the method routes, the result step and the dead letter mocked. */
    private void planDecides(String method) throws Exception {
        AdviceWith.adviceWith(context, "sfsync-sync", false, a -> {
            a.mockEndpointsAndSkip(METHOD_ENDPOINTS);
            a.mockEndpointsAndSkip("direct:sfsync-result");
            a.mockEndpoints("direct:sfsync-failed");
            a.weaveByToUri("direct:sfsync-plan-steps").replace()
                    .setHeader(SyncHeaders.METHOD).constant(method);
        });
    }

    private MockEndpoint methodRoute(SyncMethod method) {
        return getMockEndpoint("mock:" + methodEndpoint(method));
    }

    @ParameterizedTest
    @EnumSource(SyncMethod.class)
    void shouldSendEachPlannedMethodToItsOwnRoute(SyncMethod method) throws Exception {
        planDecides(method.wireName());
        context.start();
        for (SyncMethod other : SyncMethod.values()) {
            methodRoute(other).expectedMessageCount(other == method ? 1 : 0);
        }
        methodRoute(method).expectedHeaderReceived(SyncHeaders.METHOD, method.wireName());
        // the run planned by sfsync-plan.begin travels along (the method route opens its load with it)
        methodRoute(method).message(0).exchangeProperty(SyncHeaders.RUN).isInstanceOf(SyncRun.class);
        // after the method route, the run goes on to the result step, and never to the dead letter
        MockEndpoint result = getMockEndpoint("mock:direct:sfsync-result");
        result.expectedMessageCount(1);
        MockEndpoint failed = getMockEndpoint("mock:direct:sfsync-failed");
        failed.expectedMessageCount(0);

        template.requestBodyAndHeaders("direct:sfsync-sync", null, syncHeaders("Account", "ACCOUNTS"));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void shouldFailAMethodNoBranchKnowsWithTheOtherwiseErrorThroughTheDeadLetterRoute() throws Exception {
        planDecides("carrier_pigeon");
        context.start();
        for (SyncMethod method : SyncMethod.values()) {
            methodRoute(method).expectedMessageCount(0);
        }
        getMockEndpoint("mock:direct:sfsync-result").expectedMessageCount(0);
        MockEndpoint failed = getMockEndpoint("mock:direct:sfsync-failed");
        failed.expectedMessageCount(1);

        Object reply = template.requestBodyAndHeaders("direct:sfsync-sync", null, syncHeaders("Account", "ACCOUNTS"));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(reply).isInstanceOf(SyncResult.class);
        SyncResult r = (SyncResult) reply;
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("the plan chose the method 'carrier_pigeon', which no branch of route"
                + " sfsync-sync sends anywhere").contains("nothing was read or written");
        assertThat(r.targetTable()).isEqualTo("RAW.ACCOUNTS");
        // the dead-letter route recorded the failed run in the history table (real DuckDB)
        assertThat(historyRows("ACCOUNTS", false)).isEqualTo(1);
        assertThat(historyRows("ACCOUNTS", true)).isZero();
    }
}
