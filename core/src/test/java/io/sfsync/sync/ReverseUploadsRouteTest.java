package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.junit.jupiter.api.Test;

/** Bulk ingest uploads cut by rows: each upload is a job of its own, with its own header line. */
class ReverseUploadsRouteTest extends ReverseRoutesTestSupport {
    @Override
    Properties properties() {
        Properties p = super.properties();
        p.setProperty("sfsync.reverse.bulk.upload-rows", "2");
        return p;
    }

    @Test
    void shouldOpenOneIngestJobPerUploadWhenTheRowsExceedTheUploadRows() throws Exception {
        sql("INSERT INTO ANALYTICS.SCORES VALUES ('A-3', 'x', 3, NULL, NULL), ('A-4', 'y', 4, NULL, NULL),"
                + " ('A-5', 'z', 5, NULL, NULL)");
        List<String> uploads = new ArrayList<>();
        salesforce("bulk2CreateJob").whenAnyExchangeReceived(e -> e.getMessage().setBody(job(JobStateEnum.OPEN)));
        salesforce("bulk2CreateBatch").whenAnyExchangeReceived(e -> uploads.add(new String(
                e.getMessage().getBody(InputStream.class).readAllBytes(), StandardCharsets.UTF_8)));
        salesforce("bulk2GetJob").whenAnyExchangeReceived(e -> e.getMessage().setBody(job(JobStateEnum.JOB_COMPLETE)));
        String head = "\"sf__Id\",\"sf__Created\",Ext_Id__c\n";
        salesforce("bulk2GetSuccessfulResults").whenAnyExchangeReceived(e -> e.getMessage().setBody(stream(head
                + "001,true,x\n001,true,y\n")));
        salesforce("bulk2GetFailedResults").whenAnyExchangeReceived(e -> e.getMessage().setBody(stream(
                "\"sf__Id\",\"sf__Error\",Ext_Id__c\n")));
        salesforce("bulk2GetUnprocessedRecords").whenAnyExchangeReceived(e -> e.getMessage().setBody(stream(
                "Ext_Id__c\n")));

        ReverseResult r = reverse(Map.of());

        assertThat(uploads).hasSize(3);
        assertThat(uploads).allSatisfy(u -> assertThat(u).startsWith("Ext_Id__c,Name,AnnualRevenue,"));
        assertThat(uploads.get(2)).endsWith("A-5,z,5,#N/A,#N/A\n");
        assertThat(r.jobIds()).isEqualTo(JOB + "," + JOB + "," + JOB);
        assertThat(r.rowsSent()).isEqualTo(5);
    }
}
