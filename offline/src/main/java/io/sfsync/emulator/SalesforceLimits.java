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

    private SalesforceLimits() {
    }
}
