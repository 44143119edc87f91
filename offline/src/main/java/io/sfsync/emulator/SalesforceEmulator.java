package io.sfsync.emulator;

import io.sfsync.emulator.admin.AdminApi;
import io.sfsync.emulator.auth.AuthService;
import io.sfsync.emulator.bulk.BulkApi;
import io.sfsync.emulator.bulk.IngestApi;
import io.sfsync.emulator.bulk.BulkBehaviour;
import io.sfsync.emulator.http.Faults;
import io.sfsync.emulator.http.HttpServer;
import io.sfsync.emulator.http.Limits;
import io.sfsync.emulator.http.LongRequests;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.emulator.model.BenchSchema;
import io.sfsync.emulator.model.DemoData;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.Journal;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.OrgClock;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.model.WideObject;
import io.sfsync.emulator.query.QueryEngine;
import io.sfsync.emulator.rest.Collections;
import io.sfsync.emulator.rest.RestApi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline Salesforce org: OAuth, REST, Bulk API 2.0 and an admin API on one loopback HTTP port, serving the demo
 * org generated from a seed. {@link #start()} returns a running instance; {@link #baseUrl()} is both its login URL and
 * its instance URL.
 *
 * <pre>{@code
 * try (SalesforceEmulator org = SalesforceEmulator.start()) {
 *     String loginUrl = org.baseUrl();
 * }
 * }</pre>
 */
public final class SalesforceEmulator implements AutoCloseable {
    private final EmulatorConfig config;
    private final Org org;
    private final Faults faults = new Faults();
    private final RequestLog requests = new RequestLog();
    private final Limits limits;
    private final LongRequests longRequests;
    private final AuthService auth;
    private final BulkApi bulk;
    private final HttpServer server;
    private final String baseUrl;
    private final Journal journal;

    private SalesforceEmulator(EmulatorConfig config) throws Exception {
        this.config = config;
        OrgClock clock = new OrgClock(config.clock());
        List<SObjectDef> types = new ArrayList<>(DemoSchema.all());
        Map<String, Integer> volumes = new LinkedHashMap<>(config.volumes());
        addBenchObjects(config, types, volumes);
        this.org = new Org(types, new DemoData(config.seed(), volumes), clock);
        widen(org, config);
        if (config.journal() != null) {
            this.journal = new Journal(config.journal());
            org.journal(journal);
        } else {
            this.journal = null;
        }
        this.limits = new Limits(config.dailyApiRequests(), config.dailyBulkQueryJobs());
        QueryEngine engine = new QueryEngine(org);
        this.auth = new AuthService(config, org);
        this.bulk = new BulkApi(org, engine, limits, config);
        this.longRequests = new LongRequests(config.concurrency().longRequests(),
                config.concurrency().longRequest());
        AdminApi admin = new AdminApi(org, faults, bulk, limits, requests, auth, longRequests);
        RestApi rest = new RestApi(org, engine, limits, config.concurrency().cursorsPerUser());
        Router router = new Router(auth, rest, bulk, new IngestApi(org, bulk, limits, config),
                new Collections(org), admin, faults, limits, requests, clock, longRequests,
                config.pacing().latency());
        this.server = new HttpServer(config.host(), config.port(), router, config.gzip(),
                config.pacing().bytesPerSecond());
        server.start();
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        this.baseUrl = config.publicUrl() != null ? config.publicUrl() : "http://" + host + ":" + server.port();
        auth.baseUrl(baseUrl);
        admin.baseUrl(baseUrl);
    }

    /** Adds the configured bench objects' types and generated rows; their names must be new to the demo org. */
    private static void addBenchObjects(EmulatorConfig config, List<SObjectDef> types, Map<String, Integer> volumes) {
        int index = 0;
        for (BenchObject b : config.benchObjects()) {
            for (SObjectDef t : types) {
                if (t.name().equalsIgnoreCase(b.name())) {
                    throw new IllegalArgumentException("cannot add the bench object " + b.name()
                            + ": the org already has a type of that name");
                }
            }
            types.add(BenchSchema.type(b.name(), BenchSchema.keyPrefix(index++)));
            volumes.put(b.name(), b.rows());
        }
    }

    /** Adds the configured wide fields, before the journal replays changes that may name them. */
    private static void widen(Org org, EmulatorConfig config) {
        config.wide().forEach((type, count) -> {
            ObjectTable table = org.table(type);
            if (table == null) {
                throw new IllegalArgumentException("cannot make " + type + " wide: the demo org has no such type");
            }
            try {
                org.defineFields(type, WideObject.fields(table.def(), count));
            } catch (ApiException e) {
                throw new IllegalArgumentException("cannot give " + type + " " + count + " wide fields: "
                        + e.getMessage(), e);
            }
        });
    }

    /** Starts the demo org on a free loopback port. */
    public static SalesforceEmulator start() {
        return start(EmulatorConfig.defaults());
    }

    public static SalesforceEmulator start(EmulatorConfig config) {
        try {
            return new SalesforceEmulator(config);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("The Salesforce emulator could not start on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the login URL and the instance URL. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    /**
     * The camel-salesforce component settings that log in to this org with its demo credentials (username-password
     * flow): {@code camel.component.salesforce.loginUrl}, {@code clientId}, {@code clientSecret}, {@code userName},
     * {@code password}.
     */
    public Map<String, String> loginProperties() {
        Map<String, String> login = new LinkedHashMap<>();
        login.put("camel.component.salesforce.loginUrl", baseUrl);
        login.put("camel.component.salesforce.clientId", config.clientId());
        login.put("camel.component.salesforce.clientSecret", config.clientSecret());
        login.put("camel.component.salesforce.userName", config.username());
        login.put("camel.component.salesforce.password", config.password());
        return login;
    }

    public EmulatorConfig config() {
        return config;
    }

    /** The org's data, for tests that change records directly (the same changes DML makes). */
    public Org org() {
        return org;
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    public Limits limits() {
        return limits;
    }

    /** API requests in flight now that have run for the long-request threshold or longer. */
    public int longRunningRequests() {
        return longRequests.running();
    }

    /** Makes the next {@code jobs} Bulk jobs fail or stay in progress. */
    public void bulkNext(BulkBehaviour behaviour, int jobs) {
        bulk.behaveNext(behaviour, jobs);
    }

    /** The ids of the Bulk query jobs the org holds (created and not deleted yet). */
    public java.util.List<String> bulkJobIds() {
        return bulk.jobIds();
    }

    /** Deletes a finished Bulk job, as {@code DELETE /jobs/query/{id}} (or an admin in Setup) does. */
    public void deleteBulkJob(String jobId) {
        bulk.delete(jobId);
    }

    /** Makes an existing Bulk job fail or stay in progress ({@code stuckPolls} 0 lets a stuck job go on). */
    public void bulkJob(String jobId, BulkBehaviour behaviour) {
        bulk.behave(jobId, behaviour);
    }

    /** Ends every session: the next call with a current token gets 401 INVALID_SESSION_ID. */
    public int expireSessions() {
        return auth.expireAllSessions();
    }

    @Override
    public void close() {
        try {
            server.stop();
            if (journal != null) {
                journal.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("The Salesforce emulator did not stop cleanly", e);
        }
    }
}
