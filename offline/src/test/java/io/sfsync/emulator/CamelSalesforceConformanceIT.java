package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sfsync.emulator.bulk.BulkBehaviour;
import io.sfsync.emulator.http.Faults;
import io.sfsync.emulator.http.Limits;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.RowView;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator as camel-salesforce 4.18 sees it: the real component, over real HTTP on a loopback port, through all
 * four login flows, REST query paging, Bulk API 2.0 query jobs with locator paging, a Bulk API 2.0 ingest upsert,
 * re-login after a 401 in the middle
 * of paging, and the error each failure must surface as.
 */
class CamelSalesforceConformanceIT {
    private static final String API_VERSION = "62.0";
    private static final int ACCOUNTS = 5_000;
    private static final int CONTACTS = 300;
    private static final int MAX_CONTENT = 64 * 1024 * 1024;
    private static final String STORE_PASSWORD = "conformance-store";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REST_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");
    private static final List<String> BULK_COLUMNS =
            List.of("Id", "Name", "Industry", "NumberOfEmployees", "Description", "CreatedDate", "Owner.Name");

    @TempDir
    static Path keys;

    private static SalesforceEmulator emulator;
    private static Path trustedKeystore;
    private static Path strangerKeystore;

    private final List<Camel> started = new ArrayList<>();

    @BeforeAll
    static void startOrg() throws Exception {
        trustedKeystore = generateKeystore("trusted");
        X509Certificate trusted = exportCertificate(trustedKeystore, "trusted");
        // A key pair whose certificate the connected app never saw: its assertions must be refused.
        strangerKeystore = generateKeystore("stranger");
        emulator = SalesforceEmulator.start(EmulatorConfig.builder()
                .volume("Account", ACCOUNTS)
                .volume("Contact", CONTACTS)
                .volume("Opportunity", 50)
                .volume("Kitchen_Sink__c", 10)
                .bulkTiming(Duration.ofMillis(20), Duration.ofMillis(40))
                .jwtCertificate(trusted)
                .build());
    }

    @AfterAll
    static void stopOrg() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @AfterEach
    void stopCamelAndDisarm() {
        for (Camel c : started) {
            c.context.stop();
        }
        started.clear();
        emulator.faults().clear();
        EmulatorConfig config = emulator.config();
        emulator.limits().set(Limits.API_REQUESTS, config.dailyApiRequests(), config.dailyApiRequests());
        emulator.limits().set(Limits.BULK_QUERY_JOBS, config.dailyBulkQueryJobs(), config.dailyBulkQueryJobs());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1. Login flows

    @Test
    void shouldLogInWithUsernameAndPasswordOncePerComponentStart() throws Exception {
        assertLoginFlowWorks(AuthenticationType.USERNAME_PASSWORD, sf -> {
            sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            sf.setClientSecret(EmulatorConfig.DEMO_CLIENT_SECRET);
            sf.setUserName(EmulatorConfig.DEMO_USERNAME);
            sf.setPassword(EmulatorConfig.DEMO_PASSWORD + EmulatorConfig.DEMO_SECURITY_TOKEN);
        });
    }

    @Test
    void shouldLogInWithRefreshTokenOncePerComponentStart() throws Exception {
        assertLoginFlowWorks(AuthenticationType.REFRESH_TOKEN, sf -> {
            sf.setAuthenticationType(AuthenticationType.REFRESH_TOKEN);
            sf.setClientSecret(EmulatorConfig.DEMO_CLIENT_SECRET);
            sf.setRefreshToken(EmulatorConfig.DEMO_REFRESH_TOKEN);
        });
    }

    @Test
    void shouldLogInWithClientCredentialsDetectedFromClientIdAndSecretAlone() throws Exception {
        assertLoginFlowWorks(AuthenticationType.CLIENT_CREDENTIALS,
                sf -> sf.setClientSecret(EmulatorConfig.DEMO_CLIENT_SECRET));
    }

    @Test
    void shouldLogInWithJwtSignedByTheRegisteredCertificatesKey() throws Exception {
        assertLoginFlowWorks(AuthenticationType.JWT, sf -> {
            sf.setAuthenticationType(AuthenticationType.JWT);
            sf.setUserName(EmulatorConfig.DEMO_USERNAME);
            sf.setKeystore(keystoreParameters(trustedKeystore));
        });
    }

    @Test
    void shouldRefuseWrongPasswordWithInvalidGrant() {
        long logins = counter("login");
        Camel camel = new Camel(sf -> {
            sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            sf.setClientSecret(EmulatorConfig.DEMO_CLIENT_SECRET);
            sf.setUserName(EmulatorConfig.DEMO_USERNAME);
            sf.setPassword("not-the-password");
        });

        SalesforceException e = loginFailure(camel);

        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getMessage()).contains("invalid_grant");
        assertThat(e.getErrors()).extracting(error -> error.getErrorCode()).containsExactly("invalid_grant");
        assertThat(counter("login")).isGreaterThan(logins);
    }

