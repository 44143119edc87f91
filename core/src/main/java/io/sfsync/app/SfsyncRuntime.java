package io.sfsync.app;

import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.sync.Secrets;
import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceLoginConfig;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts sfsync as a camel-main process: properties from {@code config/} (or the copies inside the jar), routes from
 * {@code routes/} (or the jar). (The command line starts the offline demo org when no Salesforce login is configured.)
 */
public final class SfsyncRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SfsyncRuntime.class);
    static final String CLIENT_ID = "camel.component.salesforce.clientId";
    private static final List<String> LOGIN_KEYS = List.of("clientId", "clientSecret", "userName", "password",
            "refreshToken", "keystore.resource");

    private final Properties properties = new Properties();
    private ConfigSources sources;
    /** Stanzas a one-shot command took out of {@link #properties}: still checked at start like run's. */
    private final Map<String, String> takenStanzas = new TreeMap<>();
    /** Closed when {@link #run} returns: what was started for this run only (the command line's offline org). */
    private final List<AutoCloseable> closeAfterRun = new ArrayList<>();

    /**
     * Reads the configuration from its sources in the order {@link ConfigSources} documents: the jar's copies, the
     * configuration directory ({@code config/} or {@code --config DIR}), its profile file, environment variables,
     * system properties. Routes come from {@code routes/} in the working directory when it exists, else the jar.
     */
    public SfsyncRuntime loadConfig(boolean withObjects) {
        return loadConfig(withObjects, System.getenv());
    }

    /** {@link #loadConfig(boolean)} with the given environment variables instead of the process's. */
    public SfsyncRuntime loadConfig(boolean withObjects, Map<String, String> env) {
        sources = ConfigSources.load(withObjects, env, System.getProperties());
        sources.properties().forEach((k, v) -> properties.setProperty(k.toString(), v.toString()));
        String routes = properties.getProperty("camel.main.routes-include-pattern");
        if ((routes == null || routes.equals("file:routes/*.yaml")) && !Files.isDirectory(Path.of("routes"))) {
            properties.setProperty("camel.main.routes-include-pattern", "classpath:routes/*.yaml");
        }
        return this;
    }

    /** The sources the configuration was read from, with each key's origin; null before {@link #loadConfig}. */
    public ConfigSources sources() {
        return sources;
    }

    public SfsyncRuntime set(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    /** Sets the key only when the configuration does not set it. */
    public SfsyncRuntime setIfAbsent(String key, String value) {
        properties.putIfAbsent(key, value);
        return this;
    }

    /** A copy of the configuration read so far (for the commands that read it without starting camel-main). */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /**
     * Takes the object stanzas ({@code camel.route-template[ID].*}) out of the configuration and returns them, so
     * camel-main makes no scheduled route of them: the one-shot commands send each stanza to direct:sfsync-sync themselves.
     */
    public Map<String, String> takeObjectStanzas() {
        Map<String, String> stanzas = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("camel.route-template[")) {
                stanzas.put(key, properties.getProperty(key));
            }
        }
        stanzas.keySet().forEach(properties::remove);
        takenStanzas.putAll(stanzas);
        return stanzas;
    }

    private Properties withTakenStanzas() {
        Properties all = new Properties();
        all.putAll(properties);
        all.putAll(takenStanzas);
        return all;
    }

    public SfsyncRuntime setAll(Map<String, String> values) {
        values.forEach(properties::setProperty);
        return this;
    }

    /**
     * Whether any Salesforce login setting is configured (properties or environment; under
     * {@code camel.component.salesforce.*} or {@code sfsync.salesforce.*}): then sfsync logs in to that org
     * and, when the settings are incomplete, refuses to start saying what is missing, rather than quietly syncing
     * from the demo org.
     */
    public boolean hasSalesforceCredentials() {
        for (String prefix : List.of(StartupChecks.SF, SfsyncSalesforce.PREFIX)) {
            for (String key : LOGIN_KEYS) {
                String value = Placeholders.resolve(properties.getProperty(prefix + key), properties,
                        System.getenv());
                if (value != null && !value.isBlank()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Closes {@code resource} when {@link #run} returns (after camel-main stopped). */
    public SfsyncRuntime closeAfterRun(AutoCloseable resource) {
        closeAfterRun.add(resource);
        return this;
    }

    /**
     * Runs camel-main until it is stopped; {@code whenStarted}, if given, runs once the routes are up (on its own
     * thread), the process ends when it returns, and its result is the exit status.
     */
    public int run(ToIntFunction<CamelContext> whenStarted) throws Exception {
        checkSettings();
        Main main = new Main();
        main.setInitialProperties(forCamelMain(properties, System.getProperties()));
        AtomicBoolean started = new AtomicBoolean();
        List<String> secrets = new ArrayList<>(Secrets.values(properties));
        secrets.addAll(Secrets.values(System.getenv()));
        String[] loginUrl = {SfsyncSalesforce.options(strings(properties)).getOrDefault("loginUrl",
                SalesforceLoginConfig.DEFAULT_LOGIN_URL)};
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                SalesforceComponent sf = m.getCamelContext().getComponent(SfsyncSalesforce.NAME,
                        SalesforceComponent.class);
                secrets.addAll(Arrays.asList(sf.getClientSecret(), sf.getPassword(), sf.getRefreshToken()));
                if (sf.getLoginUrl() != null) {
                    loginUrl[0] = sf.getLoginUrl();
                }
                checkLogin(sf);
                // Started (and so logged in) here rather than by the context, whose start would log any login
                // failure as a stack trace before the one line below says what it means.
                try {
                    ServiceHelper.startService(sf);
                } catch (RuntimeException e) {
                    throw new StartupException(Secrets.mask(StartupChecks.describe(e, loginUrl[0]), secrets));
                }
                checkOrg(m.getCamelContext(), sf);
                // The warehouse is opened here, after every check, so that a refused start writes nothing and a
                // warehouse that cannot be opened is one line rather than Camel's stack trace of a failed start.
                Warehouse warehouse = m.getCamelContext().getRegistry().lookupByNameAndType("sfsync-warehouse",
                        Warehouse.class);
                if (warehouse != null) {
                    try {
                        warehouse.open();
                    } catch (RuntimeException e) {
                        throw new StartupException(Secrets.mask(StartupChecks.describe(e, loginUrl[0]), secrets));
                    }
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                started.set(true);
            }
        });
        int[] status = {0};
        if (whenStarted != null) {
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport m) {
                    Thread t = new Thread(() -> {
                        try {
                            status[0] = whenStarted.applyAsInt(m.getCamelContext());
                        } catch (RuntimeException e) {
                            status[0] = 1;
                            LOG.error("{}", e.getMessage(), e);
                        } finally {
                            main.completed();
                        }
                    }, "sfsync-task");
                    t.start();
                }
            });
        }
        try {
            main.run();
        } catch (Exception e) {
            if (started.get()) {
                throw e;
            }
            LOG.debug("sfsync could not start", e);
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof StartupException s) {
                    throw s;
                }
            }
            throw new StartupException(List.of(Secrets.mask(StartupChecks.describe(e, loginUrl[0]), secrets)),
                    invalidConfiguration(e));
        } finally {
            for (AutoCloseable resource : closeAfterRun) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("could not close {}: {}", resource, e.getMessage());
                }
            }
        }
        return status[0];
    }

    /**
     * The checks that need nothing but the configuration, before camel-main reads it: one line per problem, all at
     * once, and nothing started or written when there is one.
     */
    private void checkSettings() {
        Map<String, String> all = new TreeMap<>();
        withTakenStanzas().forEach((k, v) -> all.put(k.toString(), v.toString()));
        Map<String, String> env = System.getenv();
        UnaryOperator<String> resolve = v -> {
            String r = Placeholders.resolve(v, properties, env);
            return r == null ? v : r;
        };
        List<String> problems = new ArrayList<>(sources == null ? List.of() : sources.problems());
        List<String> warnings = new ArrayList<>(sources == null ? List.of() : sources.warnings());
        problems.addAll(StartupChecks.settingProblems(all, resolve, warnings));
        problems.addAll(StartupChecks.objectProblems(all, resolve));
        warnings.forEach(w -> LOG.warn("{}", w));
        if (!problems.isEmpty()) {
            throw new StartupException(problems, true);
        }
    }

    /** The login settings of sfsync's Salesforce component as configured, before it logs in. */
    private static void checkLogin(SalesforceComponent sf) {
        KeyStoreParameters keystore = sf.getKeystore();
        String login = new StartupChecks.Login(sf.getClientId(), set(sf.getClientSecret()), set(sf.getUserName()),
                set(sf.getPassword()), set(sf.getRefreshToken()), keystore != null && set(keystore.getResource()),
                sf.getAuthenticationType() == null ? null : sf.getAuthenticationType().name()).problem();
        if (login != null) {
            throw new StartupException(List.of(login), true);
        }
    }

    /** The org-side checks (objects and fields exist), after the login. */
    private void checkOrg(CamelContext context, SalesforceComponent sf) {
        Map<String, String> all = new TreeMap<>();
        withTakenStanzas().forEach((k, v) -> all.put(k.toString(), v.toString()));
        String version = sf.getConfig().getApiVersion();
        List<String> problems = OrgChecks.problems(sf, version, all, resolver(context));
        if (!problems.isEmpty()) {
            throw new StartupException(problems, true);
        }
    }

    /**
     * What camel-main reads: camel.component.salesforce.* configures sfsync's own component here (moved to
     * sfsync.salesforce.*, {@link SfsyncSalesforce#standalone}), so camel-main makes no second salesforce component
     * that would log in too. camel-main would also read {@code -Dcamel.*} system properties by itself, and with them
     * make that component again: they are handed over here with the rest (as ConfigSources gives them: the highest
     * source), and camel-main's own reading of them is turned off.
     */
    static Properties forCamelMain(Properties properties, Properties system) {
        Properties all = new Properties();
        all.putAll(properties);
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith("camel.")) {
                all.setProperty(key, system.getProperty(key));
            }
        }
        Properties out = SfsyncSalesforce.standalone(all);
        out.setProperty("camel.main.autoConfigurationSystemPropertiesEnabled", "false");
        return out;
    }

    /** Whether a failure to start is a configuration mistake (exit status 2) rather than a refusal (1). */
    private static boolean invalidConfiguration(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SyncException s && s.code() == SyncError.INVALID_CONFIGURATION) {
                return true;
            }
        }
        return false;
    }

    private static UnaryOperator<String> resolver(CamelContext context) {
        return value -> {
            try {
                return context.resolvePropertyPlaceholders(value);
            } catch (RuntimeException e) {
                return value;
            }
        };
    }

    private static Map<String, String> strings(Properties p) {
        Map<String, String> out = new TreeMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
