package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncPlanResult;
import io.sfsync.plan.Decision;
import io.sfsync.plan.QuotaGuard;
import io.sfsync.salesforce.SfsyncSalesforce;

import java.util.ArrayList;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceComponent;

/** What the stages of a run share: the plan-only flag, the API version, the Sforce headers between calls, the stop. */
final class RunSupport {
    private RunSupport() {
    }

    /** Whether the exchange is a plan-only request ({@code direct:sfsync-plan}): no load, no lock, no history. */
    static boolean planOnly(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(SyncHeaders.PLAN_ONLY, Boolean.class));
    }

    /** What the plan found and decided, as a plan-only request answers it. */
    static SyncPlanResult planResult(SyncRun run, boolean success, String error) {
        RunPlan plan = run.planSoFar();
        QuotaGuard.Quota q = plan.quota();
        Decision d = plan.decision();
        boolean full = plan.full();
        return new SyncPlanResult(run.request.sobject(), run.target.toString(), full,
                d == null ? null : d.method().wireName(), plan.estimated(), d == null ? null : d.reason(),
                plan.watermarkField(), plan.watermark(), full ? null : plan.readFrom(),
                q == null ? -1 : q.apiRequestsLeft(), q == null ? -1 : q.bulkJobsLeft(), success, error);
    }

    /** The run's method as its route is named ({@code bulk_api_full}), or "this run" before the plan decided. */
    static String methodName(SyncRun run) {
        Decision d = run.planSoFar().decision();
        return d == null ? "this run" : d.method().wireName();
    }

    /** The API version sfsync's Salesforce component speaks ({@code 62.0}). */
    static String apiVersion(Exchange exchange) {
        return exchange.getContext().getComponent(SfsyncSalesforce.NAME, SalesforceComponent.class).getConfig()
                .getApiVersion();
    }

    /**
     * camel-salesforce copies response headers named {@code Sforce*} onto the message and sends every message header
     * named {@code Sforce*} back as a request header on the next call; a run removes them between calls.
     */
    static void removeSforceHeaders(Message m, String keep) {
        for (String name : new ArrayList<>(m.getHeaders().keySet())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("sforce") || lower.startsWith("x-sfdc")) && !name.equalsIgnoreCase(keep)) {
                m.removeHeader(name);
            }
        }
    }

    /** Stops the run here when sfsync is shutting down and the run does not fit in the shutdown timeout. */
    static void stopCheck(Exchange exchange, SyncRun run, GracefulStop.Boundary boundary) {
        GracefulStop stop = GracefulStop.of(exchange.getContext());
        if (stop != null) {
            stop.check(run, boundary);
        }
    }
}
