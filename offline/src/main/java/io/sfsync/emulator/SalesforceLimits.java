package io.sfsync.emulator;

/**
 * The size limits of a real org that the offline org enforces, each with the Salesforce document that states it.
 * Clients that work here therefore split wide queries and page heavy rows the way they must against Salesforce.
 */
public final class SalesforceLimits {
    /**
     * Bytes of request line (the URI) plus headers that one REST call may carry. Over it Salesforce answers 431
     * Request Header Fields Too Large, or 414 URI Too Long when the URI alone is over it. Source: Salesforce Help
     * article 000386264, "Maximum number of rows returned by SOQL queries over the REST API",
     * https://help.salesforce.com/s/articleView?id=000386264&type=1 . Jetty's request header size limit counts the
     * same bytes and answers with the same two statuses.
     */
    public static final int URI_AND_HEADERS_BYTES = 16_384;

    /**
     * Characters a SOQL statement may have. Source: "SOQL and SOSL Limits for Search Queries" in the Salesforce
     * Developer Limits and Allocations Quick Reference (salesforce_app_limits_cheatsheet), "Maximum length of SOQL
     * statements: by default, 100,000 characters".
     */
    public static final int SOQL_CHARACTERS = 100_000;

    /** The MALFORMED_QUERY message Salesforce gives for a statement over {@link #SOQL_CHARACTERS}. */
    public static final String SOQL_TOO_LONG = "SOQL statements can not be longer than " + SOQL_CHARACTERS
            + " characters";

    /** The largest query result page Salesforce returns, and the default (REST query and queryMore). */
    public static final int QUERY_BATCH_MAX = 2_000;

    /**
     * The largest page when a query selects two or more custom long text fields (long or rich text areas). Source:
     * "Change the Batch Size in Queries", SOQL and SOSL Reference
     * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/api/sforce_api_calls_soql_changing_batch_size.htm):
     * if the statement selects two or more custom fields of type long text, the batch size can't be greater than 200.
     */
    public static final int QUERY_BATCH_LONG_TEXT = 200;

    /** Longest Text (string) field setup allows. */
    public static final int TEXT_LENGTH = 255;

    /** The one length of a (short) Text Area field. */
    public static final int TEXT_AREA_LENGTH = 255;

    /**
     * Shortest and longest Long Text Area and Rich Text Area, and the characters all of an object's long and rich text
     * areas may declare together. Source: Salesforce Help, "Rich Text Area Field Considerations"
     * (https://help.salesforce.com/s/articleView?id=platform.fields_rich_text_area_limitations.htm&type=5): up to
     * 131,072 characters a field, a minimum limit of 256, 1,638,400 characters across an object's long and rich text
     * area fields.
     */
    public static final int LONG_TEXT_MIN = 256;
    public static final int LONG_TEXT_MAX = 131_072;
    public static final int LONG_TEXT_PER_OBJECT = 1_638_400;

    /**
     * Custom fields one object may have: Unlimited and Performance Edition's allocation. Source: Salesforce Help,
     * "Custom Fields Allowed Per Object" (https://help.salesforce.com/s/articleView?id=custom_field_allocations.htm),
     * also summarised as "Custom fields per object" in the salesforce_app_limits_cheatsheet edition allocations.
     */
    public static final int CUSTOM_FIELDS_PER_OBJECT = 800;

    /**
     * REST query cursors one user may have open; opening one more releases the oldest, whose next queryMore fails 400
     * INVALID_QUERY_LOCATOR. Source: SOAP API Developer Guide, "QueryLocator" (API 34.0 to 55.0): "A user can have up to
     * 10 query cursors open at a time. If 10 QueryLocator cursors are open when a client application, logged in as the
     * same user, attempts to open a new one, then the oldest of the 10 cursors is released." Salesforce has since lifted
     * it ("API Query Cursor Limits", salesforce_app_limits_cheatsheet: removed with API 56.0, no limit on open cursors);
     * the offline org keeps it by default because a client that survives it survives both (see
     * docs/emulator-pacing.md), and {@link Concurrency#withCursorsPerUser} lifts it.
     */
    public static final int QUERY_CURSORS_PER_USER = 10;

    /**
     * Concurrent API requests of 20 seconds or longer a production org or sandbox allows (Developer Edition and trial
     * orgs: 5). Over it "the API returns a REQUEST_LIMIT_EXCEEDED exception code" and no new request is processed until
     * fewer are running; requests shorter than 20 seconds are not limited. Source: "API Request Limits and
     * Allocations", Concurrent API Request Limits, salesforce_app_limits_cheatsheet
     * (https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html).
     */
    public static final int CONCURRENT_LONG_REQUESTS = 25;

    /** The duration from which a request counts as long-running for {@link #CONCURRENT_LONG_REQUESTS}. */
    public static final java.time.Duration LONG_REQUEST = java.time.Duration.ofSeconds(20);

    /**
     * The message of the 403 REQUEST_LIMIT_EXCEEDED a request gets while {@link #CONCURRENT_LONG_REQUESTS} are running.
     * Source: Salesforce Help 000389067 ("full error message text: 'ConcurrentRequests (Concurrent API Requests) Limit
     * exceeded'"); the status is 403 as for every REQUEST_LIMIT_EXCEEDED ("Status Codes and Error Responses", REST API
     * Developer Guide: "403 ... If the error code is REQUEST_LIMIT_EXCEEDED, you've exceeded API request limits in your
     * org"); the trailing period as clients log it (SalesforceLabs/OrgCheck issue 432).
     */
    public static final String CONCURRENT_REQUESTS_EXCEEDED = "ConcurrentRequests (Concurrent API Requests) Limit"
            + " exceeded.";

    /*
     * Bulk API 2.0 query jobs: Salesforce documents no limit on how many may run at once, only 10,000 jobs per rolling
     * 24 hours (DailyBulkV2QueryJobs, enforced by Limits) and 1 TB of results a day ("Bulk API and Bulk API 2.0 Limits
     * and Allocations"); the offline org therefore limits none.
     */

    /**
     * Bytes one Bulk API 2.0 ingest upload may hold, measured as its base64 encoding: "A request can provide CSV data
     * that does not in total exceed 150 MB of base64 encoded content ... upload data that does not exceed 100 MB"
     * ("Upload Job Data", Bulk API 2.0 and Bulk API Developer Guide). MB read as 2^20 bytes.
     */
    public static final long INGEST_UPLOAD_BASE64_BYTES = 150L * 1024 * 1024;

    /**
     * Records of a Bulk API 2.0 ingest job that count as one batch against the daily batch allocation
     * (DailyBulkApiBatches, 15,000, shared with Bulk API 1.0): "Bulk API and Bulk API 2.0 Limits and Allocations".
     */
    public static final int INGEST_RECORDS_PER_BATCH = 10_000;

    private SalesforceLimits() {
    }
}
