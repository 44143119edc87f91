package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.reverse.SObjectRecord;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.junit.jupiter.api.Test;

/**
 * The reverse sync's routes ({@code routes/reverse.camel.yaml}) with the real beans and DuckDB: what each Salesforce
 * call is sent (records, CSV, job) and what becomes of each answer (counts, failure rows, history). Salesforce is the
 * mocked and skipped endpoints, each answering as Salesforce documents.
 */
class ReverseRouteTest extends ReverseRoutesTestSupport {
    @Test
    void shouldUpsertFewRowsThroughSObjectCollectionsAndKeepTheRefusedOnes() throws Exception {
        MockEndpoint upsert = salesforce("compositeUpsertSObjectCollections");
        upsert.expectedMessageCount(1);
        upsert.expectedHeaderReceived(SalesforceEndpointConfig.SOBJECT_NAME, "Account");
        upsert.expectedHeaderReceived(SalesforceEndpointConfig.SOBJECT_EXT_ID_NAME, "Ext_Id__c");
        upsert.expectedHeaderReceived(SalesforceEndpointConfig.ALL_OR_NONE, "false");
        upsert.whenAnyExchangeReceived(e -> e.getMessage().setBody(List.of(saved("001R00000000001AAA"),
                refused("REQUIRED_FIELD_MISSING", "Required fields are missing: [Name]", "Name"))));

        ReverseResult r = reverse(Map.of());

        MockEndpoint.assertIsSatisfied(context);
        List<?> records = upsert.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        assertThat(records).hasSize(2);
        assertThat(((SObjectRecord) records.get(0)).values()).containsExactly(
                Map.entry("Ext_Id__c", "A-1"), Map.entry("Name", "Acme"),
                Map.entry("AnnualRevenue", new io.sfsync.reverse.SfValues.PlainNumber("1000000")),
                Map.entry("Last_Scored__c", "2024-03-01T08:15:30.000Z"), Map.entry("Active__c", true));
        assertThat(((SObjectRecord) records.get(1)).values()).containsEntry("Name", null)
                .containsEntry("Last_Scored__c", null).containsEntry("Active__c", false);
        assertThat(r.success()).isTrue();
        assertThat(r.path()).isEqualTo("rest");
        assertThat(r.operation()).isEqualTo("upsert");
        assertThat(r.rowsSent()).isEqualTo(2);
        assertThat(r.succeeded()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.apiCalls()).isEqualTo(2);
        assertThat(rows("SELECT RUN_ID, KEY_FIELD, KEY_VALUE, STATUS_CODE, MESSAGE, FIELDS, ROW_VALUES FROM"
                + " ANALYTICS.SCORES_SF_FAILURES")).containsExactly(List.of(r.runId(), "Ext_Id__c", "A-2",
                        "REQUIRED_FIELD_MISSING", "Required fields are missing: [Name]", "Name",
                        "{\"Ext_Id__c\":\"A-2\",\"Name\":null,\"AnnualRevenue\":\"12.5\",\"Last_Scored__c\":null,"
                                + "\"Active__c\":\"false\"}"));
        assertThat(rows("SELECT \"sync_method\", \"actual_records\", \"success\" FROM SFSYNC_CONTROL.sfsync_history"
                + " WHERE \"target_table\" = 'salesforce:Account'")).containsExactly(
                        List.of("reverse_rest_upsert", "1", "true"));
    }

