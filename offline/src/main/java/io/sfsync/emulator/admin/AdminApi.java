package io.sfsync.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.auth.AuthService;
import io.sfsync.emulator.bulk.BulkApi;
import io.sfsync.emulator.bulk.BulkBehaviour;
import io.sfsync.emulator.http.Faults;
import io.sfsync.emulator.http.HttpCall;
import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.http.Limits;
import io.sfsync.emulator.http.LongRequests;
import io.sfsync.emulator.http.Reply;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Org;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The emulator's own control API under {@value #PREFIX} (not part of Salesforce's API and never counted against its
 * limits): inject faults, steer Bulk jobs, set limits, move the org clock, change records and fields behind the API's
 * back, and read the request log and counters.
 */
public final class AdminApi {
    public static final String PREFIX = "/_emulator";

    private final Org org;
    private final Faults faults;
    private final BulkApi bulk;
    private final Limits limits;
    private final RequestLog log;
    private final AuthService auth;
    private final LongRequests longRequests;
    private volatile String baseUrl;

    public AdminApi(Org org, Faults faults, BulkApi bulk, Limits limits, RequestLog log, AuthService auth,
            LongRequests longRequests) {
        this.org = org;
        this.faults = faults;
        this.bulk = bulk;
        this.limits = limits;
        this.log = log;
        this.auth = auth;
        this.longRequests = longRequests;
    }

    public void baseUrl(String url) {
        this.baseUrl = url;
    }

    public Reply handle(HttpCall call) {
        List<String> s = new ArrayList<>();
        for (String p : call.path().substring(PREFIX.length()).split("/")) {
            if (!p.isEmpty()) {
                s.add(p);
            }
        }
        String m = call.method();
        String head = s.isEmpty() ? "" : s.get(0);
        switch (head) {
            case "", "status":
                return ok(status());
            case "faults":
                return faults(call, m);
            case "bulk":
                return bulk(call, s);
            case "limits":
                if (m.equals("GET")) {
                    return ok(Json.MAPPER.valueToTree(limits.snapshot()));
                }
                return setLimits(Json.parse(call.body()));
            case "clock":
                return clock(call, m);
            case "sessions":
                if (s.size() == 2 && s.get(1).equals("expire") && m.equals("POST")) {
                    ObjectNode o = Json.object();
                    o.put("expired", auth.expireAllSessions());
                    return ok(o);
                }
                throw ApiException.notFound();
            case "records":
                return records(s, m);
            case "sobjects":
                return fields(call, s, m);
            case "requests":
                if (m.equals("DELETE")) {
                    log.clear();
                    return Reply.empty(204);
                }
                return requests(call);
            case "counters":
                return ok(counters());
            default:
                throw ApiException.notFound();
        }
    }

    private static Reply ok(JsonNode body) {
        return Reply.json(200, Json.bytes(body));
    }

    private ObjectNode status() {
        ObjectNode o = Json.object();
        o.put("baseUrl", baseUrl);
        o.put("loginUrl", baseUrl);
        o.put("orgId", org.orgId());
        o.put("seed", org.data().seed());
        o.put("clock", org.clock().now().toString());
        o.put("clockOffsetSeconds", org.clock().offset().getSeconds());
        o.set("objects", Json.MAPPER.valueToTree(org.stats()));
        o.put("sessions", auth.sessionCount());
        o.put("bulkJobs", bulk.jobCount());
        o.put("requestsInFlight", longRequests.inFlight());
        o.put("longRunningRequests", longRequests.running());
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        ObjectNode heap = o.putObject("heap");
        heap.put("usedBytes", mem.getHeapMemoryUsage().getUsed());
        heap.put("committedBytes", mem.getHeapMemoryUsage().getCommitted());
        heap.put("maxBytes", mem.getHeapMemoryUsage().getMax());
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        // The sum of each pool's own peak: never below the true peak of the whole heap.
        heap.put("peakUsedBytes", peak);
        return o;
    }

