package io.sfsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The original guide's "before" pipeline as Camel routes, kept deliberately naive: REST queryAll and queryMore pages,
 * split into one exchange per record, and one JDBC {@code INSERT} (autocommit) per exchange.
 */
final class NaiveRoutes extends RouteBuilder {
    static final String ENTRY = "direct:naive";
    private static final String ROW = "direct:naive-row";
    private static final String MORE = "NaiveMore";
    private static final String NEXT = "NaiveNextRecordsUrl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> columns;
    private final PreparedStatement insert;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong pages = new AtomicLong();

    NaiveRoutes(List<String> columns, PreparedStatement insert) {
        this.columns = columns;
        this.insert = insert;
    }

    long rows() {
        return rows.get();
    }

    long pages() {
        return pages.get();
    }

    @Override
    public void configure() {
        from(ENTRY).routeId("naive")
                .setHeader("Sforce-Query-Options", constant("batchSize=2000"))
                .to("salesforce:queryAll")
                .setProperty(MORE, constant(true))
                .loopDoWhile(exchangeProperty(MORE).isEqualTo(true))
                    .process(this::page)
                    .split(body())
                        .to(ROW)
                    .end()
                    .filter(exchangeProperty(MORE).isEqualTo(true))
                        .setBody(exchangeProperty(NEXT))
                        .to("salesforce:queryMore")
                    .end()
                .end();
        from(ROW).routeId("naive-row").process(this::insert);
    }

    /** A REST page: its records become the body, its nextRecordsUrl a property. */
    private void page(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        JsonNode page = JSON.readTree(m.getBody(String.class));
        pages.incrementAndGet();
        List<JsonNode> records = new ArrayList<>();
        page.path("records").forEach(records::add);
        JsonNode next = page.get("nextRecordsUrl");
        boolean more = next != null && !next.isNull();
        exchange.setProperty(MORE, more);
        exchange.setProperty(NEXT, more ? next.asText() : null);
        // camel-salesforce sends every Sforce* header back on the next call.
        m.getHeaders().keySet().removeIf(h -> h.toLowerCase(Locale.ROOT).startsWith("sforce"));
        m.setBody(records);
    }

    /** One record, one statement. */
    private void insert(Exchange exchange) throws SQLException {
        JsonNode record = exchange.getMessage().getBody(JsonNode.class);
        for (int i = 0; i < columns.size(); i++) {
            JsonNode v = record.get(columns.get(i));
            insert.setString(i + 1, v == null || v.isNull() ? null : v.asText());
        }
        insert.executeUpdate();
        rows.incrementAndGet();
    }
}