    @Test
    void shouldUpsertManyRowsThroughABulkIngestJobAndReadItsResults() throws Exception {
        sql("INSERT INTO ANALYTICS.SCORES VALUES ('A-3', 'Third, \"quoted\"', 3, NULL, NULL)");
        salesforce("bulk2CreateJob").whenAnyExchangeReceived(e -> {
            Job asked = e.getMessage().getBody(Job.class);
            Job job = new Job();
            job.setId(JOB);
            job.setObject(asked.getObject());
            job.setOperation(asked.getOperation());
            job.setExternalIdFieldName(asked.getExternalIdFieldName());
            job.setState(JobStateEnum.OPEN);
            e.getMessage().setBody(job);
        });
        List<String> uploads = new ArrayList<>();
        salesforce("bulk2CreateBatch").whenAnyExchangeReceived(e -> uploads.add(new String(
                e.getMessage().getBody(InputStream.class).readAllBytes(), StandardCharsets.UTF_8)));
        salesforce("bulk2CloseJob").expectedHeaderReceived(SalesforceEndpointConfig.JOB_ID, JOB);
        salesforce("bulk2GetJob").whenExchangeReceived(1, e -> e.getMessage().setBody(job(JobStateEnum.IN_PROGRESS)));
        salesforce("bulk2GetJob").whenExchangeReceived(2, e -> e.getMessage().setBody(job(JobStateEnum.JOB_COMPLETE)));
        salesforce("bulk2GetSuccessfulResults").whenAnyExchangeReceived(e -> e.getMessage().setBody(stream(
                "\"sf__Id\",\"sf__Created\",Ext_Id__c,Name,AnnualRevenue,Last_Scored__c,Active__c\n"
                        + "001R00000000001AAA,false,A-1,Acme,1000000,2024-03-01T08:15:30.000Z,true\n"
                        + "001R00000000003AAA,true,A-3,\"Third, \"\"quoted\"\"\",3,#N/A,#N/A\n")));
        salesforce("bulk2GetFailedResults").whenAnyExchangeReceived(e -> e.getMessage().setBody(stream(
                "\"sf__Id\",\"sf__Error\",Ext_Id__c,Name,AnnualRevenue,Last_Scored__c,Active__c\n"
                        + ",REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --,A-2,#N/A,12.5,#N/A,"
                        + "false\n")));
        salesforce("bulk2GetUnprocessedRecords").whenAnyExchangeReceived(e -> e.getMessage().setBody(stream(
                "Ext_Id__c,Name,AnnualRevenue,Last_Scored__c,Active__c\n")));

        ReverseResult r = reverse(Map.of());

        MockEndpoint.assertIsSatisfied(context);
        Job asked = salesforce("bulk2CreateJob").getReceivedExchanges().get(0).getMessage().getBody(Job.class);
        assertThat(asked.getOperation()).isEqualTo(OperationEnum.UPSERT);
        assertThat(asked.getExternalIdFieldName()).isEqualTo("Ext_Id__c");
        assertThat(asked.getObject()).isEqualTo("Account");
        assertThat(uploads).containsExactly("Ext_Id__c,Name,AnnualRevenue,Last_Scored__c,Active__c\n"
                + "A-1,Acme,1000000,2024-03-01T08:15:30.000Z,true\n"
                + "A-2,#N/A,12.5,#N/A,false\n"
                + "A-3,\"Third, \"\"quoted\"\"\",3,#N/A,#N/A\n");
        assertThat(r.path()).isEqualTo("bulk");
        assertThat(r.jobIds()).isEqualTo(JOB);
        assertThat(r.succeeded()).isEqualTo(2);
        assertThat(r.inserted()).isEqualTo(1);
        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        // create, upload, close, two polls, three result reads
        assertThat(r.apiCalls()).isEqualTo(1 + 8);
        assertThat(rows("SELECT KEY_VALUE, STATUS_CODE, FIELDS FROM ANALYTICS.SCORES_SF_FAILURES"))
                .containsExactly(List.of("A-2", "REQUIRED_FIELD_MISSING", "Name"));
    }

    @Test
    void shouldRefuseUnwritableColumnsBeforeSendingAnything() throws Exception {
        sql("ALTER TABLE ANALYTICS.SCORES ADD COLUMN CREATEDDATE TIMESTAMPTZ");
        salesforce("compositeUpsertSObjectCollections").expectedMessageCount(0);
        salesforce("bulk2CreateJob").expectedMessageCount(0);

        ReverseResult r = reverse(Map.of());

        MockEndpoint.assertIsSatisfied(context);
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("column CREATEDDATE: CreatedDate is not writable (createable=false,"
                + " updateable=false)");
        assertThat(warehouse().tableExists(new io.sfsync.warehouse.TableRef("ANALYTICS", "SCORES_SF_FAILURES")))
                .isFalse();
    }