    private ObjectNode counters() {
        ObjectNode o = Json.object();
        o.put("apiRequestsUsed", limits.max(Limits.API_REQUESTS) - limits.remaining(Limits.API_REQUESTS));
        o.put("bulkJobsUsed", limits.max(Limits.BULK_QUERY_JOBS) - limits.remaining(Limits.BULK_QUERY_JOBS));
        o.put("lastSeq", log.lastSeq());
        o.set("byOperation", Json.MAPPER.valueToTree(log.counters()));
        return o;
    }

    private Reply faults(HttpCall call, String m) {
        switch (m) {
            case "GET": {
                ArrayNode out = Json.array();
                for (Faults.Rule r : faults.armed()) {
                    out.add(rule(r));
                }
                return ok(out);
            }
            case "DELETE":
                faults.clear();
                return Reply.empty(204);
            case "POST": {
                JsonNode b = Json.parse(call.body());
                Faults.Kind kind;
                try {
                    kind = Faults.Kind.valueOf(b.path("kind").asText("").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("INVALID_FAULT", "kind must be one of "
                            + java.util.Arrays.toString(Faults.Kind.values()));
                }
                int count = b.path("count").asInt(1);
                if (count < 1) {
                    throw ApiException.badRequest("INVALID_FAULT", "count must be at least 1");
                }
                Faults.Rule r = faults.add(kind, b.path("path").asText(".*"), b.path("method").asText(null), count,
                        b.path("delayMillis").asLong(1000));
                return Reply.json(201, Json.bytes(rule(r)));
            }
            default:
                throw ApiException.notFound();
        }
    }

    private static ObjectNode rule(Faults.Rule r) {
        ObjectNode o = Json.object();
        o.put("kind", r.kind().name());
        o.put("path", r.pathRegex());
        o.put("method", r.method());
        o.put("remaining", r.remaining());
        o.put("delayMillis", r.delayMillis());
        return o;
    }

    private Reply bulk(HttpCall call, List<String> s) {
        JsonNode b = Json.parse(call.body());
        BulkBehaviour behaviour = new BulkBehaviour(b.path("failWith").asText(null), b.path("stuckPolls").asInt(0),
                b.path("aborted").asBoolean(false));
        if (s.size() == 2 && s.get(1).equals("next")) {
            bulk.behaveNext(behaviour, Math.max(1, b.path("jobs").asInt(1)));
            return Reply.empty(204);
        }
        if (s.size() == 3 && s.get(1).equals("jobs")) {
            bulk.behave(s.get(2), behaviour);
            return Reply.empty(204);
        }
        throw ApiException.notFound();
    }

    private Reply setLimits(JsonNode b) {
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!limits.has(e.getKey())) {
                throw ApiException.badRequest("INVALID_LIMIT", "no limit named " + e.getKey());
            }
            long max = e.getValue().path("Max").asLong(limits.max(e.getKey()));
            long remaining = e.getValue().path("Remaining").asLong(max);
            limits.set(e.getKey(), max, remaining);
        }
        return ok(Json.MAPPER.valueToTree(limits.snapshot()));
    }

    private Reply clock(HttpCall call, String m) {
        if (m.equals("POST") || m.equals("PUT")) {
            JsonNode b = Json.parse(call.body());
            if (b.has("advanceSeconds")) {
                org.clock().advance(Duration.ofSeconds(b.get("advanceSeconds").asLong()));
            } else if (b.has("set")) {
                org.clock().set(Instant.parse(b.get("set").asText()));
            } else {
                throw ApiException.badRequest("INVALID_CLOCK", "send {\"advanceSeconds\":n} or {\"set\":\"<instant>\"}");
            }
        }
        ObjectNode o = Json.object();
        o.put("now", org.clock().now().toString());
        o.put("offsetSeconds", org.clock().offset().getSeconds());
        return ok(o);
    }

    private Reply records(List<String> s, String m) {
        if (s.size() == 2 && m.equals("DELETE")) {
            org.hardDelete(s.get(1));
            return Reply.empty(204);
        }
        if (s.size() == 3 && m.equals("POST")) {
            switch (s.get(2)) {
                case "undelete":
                    org.undelete(s.get(1));
                    return Reply.empty(204);
                case "touch":
                    org.touch(s.get(1));
                    return Reply.empty(204);
                default:
                    break;
            }
        }
        throw ApiException.notFound();
    }

    private Reply fields(HttpCall call, List<String> s, String m) {
        if (s.size() == 3 && s.get(2).equals("fields") && m.equals("POST")) {
            JsonNode b = Json.parse(call.body());
            String name = b.path("name").asText("");
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw ApiException.badRequest("INVALID_FIELD", "invalid field name: " + name);
            }
            FieldType type;
            try {
                type = FieldType.valueOf(b.path("type").asText("string").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("INVALID_FIELD", "unknown field type: " + b.path("type").asText());
            }
            String extra = b.hasNonNull("extraTypeInfo") ? b.get("extraTypeInfo").asText() : null;
            if (extra != null && !(type == FieldType.TEXTAREA && (extra.equals("plaintextarea")
                    || extra.equals("richtextarea")))) {
                throw ApiException.badRequest("INVALID_FIELD", "extraTypeInfo is plaintextarea or richtextarea, on a"
                        + " textarea only");
            }
            int length = b.path("length").asInt(type.isText() ? extra != null ? 32_768 : 255 : 0);
            if (type == FieldType.TEXTAREA && extra == null && length > 255) {
                extra = "plaintextarea";
            }
            FieldDef.Builder f = FieldDef.builder(name, type).length(length)
                    .precision(b.path("precision").asInt(type.isDecimal() ? 18 : 0), b.path("scale").asInt(0))
                    .digits(b.path("digits").asInt(type == FieldType.INT ? 9 : 0))
                    .extraTypeInfo(extra).filled(b.path("fill").asBoolean(false));
            if (b.hasNonNull("label")) {
                f.label(b.get("label").asText());
            }
            if (b.path("externalId").asBoolean(false)) {
                // Salesforce allows External ID on text, number and email fields only.
                if (type != FieldType.STRING && type != FieldType.EMAIL && !type.isNumeric()) {
                    throw ApiException.badRequest("INVALID_FIELD", "only text, number and email fields can be an"
                            + " external id, not " + type.apiName());
                }
                f.externalId();
            }
            if (b.path("unique").asBoolean(false)) {
                f.unique();
            }
            if (b.hasNonNull("formula")) {
                // A formula field: computed at read time, never createable or updateable (describe: calculated).
                f.formula(b.get("formula").asText());
            }
            if (b.path("picklistValues").isArray()) {
                List<String> picks = new ArrayList<>();
                b.get("picklistValues").forEach(v -> picks.add(v.asText()));
                f.picklist(picks);
            }
            var def = org.defineField(s.get(1), f.build());
            return Reply.json(201, Json.bytes(Json.object().put("name", name).put("type", type.apiName())
                    .put("length", length).put("extraTypeInfo", extra).put("fill", b.path("fill").asBoolean(false))
                    .put("formula", b.path("formula").asText(null)).put("fields", def.fields().size())));
        }
        if (s.size() == 3 && s.get(2).equals("changes") && m.equals("POST")) {
            int count = Json.parse(call.body()).path("count").asInt(0);
            if (count < 1) {
                throw ApiException.badRequest("INVALID_COUNT", "send {\"count\": n} with n >= 1");
            }
            return ok(Json.object().put("changed", org.changeMany(s.get(1), count)));
        }
        if (s.size() == 4 && s.get(2).equals("fields") && m.equals("DELETE")) {
            org.removeField(s.get(1), s.get(3));
            return Reply.empty(204);
        }
        throw ApiException.notFound();
    }

    private Reply requests(HttpCall call) {
        long since = 0;
        if (call.param("since") != null) {
            since = Long.parseLong(call.param("since"));
        }
        ObjectNode o = Json.object();
        o.put("lastSeq", log.lastSeq());
        ArrayNode list = o.putArray("entries");
        for (RequestLog.Entry e : log.since(since)) {
            list.add(Json.MAPPER.valueToTree(e));
        }
        return ok(o);
    }
}
