package io.sfsync.emulator.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.SalesforceLimits;
import io.sfsync.emulator.http.HttpCall;
import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.http.Limits;
import io.sfsync.emulator.http.Reply;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.RowView;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.query.QueryEngine;
import io.sfsync.emulator.query.ResultSet;
import io.sfsync.emulator.soql.FieldPath;
import io.sfsync.emulator.soql.SoqlException;
import io.sfsync.emulator.soql.SoqlQuery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The REST API resources under {@code /services/data}: versions, limits, describe, query and sObject DML. */
public final class RestApi {
    private static final Pattern BATCH_SIZE = Pattern.compile("batchSize\\s*=\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
    static final int DEFAULT_BATCH = SalesforceLimits.QUERY_BATCH_MAX;

    private final Org org;
    private final QueryEngine engine;
    private final Limits limits;
    private final Cursors cursors;

    public RestApi(Org org, QueryEngine engine, Limits limits) {
        this(org, engine, limits, SalesforceLimits.QUERY_CURSORS_PER_USER);
    }

    /** {@code cursorsPerUser}: query cursors one user may hold open (0: no limit). */
    public RestApi(Org org, QueryEngine engine, Limits limits, int cursorsPerUser) {
        this.org = org;
        this.engine = engine;
        this.limits = limits;
        this.cursors = new Cursors(cursorsPerUser);
    }

    public Reply versions() {
        return Reply.json(200, Json.bytes(ApiVersions.list()));
    }

    /** {@code GET /services/data/vXX.X}: the resources of a version. */
    public Reply resources(String version) {
        ObjectNode out = Json.object();
        String base = "/services/data/v" + version;
        for (String r : List.of("tooling", "metadata", "eclair", "folders", "prechatForms", "contact-tracing",
                "chatter", "tabs", "appMenu", "quickActions", "queryAll", "commerce", "wave", "iot", "analytics",
                "search", "identity", "composite", "parameterizedSearch", "fingerprint", "theme", "nouns",
                "event", "serviceTemplates", "recent", "connect", "licensing", "limits", "process", "async-queries",
                "query", "match", "emailConnect", "compactLayouts", "knowledgeManagement", "sobjects", "actions",
                "support", "jobs")) {
            out.put(r, r.equals("identity") ? "" : base + "/" + r);
        }
        out.put("identity", base.replace("/services/data/v" + version, "") + "/id/" + org.orgId() + "/"
                + org.integrationUserId());
        return Reply.json(200, Json.bytes(out));
    }

    public Reply limits() {
        return Reply.json(200, Json.bytes(limits.snapshot()));
    }

    public Reply describeGlobal(String version) {
        return Reply.json(200, Json.bytes(Describe.global(org, version)));
    }

    public Reply describe(String version, String type) {
        SObjectDef t = requireType(type);
        return Reply.json(200, Json.bytes(Describe.sobject(org, t, version)));
    }

    /** {@code GET /sobjects/{type}}: basic information and recent items. */
    public Reply sobjectInfo(String version, String type) {
        SObjectDef t = requireType(type);
        ObjectNode out = Json.object();
        ObjectNode d = Describe.global(org, version);
        for (var n : d.withArray("sobjects")) {
            if (n.path("name").asText().equals(t.name())) {
                out.set("objectDescribe", n);
            }
        }
        out.putArray("recentItems");
        return Reply.json(200, Json.bytes(out));
    }

    private SObjectDef requireType(String type) {
        SObjectDef t = org.find(type);
        if (t == null) {
            throw ApiException.notFound();
        }
        return t;
    }

    /** {@code GET /query?q=} and {@code /queryAll?q=}. */
    public Reply query(HttpCall call, String version, boolean all) {
        String q = call.param("q");
        if (q == null || q.isBlank()) {
            throw new ApiException(400, "MALFORMED_QUERY", "A query string has to be specified");
        }
        SoqlQuery parsed = parse(q);
        ResultSet rs = engine.run(parsed, all);
        if (parsed.isCount()) {
            return page(version, rs, null, 0, 0, true);
        }
        if (parsed.countField() != null) {
            return aggregate(parsed, rs);
        }
        int batch = pageSize(parsed, batchSize(call, DEFAULT_BATCH));
        Cursors.Cursor cursor = rs.size() > batch ? cursors.open(call.user(), rs, batch, all) : null;
        return page(version, rs, cursor, 0, batch, false);
    }

    /** {@code GET /query/{cursor}-{offset}} (also under {@code /queryAll/}). */
    public Reply queryMore(HttpCall call, String version, String locator) {
        int dash = locator.lastIndexOf('-');
        Cursors.Cursor cursor = dash < 0 ? null : cursors.get(locator.substring(0, dash));
        int offset;
        try {
            offset = dash < 0 ? -1 : Integer.parseInt(locator.substring(dash + 1));
        } catch (NumberFormatException e) {
            offset = -1;
        }
        if (cursor == null || offset < 0 || offset > cursor.results().size()) {
            throw new ApiException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        int batch = pageSize(cursor.results().query(), batchSize(call, cursor.batchSize()));
        return page(version, cursor.results(), cursor, offset, batch, false);
    }

    private SoqlQuery parse(String q) {
        try {
            return engine.parse(q);
        } catch (SoqlException e) {
            throw new ApiException(400, e.errorCode(), e.getMessage());
        }
    }

    /** {@code SELECT COUNT(field) [alias]}: one AggregateResult record counting the non-null values. */
    private static Reply aggregate(SoqlQuery parsed, ResultSet rs) {
        long n = 0;
        for (int i = 0; i < rs.size(); i++) {
            if (parsed.countField().value(rs.row(i), rs.context()) != null) {
                n++;
            }
        }
        ObjectNode out = Json.object();
        out.put("totalSize", 1);
        out.put("done", true);
        ObjectNode rec = out.putArray("records").addObject();
        rec.putObject("attributes").put("type", "AggregateResult");
        rec.put(parsed.countAlias(), n);
        return Reply.json(200, Json.bytes(out));
    }

    /**
     * The rows a page of this query holds: what the client asked for, but never more than
     * {@link SalesforceLimits#QUERY_BATCH_LONG_TEXT} when the query selects two or more custom long text fields (long
     * or rich text areas), as Salesforce documents in "Change the Batch Size in Queries". Standard long text (Account's
     * Description) does not count: the document names custom fields.
     */
    static int pageSize(SoqlQuery query, int asked) {
        int longText = 0;
        for (FieldPath p : query.select()) {
            FieldDef f = p.field();
            if (f.custom() && f.longTextArea()) {
                longText++;
            }
        }
        return longText >= 2 ? Math.min(asked, SalesforceLimits.QUERY_BATCH_LONG_TEXT) : asked;
    }

    static int batchSize(HttpCall call, int fallback) {
        String options = call.header("Sforce-Query-Options");
        if (options == null) {
            return fallback;
        }
        Matcher m = BATCH_SIZE.matcher(options);
        if (!m.find()) {
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        return (int) Math.max(200, Math.min(2000, n));
    }

    private Reply page(String version, ResultSet rs, Cursors.Cursor cursor, int offset, int batch, boolean count) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(buf)) {
            int end = count ? offset : Math.min(rs.size(), offset + batch);
            boolean done = end >= rs.size() || count;
            g.writeStartObject();
            g.writeNumberField("totalSize", rs.size());
            g.writeBooleanField("done", done);
            if (!done) {
                g.writeStringField("nextRecordsUrl", "/services/data/v" + version + "/query/" + cursor.id() + "-"
                        + end);
            } else if (cursor != null) {
                cursors.close(cursor.id());
            }
            g.writeArrayFieldStart("records");
            if (!count) {
                RecordJson writer = RecordJson.forPaths(version, rs.query().select());
                for (int i = offset; i < end; i++) {
                    writer.write(g, rs.row(i), rs.context());
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Reply.json(200, buf.toByteArray());
    }

    /** {@code POST /sobjects/{type}}. */
    public Reply create(HttpCall call, String type) {
        SObjectDef t = requireType(type);
        String id = org.create(t.name(), FieldValues.read(t, Json.parse(call.body()), true));
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("success", true);
        out.putArray("errors");
        return Reply.json(201, Json.bytes(out));
    }

    /** {@code GET /sobjects/{type}/{id}[?fields=a,b]}. */
    public Reply get(HttpCall call, String version, String type, String id) {
        RowView row = liveRow(type, id);
        List<FieldDef> fields = new ArrayList<>();
        String wanted = call.param("fields");
        if (wanted != null && !wanted.isBlank()) {
            for (String name : wanted.split(",")) {
                FieldDef f = row.type().field(name.trim());
                if (f == null) {
                    throw new ApiException(400, "INVALID_FIELD", "No such column '" + name.trim()
                            + "' on sobject of type " + row.type().name());
                }
                fields.add(f);
            }
        } else {
            fields.addAll(row.type().fields());
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(buf)) {
            RecordJson.forFields(version, fields).write(g, row, engine.context());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Reply.json(200, buf.toByteArray());
    }

    /** {@code GET /sobjects/{type}/{id}/{field}}: the content of a base64 field. */
    public Reply blob(String type, String id, String field) {
        RowView row = liveRow(type, id);
        FieldDef f = row.type().field(field);
        if (f == null || f.type() != FieldType.BASE64) {
            throw ApiException.notFound();
        }
        Object v = row.get(f);
        if (v == null) {
            throw ApiException.notFound();
        }
        return Reply.bytes(200, "application/octetstream", Base64.getMimeDecoder().decode((String) v));
    }

    /** {@code PATCH /sobjects/{type}/{id}}. */
    public Reply update(HttpCall call, String type, String id) {
        RowView row = liveRow(type, id);
        org.update(row.id(), FieldValues.read(row.type(), Json.parse(call.body()), false));
        return Reply.empty(204);
    }

    /** {@code DELETE /sobjects/{type}/{id}}: to the recycle bin. */
    public Reply delete(String type, String id) {
        RowView row = liveRow(type, id);
        if (row.type().field("IsDeleted") == null) {
            throw new ApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be deleted");
        }
        org.delete(row.id());
        return Reply.empty(204);
    }

    private RowView liveRow(String type, String id) {
        SObjectDef t = requireType(type);
        String full = Ids.to18(id);
        if (full == null || !Ids.keyPrefix(full).equals(t.keyPrefix())) {
            throw new ApiException(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "
                    + id);
        }
        Org.Locator l = org.locate(full);
        if (l == null) {
            throw ApiException.notFound();
        }
        ObjectTable table = l.table();
        if (table.isDeleted(l.row())) {
            throw new ApiException(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        return table.row(l.row());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
