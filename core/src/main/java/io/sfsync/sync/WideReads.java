package io.sfsync.sync;

import io.sfsync.plan.Decision;
import io.sfsync.plan.SyncMethod;
import io.sfsync.plan.WideQuery;
import io.sfsync.salesforce.QueryChunks;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.salesforce.SoqlBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.SalesforceComponent;

/**
 * How a run reads an object whose REST query is too long for one request ({@link WideQuery}): the fields in chunks
 * joined by Id, or a Bulk job; and Salesforce's 100,000 characters of SOQL.
 */
final class WideReads {
    private WideReads() {
    }

    /**
     * How the run reads a REST query too long for one request (see {@link WideQuery}): the fields in chunks joined by
     * Id, or a Bulk job. Sets the draft's chunks and its REST page size; leaves a query that fits alone.
     */
    static WideQuery.Choice wideQuery(Exchange exchange, RunPlan.Draft draft, Decision decision,
            SyncSettings settings) {
        draft.restBatchSize = settings.restBatchSize();
        draft.chunks = null;
        if (decision.method().usesBulk()) {
            return new WideQuery.Choice(decision, false, 0, 0);
        }
        int budget = requestBudget(exchange, settings);
        String path = "/services/data/v" + RunSupport.apiVersion(exchange) + "/queryAll/";
        Instant from = decision.full() ? null : draft.readFrom;
        List<String> keys = chunkKeys(draft.schema, draft.watermarkField);
        QueryChunks chunks;
        try {
            chunks = QueryChunks.plan(draft.schema, draft.watermarkField, from, keys, path, budget);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage() + " (sfsync.rest.max-uri-bytes="
                    + settings.restMaxUriBytes() + ")", e);
        }
        if (!chunks.split() && chunks.uriBytes() <= budget) {
            return new WideQuery.Choice(decision, false, 0, 0);
        }
        int pageRows = chunkPageRows(draft.schema, settings.restBatchSize());
        String noBulk = draft.quota != null && draft.quota.bulkJobsLeft() <= draft.quota.minBulkJobs()
                ? "only " + draft.quota.bulkJobsLeft() + " DailyBulkV2QueryJobs are left, not above the floor of "
                        + draft.quota.minBulkJobs()
                : SoqlBuilder.select(draft.schema, draft.watermarkField, from).length() > SOQL_LIMIT
                        ? "its SOQL is over Salesforce's 100,000 characters, too long for one Bulk job" : null;
        // Salesforce answers a query of two or more custom long text areas with pages of 200 rows at most: the first
        // chunk's pages make the ranges, the others page within them.
        int capped = 0;
        int rangeRows = pageRows;
        for (int c = 0; c < chunks.chunks().size(); c++) {
            long longText = chunks.chunks().get(c).stream().filter(f -> f.name().endsWith("__c")
                    && f.type().equals("textarea") && f.length() > 255).count();
            if (longText >= 2 && c == 0) {
                rangeRows = Math.min(pageRows, WideQuery.LONG_TEXT_PAGE_ROWS);
            } else if (longText >= 2) {
                capped++;
            }
        }
        WideQuery.Choice choice = WideQuery.decide(decision, draft.estimated, new WideQuery.Width(
                draft.schema.extracted().size(), chunks.uriBytes(), budget, Math.max(2, chunks.chunks().size()),
                keys.size() >= 2, rangeRows, capped, settings.bulkMaxRecords(), noBulk), settings.wideStrategy());
        if (choice.chunked()) {
            draft.chunks = chunks;
            draft.restBatchSize = pageRows;
        }
        return choice;
    }

    /**
     * The fields every chunk of a wide object selects first: the Id, then what versions a record: SystemModstamp
     * (which moves on every change, system ones included), and the watermark field when it is another. Only the Id
     * when the object has no stamp: its chunks could not be checked against each other.
     */
    static List<String> chunkKeys(SObjectSchema schema, String watermarkField) {
        List<String> keys = new ArrayList<>(3);
        keys.add("Id");
        if (schema.hasField("SystemModstamp")) {
            keys.add(schema.field("SystemModstamp").name());
        }
        if (watermarkField != null && keys.stream().noneMatch(k -> k.equalsIgnoreCase(watermarkField))) {
            keys.add(watermarkField);
        }
        return keys;
    }

    /**
     * Bytes of request target a REST query may take: {@code sfsync.rest.max-uri-bytes}, and no more than the
     * component's HTTP client sends (Jetty refuses request headers past its buffer) less room for the headers.
     */
    static int requestBudget(Exchange exchange, SyncSettings settings) {
        int budget = settings.restMaxUriBytes();
        SalesforceComponent component = SfsyncSalesforce.of(exchange.getContext());
        if (component != null && component.getHttpClient() != null) {
            var client = component.getHttpClient();
            int clientLimit = Math.max(client.getRequestBufferSize(), client.getMaxRequestHeadersSize());
            budget = Math.min(budget, clientLimit - HEADER_ROOM);
        }
        return Math.max(1_024, budget);
    }

    /** Bytes left for the headers of a REST request (bearer token, Sforce-Query-Options, ...). */
    static final int HEADER_ROOM = 2_048;
    /** Salesforce's longest SOQL statement, in characters (SOQL and SOSL limits). */
    static final int SOQL_LIMIT = 100_000;
    /** What the rows of one Id range of a chunked read may take in memory, roughly. */
    static final long CHUNK_WINDOW_BYTES = 16L << 20;

    /**
     * Records per page of a chunked read: a whole Id range is held in memory while its chunks are joined, so pages
     * shrink with the row's width, down to Salesforce's smallest batch size (200). The width is a typical one, long
     * text areas counted at 4,096 characters at most: a REST page cannot have fewer than 200 rows, whatever its rows
     * hold (Salesforce itself answers at most 200 when a query selects two or more custom long text areas, and the
     * chunk read then pages within its range).
     */
    static int chunkPageRows(SObjectSchema schema, int batchSize) {
        long rowBytes = 0;
        for (SfField f : schema.extracted()) {
            rowBytes += 48 + switch (f.type()) {
                case "id", "reference" -> 18;
                case "boolean" -> 5;
                case "date" -> 10;
                case "datetime" -> 24;
                case "int", "double", "currency", "percent", "long" -> 20;
                default -> Math.min(f.length(), 4_096);
            };
        }
        long rows = CHUNK_WINDOW_BYTES / Math.max(1, rowBytes);
        return (int) Math.max(200, Math.min(batchSize, rows));
    }

    /** The SOQL a Bulk job or one REST request carries may not exceed Salesforce's 100,000 characters. */
    static void requireSoqlLength(RunPlan.Draft draft, SyncMethod method) {
        if (draft.chunks != null) {
            return;
        }
        String soql = SoqlBuilder.select(draft.schema, draft.watermarkField,
                method.isFull() ? null : draft.readFrom);
        if (soql.length() > SOQL_LIMIT) {
            throw new SyncException(SyncError.UNKNOWN_OBJECT, "the query of " + draft.schema.name() + " selects "
                    + draft.schema.extracted().size() + " fields in " + String.format(Locale.ROOT, "%,d",
                            soql.length()) + " characters, over Salesforce's limit of 100,000 characters of SOQL: "
                    + "sfsync cannot read it in one " + (method.usesBulk() ? "Bulk job" : "query"));
        }
    }

}
