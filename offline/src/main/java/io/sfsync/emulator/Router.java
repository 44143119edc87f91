package io.sfsync.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.admin.AdminApi;
import io.sfsync.emulator.auth.AuthService;
import io.sfsync.emulator.auth.OAuthException;
import io.sfsync.emulator.bulk.BulkApi;
import io.sfsync.emulator.bulk.IngestApi;
import io.sfsync.emulator.http.Dispatcher;
import io.sfsync.emulator.http.Faults;
import io.sfsync.emulator.http.HttpCall;
import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.http.Limits;
import io.sfsync.emulator.http.LongRequests;
import io.sfsync.emulator.http.Reply;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.emulator.model.OrgClock;
import io.sfsync.emulator.rest.ApiVersions;
import io.sfsync.emulator.rest.Collections;
import io.sfsync.emulator.rest.RestApi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps requests to the emulated APIs, in the order Salesforce applies its checks: injected faults, authentication,
 * the concurrent long-running request limit, the daily API limit, then the resource. Every response to an API call
 * carries {@code Sforce-Limit-Info}. With a latency set, every call but the admin API's is answered that much later;
 * the wait parks the request's thread and holds no lock.
 */
final class Router implements Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final AuthService auth;
    private final RestApi rest;
    private final BulkApi bulk;
    private final IngestApi ingest;
    private final Collections collections;
    private final AdminApi admin;
    private final Faults faults;
    private final Limits limits;
    private final RequestLog log;
    private final OrgClock clock;
    private final LongRequests longRequests;
    private final long latencyNanos;

    Router(AuthService auth, RestApi rest, BulkApi bulk, IngestApi ingest, Collections collections, AdminApi admin,
            Faults faults, Limits limits, RequestLog log, OrgClock clock, LongRequests longRequests,
            java.time.Duration latency) {
        this.auth = auth;
        this.rest = rest;
        this.bulk = bulk;
        this.ingest = ingest;
        this.collections = collections;
        this.admin = admin;
        this.faults = faults;
        this.limits = limits;
        this.log = log;
        this.clock = clock;
        this.longRequests = longRequests;
        this.latencyNanos = latency.toNanos();
    }

    @Override
    public Reply dispatch(HttpCall call) {
        if (call.path().startsWith(AdminApi.PREFIX)) {
            return guard(() -> admin.handle(call));
        }
        long start = System.nanoTime();
        String[] operation = {"unknown"};
        long[] ticket = {0};
        Reply reply = guard(() -> route(call, operation, ticket));
        if (ticket[0] != 0) {
            long admitted = ticket[0];
            reply.whenSent(() -> longRequests.finish(admitted));
        }
        if (call.path().startsWith("/services/data/v")) {
            reply.header("Sforce-Limit-Info", limits.usageHeader());
        }
        pause(latencyNanos);
        log.add(clock.nowMillis().toString(), call.method(), call.path(), call.rawQuery(), operation[0],
                reply.status(), (System.nanoTime() - start) / 1_000_000);
        return reply;
    }

    /** Parks this request's thread for the configured latency (no lock is held here). */
    private static void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private interface Action {
        Reply run();
    }

    private static Reply guard(Action action) {
        try {
            return action.run();
        } catch (ApiException e) {
            return Reply.json(e.status(), Json.errors(e));
        } catch (OAuthException e) {
            ObjectNode o = Json.object();
            o.put("error", e.error());
            o.put("error_description", e.getMessage());
            return Reply.json(400, Json.bytes(o));
        } catch (RuntimeException e) {
            long errorId = ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
            LOG.error("Unexpected error, ErrorId {}", errorId, e);
            return Reply.json(500, Json.errors(new ApiException(500, "UNKNOWN_EXCEPTION",
                    "An unexpected error occurred. Please include this ErrorId if you contact support: " + errorId
                            + "-" + (errorId % 100_000) + " (" + e.getClass().getSimpleName() + ")")));
        }
    }

    private Reply route(HttpCall call, String[] operation, long[] ticket) {
        Faults.Rule fault = faults.take(call.method(), call.path());
        if (fault != null) {
            // Named before inject(): most kinds answer by throwing, and the log must still show the fault.
            operation[0] = "fault." + fault.kind().name();
            Reply injected = inject(fault);
            if (injected != null) {
                return injected;
            }
            operation[0] = "unknown";
        }
        Reply reply = resource(call, operation, ticket);
        return fault != null && fault.kind() == Faults.Kind.DROP_CONNECTION ? reply.dropMidBody() : reply;
    }

    private static Reply inject(Faults.Rule fault) {
        switch (fault.kind()) {
            case INVALID_SESSION:
                throw new ApiException(401, "INVALID_SESSION_ID", "Session expired or invalid");
            case SERVER_ERROR:
                throw new ApiException(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred (injected fault)");
            case SERVICE_UNAVAILABLE:
                throw new ApiException(503, "SERVER_UNAVAILABLE", "Server temporarily unavailable (injected fault)");
            case TOO_MANY_REQUESTS:
                return Reply.json(429, Json.errors(new ApiException(429, "REQUEST_LIMIT_EXCEEDED",
                        "Too many requests (injected fault)"))).header("Retry-After", "1");
            case REQUEST_LIMIT_EXCEEDED:
                throw new ApiException(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
            case CONCURRENT_REQUESTS:
                throw new ApiException(403, "REQUEST_LIMIT_EXCEEDED", SalesforceLimits.CONCURRENT_REQUESTS_EXCEEDED);
            case LOGIN_REFUSED:
                throw new OAuthException("invalid_grant", "authentication failure");
            case DELAY:
                try {
                    Thread.sleep(fault.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            default:
                return null;
        }
    }

    private Reply resource(HttpCall call, String[] operation, long[] ticket) {
        List<String> seg = segments(call.path());
        String method = call.method();
        if (seg.size() == 3 && seg.get(0).equals("services") && seg.get(1).equals("oauth2")) {
            switch (seg.get(2)) {
                case "token":
                    operation[0] = "login";
                    return auth.token(call);
                case "revoke":
                    operation[0] = "revoke";
                    return auth.revoke(call);
                case "userinfo":
                    operation[0] = "userinfo";
                    return auth.userinfo(call);
                default:
                    throw ApiException.notFound();
            }
        }
        if (seg.size() == 3 && seg.get(0).equals("id")) {
            operation[0] = "identity";
            return auth.identity(call, seg.get(1), seg.get(2));
        }
        if (seg.size() < 2 || !seg.get(0).equals("services") || !seg.get(1).equals("data")) {
            throw ApiException.notFound();
        }
        if (seg.size() == 2) {
            operation[0] = "versions";
            allow(method, "GET", "HEAD");
            return rest.versions();
        }
        String version = ApiVersions.parse(seg.get(2));
        if (version == null) {
            throw ApiException.notFound();
        }
        AuthService.Session session = auth.authenticate(call);
        call.user(session.userId());
        try {
            ticket[0] = longRequests.start();
        } catch (ApiException e) {
            operation[0] = "concurrentLimitExceeded";
            throw e;
        }
        if (!limits.draw(Limits.API_REQUESTS)) {
            operation[0] = "limitExceeded";
            throw new ApiException(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
        }
        List<String> rest2 = seg.subList(3, seg.size());
        return versioned(call, version, rest2, operation);
    }

    private Reply versioned(HttpCall call, String version, List<String> s, String[] operation) {
        String method = call.method();
        if (s.isEmpty()) {
            operation[0] = "resources";
            return rest.resources(version);
        }
        switch (s.get(0)) {
            case "limits":
                operation[0] = "limits";
                one(s);
                allow(method, "GET");
                return rest.limits();
            case "query":
            case "queryAll":
                boolean all = s.get(0).equals("queryAll");
                allow(method, "GET");
                if (s.size() == 1) {
                    operation[0] = all ? "queryAll" : "query";
                    return rest.query(call, version, all);
                }
                operation[0] = "queryMore";
                return rest.queryMore(call, version, s.get(1));
            case "sobjects":
                return sobjects(call, version, s, operation);
            case "jobs":
                if (s.size() >= 2 && s.get(1).equals("query")) {
                    return jobs(call, version, s.subList(2, s.size()), operation);
                }
                if (s.size() >= 2 && s.get(1).equals("ingest")) {
                    return ingest(call, version, s.subList(2, s.size()), operation);
                }
                throw ApiException.notFound();
            case "composite":
                if (s.size() >= 2 && s.get(1).equals("sobjects")) {
                    return collections(call, version, s.subList(2, s.size()), operation);
                }
                throw ApiException.notFound();
            default:
                throw ApiException.notFound();
        }
    }

    private Reply sobjects(HttpCall call, String version, List<String> s, String[] operation) {
        String method = call.method();
        if (s.size() == 1) {
            operation[0] = "describeGlobal";
            allow(method, "GET");
            return rest.describeGlobal(version);
        }
        String type = s.get(1);
        if (s.size() == 2) {
            if (method.equals("POST")) {
                operation[0] = "sobject.create";
                return rest.create(call, type);
            }
            operation[0] = "sobject.info";
            allow(method, "GET", "POST");
            return rest.sobjectInfo(version, type);
        }
        if (s.size() == 3 && s.get(2).equals("describe")) {
            operation[0] = "describe";
            allow(method, "GET");
            return rest.describe(version, type);
        }
        String id = s.get(2);
        if (s.size() == 3) {
            switch (method) {
                case "GET":
                    operation[0] = "sobject.get";
                    return rest.get(call, version, type, id);
                case "PATCH":
                    operation[0] = "sobject.update";
                    return rest.update(call, type, id);
                case "DELETE":
                    operation[0] = "sobject.delete";
                    return rest.delete(type, id);
                default:
                    allow(method, "GET", "PATCH", "DELETE");
            }
        }
        if (s.size() == 4) {
            operation[0] = "sobject.blob";
            allow(method, "GET");
            return rest.blob(type, id, s.get(3));
        }
        throw ApiException.notFound();
    }

    private Reply jobs(HttpCall call, String version, List<String> s, String[] operation) {
        String method = call.method();
        if (ApiVersions.major(version) < ApiVersions.BULK_QUERY_SINCE) {
            throw ApiException.notFound();
        }
        if (s.isEmpty()) {
            if (method.equals("POST")) {
                operation[0] = "bulk.create";
                return bulk.create(call, version);
            }
            operation[0] = "bulk.list";
            allow(method, "GET", "POST");
            return bulk.list(call, version);
        }
        String id = s.get(0);
        if (s.size() == 1) {
            switch (method) {
                case "GET":
                    operation[0] = "bulk.get";
                    return bulk.get(id);
                case "PATCH":
                    operation[0] = "bulk.abort";
                    return bulk.patch(call, id);
                case "DELETE":
                    operation[0] = "bulk.delete";
                    return bulk.delete(id);
                default:
                    allow(method, "GET", "PATCH", "DELETE");
            }
        }
        if (s.size() == 2 && s.get(1).equals("results")) {
            operation[0] = "bulk.results";
            allow(method, "GET");
            return bulk.results(call, version, id);
        }
        throw ApiException.notFound();
    }

    /** sObject Collections: {@code /composite/sobjects} and {@code /composite/sobjects/{type}/{externalIdField}}. */
    private Reply collections(HttpCall call, String version, List<String> s, String[] operation) {
        String method = call.method();
        int major = ApiVersions.major(version);
        if (major < ApiVersions.COLLECTIONS_SINCE) {
            throw ApiException.notFound();
        }
        if (s.isEmpty()) {
            switch (method) {
                case "POST":
                    operation[0] = "collections.create";
                    return collections.create(call);
                case "PATCH":
                    operation[0] = "collections.update";
                    return collections.update(call);
                case "DELETE":
                    operation[0] = "collections.delete";
                    return collections.delete(call);
                default:
                    allow(method, "POST", "PATCH", "DELETE");
            }
        }
        if (s.size() == 2 && major >= ApiVersions.COLLECTIONS_UPSERT_SINCE) {
            operation[0] = "collections.upsert";
            allow(method, "PATCH");
            return collections.upsert(call, s.get(0), s.get(1));
        }
        throw ApiException.notFound();
    }

    /** Bulk API 2.0 ingest jobs under {@code /jobs/ingest}. */
    private Reply ingest(HttpCall call, String version, List<String> s, String[] operation) {
        String method = call.method();
        if (ApiVersions.major(version) < ApiVersions.BULK_INGEST_SINCE) {
            throw ApiException.notFound();
        }
        if (s.isEmpty()) {
            if (method.equals("POST")) {
                operation[0] = "ingest.create";
                return ingest.create(call, version);
            }
            operation[0] = "ingest.list";
            allow(method, "GET", "POST");
            return ingest.list(call, version);
        }
        String id = s.get(0);
        if (s.size() == 1) {
            switch (method) {
                case "GET":
                    operation[0] = "ingest.get";
                    return ingest.get(id);
                case "PATCH":
                    operation[0] = "ingest.state";
                    return ingest.patch(call, id);
                case "DELETE":
                    operation[0] = "ingest.delete";
                    return ingest.delete(id);
                default:
                    allow(method, "GET", "PATCH", "DELETE");
            }
        }
        if (s.size() == 2) {
            switch (s.get(1)) {
                case "batches":
                    operation[0] = "ingest.upload";
                    allow(method, "PUT");
                    return ingest.upload(call, id);
                case "successfulResults":
                    operation[0] = "ingest.successfulResults";
                    allow(method, "GET");
                    return ingest.results(id, IngestApi.Results.SUCCESSFUL);
                case "failedResults":
                    operation[0] = "ingest.failedResults";
                    allow(method, "GET");
                    return ingest.results(id, IngestApi.Results.FAILED);
                case "unprocessedrecords":
                    operation[0] = "ingest.unprocessedrecords";
                    allow(method, "GET");
                    return ingest.results(id, IngestApi.Results.UNPROCESSED);
                default:
                    throw ApiException.notFound();
            }
        }
        throw ApiException.notFound();
    }

    private static void one(List<String> s) {
        if (s.size() != 1) {
            throw ApiException.notFound();
        }
    }

    private static void allow(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new ApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are "
                + String.join(",", allowed));
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }
}
