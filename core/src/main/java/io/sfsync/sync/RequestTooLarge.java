package io.sfsync.sync;

import org.apache.camel.component.salesforce.api.SalesforceException;

/**
 * A Salesforce request refused for its size: by Salesforce (414 URI Too Long, 431 Request Header Fields Too Large:
 * more than 16,384 bytes of URI and headers) or, before it was sent, by camel-salesforce's HTTP client (Jetty's
 * "Request headers too large" when they outgrow {@code httpRequestBufferSize}). Such a request fails the same way every
 * time: it is never retried, and its error names the limit rather than the request (whose URL holds the whole query).
 */
enum RequestTooLarge {
    URI_TOO_LONG("Salesforce answered 414 URI Too Long: it takes at most 16,384 bytes of URI and headers"),
    HEADERS_TOO_LARGE("Salesforce answered 431 Request Header Fields Too Large: it takes at most 16,384 bytes of URI"
            + " and headers"),
    CLIENT_BUFFER("camel-salesforce's HTTP client could not send it: its URI and headers outgrow the client's"
            + " buffer (camel.component.salesforce.httpRequestBufferSize, 16384 in sfsync's configuration)");

    private final String explanation;

    RequestTooLarge(String explanation) {
        this.explanation = explanation;
    }

    String explanation() {
        return explanation;
    }

    /** The kind of size refusal behind the failure, or null when it is something else. */
    static RequestTooLarge of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException sf && sf.getStatusCode() == 414) {
                return URI_TOO_LONG;
            }
            if (t instanceof SalesforceException sf && sf.getStatusCode() == 431) {
                return HEADERS_TOO_LARGE;
            }
            if (t instanceof IllegalArgumentException && t.getMessage() != null
                    && t.getMessage().startsWith("Request headers too large")) {
                return CLIENT_BUFFER;
            }
        }
        return null;
    }
}