    @Test
    void shouldCountInsertsAndUpdatesInADryRunAndWriteNothing() throws Exception {
        salesforce("query").whenAnyExchangeReceived(e -> e.getMessage().setBody("{\"totalSize\":1,\"done\":true,"
                + "\"records\":[{\"attributes\":{\"type\":\"Account\"},\"Ext_Id__c\":\"A-2\"}]}"));
        salesforce("compositeUpsertSObjectCollections").expectedMessageCount(0);
        salesforce("bulk2CreateJob").expectedMessageCount(0);

        ReverseResult r = reverse(Map.of(SyncHeaders.REVERSE_DRY_RUN, "true"));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(salesforce("query").getReceivedExchanges().get(0).getMessage()
                .getHeader(SalesforceEndpointConfig.SOBJECT_QUERY)).isEqualTo(
                        "SELECT Ext_Id__c FROM Account WHERE Ext_Id__c IN ('A-1','A-2')");
        assertThat(r.dryRun()).isTrue();
        assertThat(r.inserted()).isEqualTo(1);
        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.path()).isEqualTo("rest");
        assertThat(warehouse().tableExists(new io.sfsync.warehouse.TableRef("ANALYTICS", "SCORES_SF_FAILURES")))
                .isFalse();
        assertThat(warehouse().tableExists(new io.sfsync.warehouse.TableRef("SFSYNC_CONTROL", "sfsync_history"))
                ? rows("SELECT * FROM SFSYNC_CONTROL.sfsync_history") : List.of()).as("a dry run is not recorded")
                .isEmpty();
    }

    @Test
    void shouldAbortTheOpenIngestJobOfARunThatFailsAndReturnTheFailedResult() throws Exception {
        sql("INSERT INTO ANALYTICS.SCORES VALUES ('A-3', 'x', 3, NULL, NULL)");
        salesforce("bulk2CreateJob").whenAnyExchangeReceived(e -> e.getMessage().setBody(job(JobStateEnum.OPEN)));
        salesforce("bulk2CreateBatch").whenAnyExchangeReceived(e -> e.setException(new SalesforceException(
                List.of(new RestError("INVALIDJOBSTATE", "the route test refused the upload")), 400)));
        MockEndpoint abort = salesforce("bulk2AbortJob");
        abort.expectedMessageCount(1);
        abort.expectedHeaderReceived(SalesforceEndpointConfig.JOB_ID, JOB);

        ReverseResult r = reverse(Map.of());

        MockEndpoint.assertIsSatisfied(context);
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("INVALIDJOBSTATE");
        assertThat(r.jobIds()).isEqualTo(JOB);
        assertThat(rows("SELECT \"sync_method\", \"success\" FROM SFSYNC_CONTROL.sfsync_history")).containsExactly(
                List.of("reverse_bulk_upsert", "false"));
    }

    @Test
    void shouldUpdateByIdThroughTheUpdateCollection() throws Exception {
        sql("CREATE TABLE ANALYTICS.RENAMES AS SELECT '001R00000000001AAA' AS ID, 'Renamed' AS NAME");
        MockEndpoint update = salesforce("compositeUpdateSObjectCollections");
        update.expectedMessageCount(1);
        update.whenAnyExchangeReceived(e -> e.getMessage().setBody(List.of(saved("001R00000000001AAA"))));
        salesforce("compositeUpsertSObjectCollections").expectedMessageCount(0);

        ReverseResult r = reverse(Map.of(SyncHeaders.REVERSE_TABLE, "ANALYTICS.RENAMES", SyncHeaders.REVERSE_KEY,
                "Id"));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(((SObjectRecord) update.getReceivedExchanges().get(0).getMessage().getBody(List.class).get(0))
                .values()).containsExactly(Map.entry("Id", "001R00000000001AAA"), Map.entry("Name", "Renamed"));
        assertThat(r.operation()).isEqualTo("update");
        assertThat(r.succeeded()).isEqualTo(1);
        assertThat(r.failuresTable()).isEqualTo("ANALYTICS.RENAMES_SF_FAILURES");
    }
}
