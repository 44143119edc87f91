package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.warehouse.Warehouse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the reverse sync's route tests share: the real beans and DuckDB, every Salesforce endpoint mocked and skipped,
 * an Account describe and a source table ANALYTICS.SCORES of two rows.
 */
abstract class ReverseRoutesTestSupport extends SfsyncRoutesTestSupport {
    static final String JOB = "750R0000000INGST1";
    static final String DESCRIBE = """
            {"name":"Account","fields":[
              {"name":"Id","type":"id","createable":false,"updateable":false,"idLookup":true},
              {"name":"Ext_Id__c","type":"string","createable":true,"updateable":true,"externalId":true,"idLookup":true},
              {"name":"Name","type":"string","createable":true,"updateable":true},
              {"name":"AnnualRevenue","type":"currency","scale":2,"createable":true,"updateable":true},
              {"name":"Last_Scored__c","type":"datetime","createable":true,"updateable":true},
              {"name":"Active__c","type":"boolean","createable":true,"updateable":true},
              {"name":"CreatedDate","type":"datetime","createable":false,"updateable":false}]}""";

    @Override
    Properties properties() {
        Properties p = new Properties();
        p.setProperty("sfsync.reverse.bulk-threshold", "3");
        return p;
    }

    @BeforeEach
    void mockSalesforce() throws Exception {
        AdviceWith.adviceWith(context, "sfsync-reverse", false, a -> a.mockEndpointsAndSkip(SALESFORCE_ENDPOINTS));
        context.start();
        salesforce("getDescription").whenAnyExchangeReceived(e -> e.getMessage().setBody(DESCRIBE));
        sql("CREATE SCHEMA IF NOT EXISTS ANALYTICS");
        sql("CREATE TABLE ANALYTICS.SCORES (EXT_ID__C VARCHAR, NAME VARCHAR, ANNUALREVENUE DECIMAL(18,2),"
                + " LAST_SCORED__C TIMESTAMPTZ, ACTIVE__C BOOLEAN)");
        sql("INSERT INTO ANALYTICS.SCORES VALUES ('A-1', 'Acme', 1000000.00, TIMESTAMPTZ '2024-03-01 10:15:30+02',"
                + " true), ('A-2', NULL, 12.50, NULL, false)");
    }

    MockEndpoint salesforce(String operation) {
        return getMockEndpoint("mock:sfsync-salesforce:" + operation);
    }

    void sql(String statement) throws Exception {
        try (Connection c = warehouse().connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    Warehouse warehouse() {
        return context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
    }

    List<List<String>> rows(String query) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = warehouse().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    ReverseResult reverse(Map<String, Object> more) {
        Map<String, Object> headers = new HashMap<>(Map.of(SyncHeaders.SOBJECT, "Account",
                SyncHeaders.REVERSE_TABLE, "ANALYTICS.SCORES", SyncHeaders.REVERSE_KEY, "Ext_Id__c"));
        headers.putAll(more);
        Object reply = template.requestBodyAndHeaders("direct:sfsync-reverse", null, headers);
        assertThat(reply).isInstanceOf(ReverseResult.class);
        return (ReverseResult) reply;
    }

    static SaveSObjectResult saved(String id) {
        SaveSObjectResult r = new SaveSObjectResult();
        r.setId(id);
        r.setSuccess(true);
        return r;
    }

    static SaveSObjectResult refused(String code, String message, String field) {
        SaveSObjectResult r = new SaveSObjectResult();
        r.setSuccess(false);
        r.setErrors(List.of(new RestError(code, message, List.of(field))));
        return r;
    }

    static Job job(JobStateEnum state) {
        Job job = new Job();
        job.setId(JOB);
        job.setState(state);
        return job;
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

}