    @Test
    void shouldRefuseJwtSignedByAKeyWhoseCertificateIsUnknown() {
        Camel camel = new Camel(sf -> {
            sf.setAuthenticationType(AuthenticationType.JWT);
            sf.setUserName(EmulatorConfig.DEMO_USERNAME);
            sf.setKeystore(keystoreParameters(strangerKeystore));
        });

        SalesforceException e = loginFailure(camel);

        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getMessage()).contains("invalid_grant");
    }

    private void assertLoginFlowWorks(AuthenticationType expected, Consumer<SalesforceComponent> credentials)
            throws Exception {
        long logins = counter("login");
        long limitCalls = counter("limits");

        Camel camel = new Camel(credentials).start();

        assertThat(camel.component.getLoginConfig().getType()).isEqualTo(expected);
        assertThat(counter("login") - logins).as("logins at component start").isEqualTo(1);
        JsonNode limits = camel.json(camel.call("salesforce:limits", null, Map.of()));
        assertThat(limits.path("DailyApiRequests").path("Max").asLong())
                .isEqualTo(emulator.config().dailyApiRequests());
        JsonNode count = camel.json(camel.call("salesforce:query", "SELECT COUNT() FROM Account", Map.of()));
        assertThat(count.path("totalSize").asInt()).isEqualTo(ACCOUNTS);
        assertThat(counter("limits") - limitCalls).isEqualTo(1);
        assertThat(counter("login") - logins).as("no further logins after start").isEqualTo(1);

        long seq = emulator.requests().lastSeq();
        camel.context.stop();
        assertThat(emulator.requests().since(seq)).as("requests at component stop").singleElement()
                .satisfies(e -> {
                    assertThat(e.operation()).isEqualTo("revoke");
                    assertThat(e.status()).isEqualTo(200);
                });
    }

    private static SalesforceException loginFailure(Camel camel) {
        Throwable thrown = null;
        try {
            camel.start();
        } catch (Exception e) {
            thrown = e;
        }
        assertThat(thrown).as("component start with bad credentials").isNotNull();
        return salesforceException(thrown);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. REST query paging, COUNT(), relationships, queryAll

    @Test
    void shouldPageRestQueryWithBatchSizeHeaderUntilDone() throws Exception {
        Camel camel = new Camel(this::password).start();

        List<JsonNode> pages = camel.pages("query", "SELECT Id, Name FROM Account", 200, null);

        assertThat(pages).hasSize(ACCOUNTS / 200);
        List<String> ids = new ArrayList<>();
        for (JsonNode page : pages) {
            assertThat(page.path("totalSize").asInt()).isEqualTo(ACCOUNTS);
            assertThat(page.path("records")).hasSize(200);
            for (JsonNode record : page.path("records")) {
                String id = record.path("Id").asText();
                assertThat(record.path("attributes").path("type").asText()).isEqualTo("Account");
                assertThat(record.path("attributes").path("url").asText())
                        .isEqualTo("/services/data/v" + API_VERSION + "/sobjects/Account/" + id);
                assertThat(record.has("Name")).isTrue();
                ids.add(id);
            }
        }
        JsonNode last = pages.get(pages.size() - 1);
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.has("nextRecordsUrl")).as("nextRecordsUrl absent on the last page").isFalse();
        assertThat(ids).hasSize(ACCOUNTS).doesNotHaveDuplicates().isSorted().isEqualTo(liveIds("Account"));
    }

    @Test
    void shouldAnswerCountWithTotalSizeAndNoRecords() throws Exception {
        Camel camel = new Camel(this::password).start();

        JsonNode count = camel.json(camel.call("salesforce:query", "SELECT COUNT() FROM Account", Map.of()));

        assertThat(count.path("totalSize").asInt()).isEqualTo(ACCOUNTS);
        assertThat(count.path("done").asBoolean()).isTrue();
        assertThat(count.path("records").isArray()).isTrue();
        assertThat(count.path("records")).isEmpty();
    }

    @Test
    void shouldReturnParentRelationshipAsNestedRecordWithAttributes() throws Exception {
        Camel camel = new Camel(this::password).start();

        JsonNode page = camel.json(camel.call("salesforce:query",
                "SELECT Id, Name, Owner.Name FROM Account ORDER BY Id LIMIT 25", Map.of()));

        assertThat(page.path("records")).hasSize(25);
        for (JsonNode record : page.path("records")) {
            RowView account = emulator.org().byId(record.path("Id").asText());
            RowView owner = emulator.org().byId((String) value(account, "OwnerId"));
            JsonNode nested = record.path("Owner");
            assertThat(nested.isObject()).as("Owner is a nested object").isTrue();
            assertThat(nested.path("attributes").path("type").asText()).isEqualTo("User");
            assertThat(nested.path("attributes").path("url").asText())
                    .isEqualTo("/services/data/v" + API_VERSION + "/sobjects/User/" + owner.id());
            assertThat(nested.path("Name").asText()).isEqualTo(value(owner, "Name"));
            assertThat(record.has("Owner.Name")).as("no flattened key").isFalse();
        }
    }

    @Test
    void shouldReturnRecordDeletedThroughCamelOnlyFromQueryAll() throws Exception {
        Camel camel = new Camel(this::password).start();
        JsonNode before = camel.json(camel.call("salesforce:query",
                "SELECT Id FROM Contact ORDER BY Id LIMIT 1 OFFSET 7", Map.of()));
        String id = before.path("records").path(0).path("Id").asText();
        assertThat(id).startsWith("003");

        Exchange deleted = camel.call("salesforce:deleteSObject", null,
                Map.of(SalesforceEndpointConfig.SOBJECT_NAME, "Contact", SalesforceEndpointConfig.SOBJECT_ID, id));
        assertThat(deleted.getException()).isNull();

        String soql = "SELECT Id, IsDeleted FROM Contact WHERE Id = '" + id + "'";
        JsonNode live = camel.json(camel.call("salesforce:query", soql, Map.of()));
        assertThat(live.path("totalSize").asInt()).isZero();
        assertThat(live.path("records")).isEmpty();
        JsonNode all = camel.json(camel.call("salesforce:queryAll", soql, Map.of()));
        assertThat(all.path("totalSize").asInt()).isEqualTo(1);
        assertThat(all.path("records").path(0).path("Id").asText()).isEqualTo(id);
        assertThat(all.path("records").path(0).path("IsDeleted").isBoolean()).isTrue();
        assertThat(all.path("records").path(0).path("IsDeleted").asBoolean()).isTrue();
        JsonNode count = camel.json(camel.call("salesforce:query", "SELECT COUNT() FROM Contact", Map.of()));
        assertThat(count.path("totalSize").asInt()).isEqualTo(CONTACTS - 1);

        // queryAll pages through its cursor too (nextRecordsUrl says /query/ even for queryAll).
        List<String> deletedSeen = new ArrayList<>();
        int records = 0;
        for (JsonNode page : camel.pages("queryAll", "SELECT Id, IsDeleted FROM Contact", 200, null)) {
            assertThat(page.path("totalSize").asInt()).isEqualTo(CONTACTS);
            for (JsonNode record : page.path("records")) {
                records++;
                if (record.path("IsDeleted").asBoolean()) {
                    deletedSeen.add(record.path("Id").asText());
                }
            }
        }
        assertThat(records).isEqualTo(CONTACTS);
        assertThat(deletedSeen).containsExactly(id);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. Bulk API 2.0 query job end to end

    @Test
    void shouldRunBulkQueryJobAndReadEveryLocatorPage() throws Exception {
        Camel camel = new Camel(this::password).start();
        String soql = "SELECT " + String.join(", ", BULK_COLUMNS) + " FROM Account";

        QueryJob created = camel.createQueryJob(soql);
        assertThat(created.getId()).startsWith("750");
        assertThat(created.getObject()).isEqualTo("Account");
        assertThat(created.getOperation()).isEqualTo(OperationEnum.QUERY);
        assertThat(created.getState()).isEqualTo(JobStateEnum.UPLOAD_COMPLETE);
        QueryJob done = camel.awaitTerminal(created.getId());
        assertThat(done.getState()).isEqualTo(JobStateEnum.JOB_COMPLETE);
        assertThat(done.getNumberRecordsProcessed()).isEqualTo(ACCOUNTS);
        long seq = emulator.requests().lastSeq();

        List<Page> pages = camel.readAllResults(created.getId(), 1000, null);

        assertThat(pages).hasSize(5);
        List<String> ids = new ArrayList<>();
        Map<String, CSVRecord> byId = new HashMap<>();
        for (Page page : pages) {
            assertThat(page.header).isEqualTo(BULK_COLUMNS);
            assertThat(page.rows).hasSize(page.numberOfRecords).hasSize(1000);
            for (CSVRecord row : page.rows) {
                ids.add(row.get("Id"));
                byId.put(row.get("Id"), row);
            }
        }
        assertThat(pages.get(pages.size() - 1).locator).isEqualTo("null");
        assertThat(ids).hasSize((int) (long) done.getNumberRecordsProcessed()).doesNotHaveDuplicates()
                .isEqualTo(liveIds("Account"));
        List<RequestLog.Entry> resultCalls = emulator.requests().since(seq).stream()
                .filter(e -> e.operation().equals("bulk.results")).toList();
        assertThat(resultCalls).hasSize(5).allSatisfy(e -> assertThat(e.query()).contains("maxRecords=1000"));
        assertThat(resultCalls.get(0).query()).doesNotContain("locator=");
        assertThat(resultCalls.subList(1, 5)).allSatisfy(e -> assertThat(e.query()).contains("locator="));

        for (String id : ids) {
            CSVRecord row = byId.get(id);
            RowView account = emulator.org().byId(id);
            RowView owner = emulator.org().byId((String) value(account, "OwnerId"));
            assertThat(row.get("Name")).isEqualTo(value(account, "Name"));
            assertThat(row.get("Industry")).isEqualTo(Objects.toString(value(account, "Industry"), ""));
            assertThat(row.get("NumberOfEmployees"))
                    .isEqualTo(Objects.toString(value(account, "NumberOfEmployees"), ""));
            assertThat(row.get("Description")).isEqualTo(Objects.toString(value(account, "Description"), ""));
            assertThat(row.get("CreatedDate")).endsWith("Z");
            assertThat(Instant.parse(row.get("CreatedDate"))).isEqualTo(value(account, "CreatedDate"));
            assertThat(row.get("Owner.Name")).isEqualTo(value(owner, "Name"));
        }

        // The same records through REST: same values, REST's own datetime format.
        for (JsonNode page : camel.pages("query", "SELECT Id, Name, CreatedDate, Owner.Name FROM Account", 2000,
                null)) {
            for (JsonNode record : page.path("records")) {
                CSVRecord row = byId.get(record.path("Id").asText());
                assertThat(row).isNotNull();
                assertThat(row.get("Name")).isEqualTo(record.path("Name").asText());
                assertThat(row.get("Owner.Name")).isEqualTo(record.path("Owner").path("Name").asText());
                assertThat(OffsetDateTime.parse(record.path("CreatedDate").asText(), REST_DATETIME).toInstant())
                        .isEqualTo(Instant.parse(row.get("CreatedDate")));
            }
        }

        Exchange deleted = camel.call("salesforce:bulk2DeleteQueryJob", null,
                Map.of(SalesforceEndpointConfig.JOB_ID, created.getId()));
        assertThat(deleted.getException()).isNull();
        SalesforceException gone = camel.failure("salesforce:bulk2GetQueryJob", null,
                Map.of(SalesforceEndpointConfig.JOB_ID, created.getId()));
        assertThat(gone.getStatusCode()).isEqualTo(404);
        assertThat(gone.getErrors()).extracting(error -> error.getErrorCode()).containsExactly("NOT_FOUND");
    }

    @Test
    void shouldUpsertThroughABulkIngestJob() throws Exception {
        Camel camel = new Camel(this::password).start();
        Job job = new Job();
        job.setObject("Kitchen_Sink__c");
        job.setOperation(OperationEnum.UPSERT);
        job.setExternalIdFieldName("External_Key__c");
        job.setContentType(ContentTypeEnum.CSV);
        job.setLineEnding(LineEndingEnum.LF);
        Exchange createdEx = camel.call("salesforce:bulk2CreateJob", job, Map.of());
        assertThat(createdEx.getException()).isNull();
        Job created = createdEx.getMessage().getBody(Job.class);
        assertThat(created.getState()).isEqualTo(JobStateEnum.OPEN);
        assertThat(created.getExternalIdFieldName()).isEqualTo("External_Key__c");
        Map<String, Object> jobId = Map.of(SalesforceEndpointConfig.JOB_ID, created.getId());
        // EXT-0 is a generated record's key: it is updated; CAMEL-1 is new; CAMEL-2 lacks its required Name.
        String csv = "External_Key__c,Name,Quantity__c\nEXT-0,Camel renamed,7\nCAMEL-1,Camel new,8\nCAMEL-2,,9\n";
        Exchange upload = camel.call("salesforce:bulk2CreateBatch",
                new java.io.ByteArrayInputStream(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)), jobId);
        assertThat(upload.getException()).isNull();
        assertThat(camel.call("salesforce:bulk2CloseJob", null, jobId).getException()).isNull();

        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        Job done;
        do {
            assertThat(System.nanoTime()).as("ingest job still running").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(10);
            done = camel.call("salesforce:bulk2GetJob", null, jobId).getMessage().getBody(Job.class);
        } while (done.getState() != JobStateEnum.JOB_COMPLETE && done.getState() != JobStateEnum.FAILED);
        assertThat(done.getState()).isEqualTo(JobStateEnum.JOB_COMPLETE);
        assertThat(done.getNumberRecordsProcessed()).isEqualTo(3);
        assertThat(done.getNumberRecordsFailed()).isEqualTo(1);

        Map<String, String> createdByKey = new HashMap<>();
        String ok = camel.call("salesforce:bulk2GetSuccessfulResults", null, jobId).getMessage().getBody(String.class);
        for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(ok))) {
            createdByKey.put(r.get("External_Key__c"), r.get("sf__Created"));
        }
        assertThat(createdByKey).containsExactlyInAnyOrderEntriesOf(Map.of("EXT-0", "false", "CAMEL-1", "true"));
        String failed = camel.call("salesforce:bulk2GetFailedResults", null, jobId).getMessage().getBody(String.class);
        assertThat(failed).contains("\"REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --\",\"CAMEL-2\"");

        List<String> names = new ArrayList<>();
        for (JsonNode page : camel.pages("query", "SELECT Name, Quantity__c FROM Kitchen_Sink__c WHERE External_Key__c"
                + " IN ('EXT-0', 'CAMEL-1', 'CAMEL-2') ORDER BY External_Key__c DESC", 200, null)) {
            page.path("records").forEach(r -> names.add(r.path("Name").asText() + "=" + r.path("Quantity__c").asInt()));
        }
        assertThat(names).containsExactly("Camel renamed=7", "Camel new=8");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. A 401 in the middle of paging is survived by one re-login

    @Test
    void shouldReloginOnceWhenSessionExpiresDuringQueryMore() throws Exception {
        Camel camel = new Camel(this::password).start();
        long logins = counter("login");
        long faults = counter("fault.INVALID_SESSION");
        long seq = emulator.requests().lastSeq();

        List<JsonNode> pages = camel.pages("query", "SELECT Id, Name FROM Account", 1000,
                () -> emulator.faults().add(Faults.Kind.INVALID_SESSION, "/query/01g", "GET", 1, 0));

        List<String> ids = new ArrayList<>();
        pages.forEach(p -> p.path("records").forEach(r -> ids.add(r.path("Id").asText())));
        assertThat(ids).hasSize(ACCOUNTS).doesNotHaveDuplicates().isEqualTo(liveIds("Account"));
        assertThat(counter("login") - logins).as("re-logins").isEqualTo(1);
        assertThat(counter("fault.INVALID_SESSION") - faults).isEqualTo(1);
        assertThat(emulator.requests().since(seq)).anySatisfy(e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.operation()).isEqualTo("fault.INVALID_SESSION");
            assertThat(e.path()).contains("/query/01g");
        });
        assertThat(emulator.faults().armed()).isEmpty();
    }

    @Test
    void shouldReloginOnceWhenSessionExpiresDuringBulkResultPages() throws Exception {
        Camel camel = new Camel(this::password).start();
        QueryJob job = camel.createQueryJob("SELECT Id, Name FROM Account");
        assertThat(camel.awaitTerminal(job.getId()).getState()).isEqualTo(JobStateEnum.JOB_COMPLETE);
        long logins = counter("login");
        long faults = counter("fault.INVALID_SESSION");
        long seq = emulator.requests().lastSeq();

        List<Page> pages = camel.readAllResults(job.getId(), 1000, () -> emulator.faults()
                .add(Faults.Kind.INVALID_SESSION, "/jobs/query/" + job.getId() + "/results", "GET", 1, 0));

        List<String> ids = new ArrayList<>();
        pages.forEach(p -> p.rows.forEach(r -> ids.add(r.get("Id"))));
        assertThat(pages).hasSize(5);
        assertThat(ids).hasSize(ACCOUNTS).doesNotHaveDuplicates().isEqualTo(liveIds("Account"));
        assertThat(counter("login") - logins).as("re-logins").isEqualTo(1);
        assertThat(counter("fault.INVALID_SESSION") - faults).isEqualTo(1);
        assertThat(emulator.requests().since(seq)).anySatisfy(e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.operation()).isEqualTo("fault.INVALID_SESSION");
            assertThat(e.path()).endsWith("/results");
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 5. Errors: status and errorCode as SalesforceException

    @Test
    void shouldReportMalformedQuery() throws Exception {
        Camel camel = new Camel(this::password).start();
        assertError(camel.failure("salesforce:query", "SELECT Id FORM Account", Map.of()), 400, "MALFORMED_QUERY");
    }

    @Test
    void shouldReportInvalidField() throws Exception {
        Camel camel = new Camel(this::password).start();
        assertError(camel.failure("salesforce:query", "SELECT Id, Foo FROM Account", Map.of()), 400,
                "INVALID_FIELD");
    }

    @Test
    void shouldReportInvalidType() throws Exception {
        Camel camel = new Camel(this::password).start();
        assertError(camel.failure("salesforce:query", "SELECT Id FROM Foo", Map.of()), 400, "INVALID_TYPE");
    }

    @Test
    void shouldReportUnknownSObjectDescribeAsNotFound() throws Exception {
        Camel camel = new Camel(this::password).start();
        assertError(camel.failure("salesforce:getDescription", null,
                Map.of(SalesforceEndpointConfig.SOBJECT_NAME, "Foo__c")), 404, "NOT_FOUND");
    }

    @Test
    void shouldReportDailyApiLimitExhausted() throws Exception {
        Camel camel = new Camel(this::password).start();
        emulator.limits().set(Limits.API_REQUESTS, emulator.config().dailyApiRequests(), 0);

        assertError(camel.failure("salesforce:query", "SELECT Id FROM Account LIMIT 1", Map.of()), 403,
                "REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void shouldReportInjectedServerError() throws Exception {
        Camel camel = new Camel(this::password).start();
        emulator.faults().add(Faults.Kind.SERVER_ERROR, "/limits", "GET", 1, 0);

        assertError(camel.failure("salesforce:limits", null, Map.of()), 500, "UNKNOWN_EXCEPTION");
        assertThat(camel.json(camel.call("salesforce:limits", null, Map.of())).has("DailyApiRequests")).isTrue();
    }

    @Test
    void shouldReportInjectedServiceUnavailable() throws Exception {
        Camel camel = new Camel(this::password).start();
        emulator.faults().add(Faults.Kind.SERVICE_UNAVAILABLE, "/query/", "GET", 1, 0);

        assertError(camel.failure("salesforce:query", "SELECT Id FROM Account LIMIT 1", Map.of()), 503,
                "SERVER_UNAVAILABLE");
        assertThat(camel.json(camel.call("salesforce:query", "SELECT COUNT() FROM Account", Map.of()))
                .path("totalSize").asInt()).isEqualTo(ACCOUNTS);
    }

    @Test
    void shouldRejectBulkQueryOfObjectBulkDoesNotSupport() throws Exception {
        Camel camel = new Camel(this::password).start();
        assertError(camel.createQueryJobFailure("SELECT Id, MasterLabel FROM OpportunityStage"), 400,
                "INVALIDENTITY");
    }

    @Test
    void shouldRejectBulkQueryOfCompoundField() throws Exception {
        Camel camel = new Camel(this::password).start();
        assertError(camel.createQueryJobFailure("SELECT Id, BillingAddress FROM Account"), 400, "API_ERROR");
    }

    @Test
    void shouldRejectBulkQueryWhenDailyJobLimitIsReached() throws Exception {
        Camel camel = new Camel(this::password).start();
        emulator.limits().set(Limits.BULK_QUERY_JOBS, emulator.config().dailyBulkQueryJobs(), 0);

        assertError(camel.createQueryJobFailure("SELECT Id FROM Account"), 400, "LIMIT_EXCEEDED");
    }

    @Test
    void shouldRefuseBulkResultsReadWithAnotherApiVersion() throws Exception {
        Camel camel = new Camel(this::password).start();
        QueryJob job = camel.createQueryJob("SELECT Id FROM Account");
        assertThat(camel.awaitTerminal(job.getId()).getState()).isEqualTo(JobStateEnum.JOB_COMPLETE);

        SalesforceException e = camel.failure("salesforce:bulk2GetQueryJobResults?apiVersion=61.0", null,
                Map.of(SalesforceEndpointConfig.JOB_ID, job.getId(), SalesforceEndpointConfig.MAX_RECORDS, 10));

        assertThat(e.getStatusCode()).isEqualTo(409);
        assertThat(e.getErrors()).isNotEmpty();
    }

    @Test
    void shouldShowFailedJobWithItsErrorMessage() throws Exception {
        Camel camel = new Camel(this::password).start();
        emulator.bulkNext(new BulkBehaviour("boom", 0), 1);

        QueryJob job = camel.createQueryJob("SELECT Id FROM Account");
        QueryJob failed = camel.awaitTerminal(job.getId());

        assertThat(failed.getState()).isEqualTo(JobStateEnum.FAILED);
        // camel 4.18's QueryJob DTO has no errorMessage property (unknown JSON properties are ignored), so the
        // job info is read once more as raw JSON through camel's raw operation.
        Exchange raw = camel.call("salesforce:raw?format=JSON", null, Map.of(
                SalesforceEndpointConfig.RAW_PATH, "/services/data/v" + API_VERSION + "/jobs/query/" + job.getId(),
                SalesforceEndpointConfig.RAW_METHOD, "GET"));
        JsonNode info = camel.json(raw);
        assertThat(info.path("state").asText()).isEqualTo("Failed");
        assertThat(info.path("errorMessage").asText()).isEqualTo("boom");
        assertError(camel.failure("salesforce:bulk2GetQueryJobResults", null,
                Map.of(SalesforceEndpointConfig.JOB_ID, job.getId())), 412, "JOB_NOT_COMPLETE");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private void password(SalesforceComponent sf) {
        sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        sf.setClientSecret(EmulatorConfig.DEMO_CLIENT_SECRET);
        sf.setUserName(EmulatorConfig.DEMO_USERNAME);
        sf.setPassword(EmulatorConfig.DEMO_PASSWORD + EmulatorConfig.DEMO_SECURITY_TOKEN);
    }

    private static void assertError(SalesforceException e, int status, String errorCode) {
        assertThat(e.getStatusCode()).as("status of %s", e.getMessage()).isEqualTo(status);
        assertThat(e.getErrors()).as("errors of %s", e.getMessage()).isNotEmpty();
        assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo(errorCode);
    }

    private static long counter(String operation) {
        return emulator.requests().counters().getOrDefault(operation, 0L);
    }

    private static Object value(RowView row, String field) {
        return row.get(row.type().field(field));
    }

    /** The Ids of the type's records that are not in the recycle bin, in Id order, as the org holds them now. */
    private static List<String> liveIds(String type) {
        ObjectTable table = emulator.org().table(type);
        List<String> out = new ArrayList<>();
        for (int r = 0; r < table.rowLimit(); r++) {
            if (table.exists(r) && !table.isDeleted(r)) {
                out.add(table.row(r).id());
            }
        }
        return out;
    }

    /** The SalesforceException with an HTTP status in a cause chain (camel wraps some in status-less ones). */
    private static SalesforceException salesforceException(Throwable thrown) {
        SalesforceException found = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SalesforceException s) {
                if (s.getStatusCode() != 0) {
                    return s;
                }
                found = found == null ? s : found;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (found == null) {
            fail("no SalesforceException in the cause chain of " + thrown, thrown);
        }
        return found;
    }

    private static KeyStoreParameters keystoreParameters(Path keystore) {
        KeyStoreParameters p = new KeyStoreParameters();
        p.setResource("file:" + keystore.toAbsolutePath());
        p.setPassword(STORE_PASSWORD);
        p.setType("PKCS12");
        return p;
    }

    private static Path generateKeystore(String alias) throws Exception {
        Path store = keys.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                "-dname", "CN=" + alias + ", O=sfsync conformance", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        return store;
    }

    private static X509Certificate exportCertificate(Path store, String alias) throws Exception {
        Path cert = keys.resolve(alias + ".crt");
        keytool("-exportcert", "-rfc", "-alias", alias, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD, "-file", cert.toString());
        try (InputStream in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-noprompt");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", args[0], new String(output)).isZero();
    }

    /** One page of Bulk results: its CSV header and rows, and the headers it came with. */
    private record Page(List<String> header, List<CSVRecord> rows, int numberOfRecords, String locator) {
    }

    /** A camel context with one salesforce component, stopped after each test. */
    private final class Camel {
        final DefaultCamelContext context = new DefaultCamelContext();
        final SalesforceComponent component = new SalesforceComponent();
        ProducerTemplate template;

        Camel(Consumer<SalesforceComponent> credentials) {
            component.setLoginUrl(emulator.baseUrl());
            component.setClientId(EmulatorConfig.DEMO_CLIENT_ID);
            component.setHttpMaxContentLength(MAX_CONTENT);
            SalesforceEndpointConfig config = component.getConfig() != null ? component.getConfig()
                    : new SalesforceEndpointConfig();
            config.setApiVersion(API_VERSION);
            config.setRawPayload(true);
            component.setConfig(config);
            credentials.accept(component);
            context.addComponent("salesforce", component);
            started.add(this);
        }

        Camel start() {
            context.start();
            template = context.createProducerTemplate();
            return this;
        }

        Exchange call(String uri, Object body, Map<String, Object> headers) {
            return template.request(uri, ex -> {
                ex.getIn().setBody(body);
                ex.getIn().getHeaders().putAll(headers);
            });
        }

        JsonNode json(Exchange ex) throws IOException {
            if (ex.getException() != null) {
                throw new AssertionError("camel call failed: " + ex.getException(), ex.getException());
            }
            String body = ex.getMessage().getBody(String.class);
            assertThat(body).as("response body").isNotNull();
            return JSON.readTree(body);
        }

        SalesforceException failure(String uri, Object body, Map<String, Object> headers) {
            Exchange ex = call(uri, body, headers);
            assertThat(ex.getException()).as("exception of %s", uri).isNotNull();
            return salesforceException(ex.getException());
        }

        /**
         * query or queryAll, then queryMore with every nextRecordsUrl; {@code afterFirst} runs once the first page
         * is in.
         */
        List<JsonNode> pages(String operation, String soql, int batchSize, Runnable afterFirst) throws IOException {
            List<JsonNode> pages = new ArrayList<>();
            Exchange first = call("salesforce:" + operation, soql,
                    Map.of("Sforce-Query-Options", "batchSize=" + batchSize));
            JsonNode page = json(first);
            assertThat(first.getMessage().getHeader("Sforce-Limit-Info", String.class)).matches("api-usage=\\d+/\\d+");
            pages.add(page);
            if (afterFirst != null) {
                afterFirst.run();
            }
            for (int guard = 0; !page.path("done").asBoolean(); guard++) {
                assertThat(guard).as("pages").isLessThan(ACCOUNTS);
                String next = page.path("nextRecordsUrl").asText();
                assertThat(next).startsWith("/services/data/v" + API_VERSION + "/query/");
                page = json(call("salesforce:queryMore", next, Map.of()));
                pages.add(page);
            }
            return pages;
        }

        QueryJob createQueryJob(String soql) {
            Exchange ex = call("salesforce:bulk2CreateQueryJob", queryJob(soql), Map.of());
            if (ex.getException() != null) {
                throw new AssertionError("job creation failed: " + ex.getException(), ex.getException());
            }
            return ex.getMessage().getBody(QueryJob.class);
        }

        SalesforceException createQueryJobFailure(String soql) {
            return failure("salesforce:bulk2CreateQueryJob", queryJob(soql), Map.of());
        }

        private QueryJob queryJob(String soql) {
            QueryJob job = new QueryJob();
            job.setOperation(OperationEnum.QUERY);
            job.setQuery(soql);
            return job;
        }

        /** Polls the job until it is JobComplete, Failed or Aborted, within {@link #JOB_TIMEOUT}. */
        QueryJob awaitTerminal(String jobId) throws InterruptedException {
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
            while (true) {
                Exchange ex = call("salesforce:bulk2GetQueryJob", null, Map.of(SalesforceEndpointConfig.JOB_ID,
                        jobId));
                if (ex.getException() != null) {
                    throw new AssertionError("job poll failed: " + ex.getException(), ex.getException());
                }
                QueryJob job = ex.getMessage().getBody(QueryJob.class);
                JobStateEnum state = job.getState();
                if (state == JobStateEnum.JOB_COMPLETE || state == JobStateEnum.FAILED
                        || state == JobStateEnum.ABORTED) {
                    return job;
                }
                assertThat(System.nanoTime()).as("job %s still %s", jobId, state).isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }

        /**
         * Reads result pages as a route would: one exchange carried from call to call, the locator copied out of
         * {@code Sforce-Locator} into camel's {@code locator} header and every {@code Sforce*} header removed before
         * the next call (camel would otherwise send them back as HTTP request headers). {@code afterFirst} runs once
         * the first page is in.
         */
        List<Page> readAllResults(String jobId, int maxRecords, Runnable afterFirst) throws IOException {
            List<Page> pages = new ArrayList<>();
            Exchange ex = new DefaultExchange(context);
            ex.getIn().setHeader(SalesforceEndpointConfig.JOB_ID, jobId);
            ex.getIn().setHeader(SalesforceEndpointConfig.MAX_RECORDS, maxRecords);
            while (true) {
                assertThat(pages.size()).as("pages").isLessThan(ACCOUNTS);
                template.send("salesforce:bulk2GetQueryJobResults", ex);
                if (ex.getException() != null) {
                    throw new AssertionError("results page failed: " + ex.getException(), ex.getException());
                }
                Message m = ex.getMessage();
                String locator = m.getHeader("Sforce-Locator", String.class);
                Integer count = m.getHeader("Sforce-NumberOfRecords", Integer.class);
                assertThat(locator).as("Sforce-Locator").isNotNull();
                assertThat(count).as("Sforce-NumberOfRecords").isNotNull();
                pages.add(parse(m.getBody(String.class), count, locator));
                if (pages.size() == 1 && afterFirst != null) {
                    afterFirst.run();
                }
                if (locator.equals("null")) {
                    return pages;
                }
                m.setHeader(SalesforceEndpointConfig.LOCATOR, locator);
                for (String name : new ArrayList<>(m.getHeaders().keySet())) {
                    if (name.toLowerCase(Locale.ROOT).startsWith("sforce")) {
                        m.removeHeader(name);
                    }
                }
                assertThat(m.getHeaders().keySet()).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("sforce"));
            }
        }

        private Page parse(String csv, int count, String locator) throws IOException {
            assertThat(csv).as("CSV page").isNotNull();
            CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
            try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
                List<CSVRecord> rows = parser.getRecords();
                return new Page(new ArrayList<>(parser.getHeaderNames()), rows, count, locator);
            }
        }
    }
}
