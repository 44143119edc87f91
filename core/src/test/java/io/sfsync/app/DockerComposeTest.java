package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, checked without a Docker engine: every service, volume, port and environment variable it uses
 * exists and means what the configuration means by it.
 */
class DockerComposeTest {
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_]+)(?::-([^}]*))?}");
    private static final Set<String> COMMANDS = Set.of("run", "emulator", "health", "sync", "plan", "status",
            "history", "config");
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Map<String, Object> map, String key) {
        return (T) map.get(key);
    }

    /** A value with ${VAR:-default} replaced by its default, as compose does when VAR is unset. */
    private static String interpolated(Object value) {
        Matcher m = INTERPOLATION.matcher(String.valueOf(value));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        return m.appendTail(out).toString();
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Object> declared = get(service, "environment");
        if (declared != null) {
            declared.forEach((k, v) -> env.put(k, interpolated(v)));
        }
        return env;
    }

    private static List<String> command(Map<String, Object> service) {
        List<String> out = new ArrayList<>();
        List<Object> c = get(service, "command");
        if (c != null) {
            c.forEach(a -> out.add(String.valueOf(a)));
        }
        return out;
    }

    private static boolean isSfsync(Map<String, Object> service) {
        List<String> c = command(service);
        return c.size() >= 4 && c.subList(0, 3).equals(List.of("java", "-jar", "target/sfsync.jar"))
                && c.get(3).equals("run");
    }

    /** The configuration a node of this service reads: the repository's config/ and the service's environment. */
    private static ConfigSources config(Map<String, Object> service) {
        Properties sys = new Properties();
        sys.setProperty(ConfigSources.CONFIG_DIR, "config");
        return ConfigSources.load(true, environment(service), sys);
    }

    @Test
    void shouldRunTheJarsOwnCommandsOnly() {
        services.forEach((name, service) -> {
            if (service.get("command") != null && command(service).contains("target/sfsync.jar")) {
                assertThat(COMMANDS).as(name).contains(command(service).get(3));
            }
            Map<String, Object> health = get(service, "healthcheck");
            if (health != null && String.valueOf(health.get("test")).contains("sfsync.jar")) {
                String test = String.valueOf(health.get("test"));
                if (isSfsync(service)) {
                    assertThat(test).as(name).isEqualTo("[CMD, java, -jar, target/sfsync.jar, health]");
                } else {
                    List<String> cmd = command(service);
                    assertThat(test).as(name + ": asks its own port").isEqualTo("[CMD, java, -jar, target/sfsync.jar,"
                            + " health, --url, http://127.0.0.1:" + cmd.get(cmd.indexOf("--port") + 1)
                            + "/_emulator/status]");
                }
            }
            if (isSfsync(service)) {
                assertThat(service.get("restart")).as(name + ": a node that exits is started again")
                        .isEqualTo("unless-stopped");
            }
        });
        assertThat(services.values().stream().filter(DockerComposeTest::isSfsync).count()).isEqualTo(3);
    }

    @Test
    void shouldSetOnlyVariablesThatAreSettings() {
        services.forEach((name, service) -> {
            if (!isSfsync(service)) {
                return;
            }
            ConfigSources c = config(service);
            assertThat(c.problems()).as(name).isEmpty();
            assertThat(c.warnings()).as(name).isEmpty();
            Map<String, String> all = new java.util.TreeMap<>();
            c.properties().forEach((k, v) -> all.put(k.toString(), v.toString()));
            assertThat(StartupChecks.settingProblems(all, v -> v, new ArrayList<>())).as(name + ": its values")
                    .isEmpty();
            assertThat(StartupChecks.objectProblems(all, v -> v)).as(name + ": its objects").isEmpty();
            for (String variable : environment(service).keySet()) {
                assertThat(c.origins()).as(name + ": " + variable + " sets a key").containsValue("environment "
                        + variable);
            }
            assertThat(c.properties().getProperty("camel.component.salesforce.clientId")).as(name).isNotBlank();
        });
    }

    @Test
    void shouldPublishTheServicesOwnPortsOnLoopbackOnce() {
        Set<String> hostPorts = new HashSet<>();
        services.forEach((name, service) -> {
            List<Object> ports = get(service, "ports");
            if (ports == null) {
                return;
            }
            String listens;
            if (isSfsync(service)) {
                ConfigSources c = config(service);
                listens = c.properties().getProperty("camel.management.port");
                assertThat(c.properties().getProperty("camel.management.host")).as(name).isEqualTo("0.0.0.0");
            } else {
                List<String> cmd = command(service);
                listens = cmd.get(cmd.indexOf("--port") + 1);
            }
            for (Object p : ports) {
                String[] parts = String.valueOf(p).split(":");
                assertThat(parts).as(name + " " + p).hasSize(3);
                assertThat(parts[0]).as(name + ": published on the host's loopback only").isEqualTo("127.0.0.1");
                assertThat(parts[2]).as(name + ": the port it listens on").isEqualTo(listens);
                assertThat(hostPorts.add(parts[1])).as(name + ": host port " + parts[1] + " used once").isTrue();
            }
        });
    }

    @Test
    void shouldMountWhatExistsAndDeclareEveryNamedVolume() {
        Map<String, Object> named = get(compose, "volumes");
        services.forEach((name, service) -> {
            List<Object> volumes = get(service, "volumes");
            if (volumes == null) {
                return;
            }
            for (Object v : volumes) {
                String source = String.valueOf(v).split(":")[0];
                if (source.startsWith("./")) {
                    Path p = Path.of(source.substring(2));
                    boolean madeAtRuntime = p.startsWith("data") || p.startsWith("secrets");
                    assertThat(madeAtRuntime || Files.exists(p)).as(name + ": " + source + " exists").isTrue();
                } else {
                    assertThat(named).as(name + ": named volume " + source).containsKey(source);
                }
            }
        });
    }

    @Test
    void shouldPointEveryNodeAtServicesThatExist() {
        services.forEach((name, service) -> {
            Object depends = service.get("depends_on");
            Iterable<?> on = depends instanceof Map<?, ?> m ? m.keySet() : depends == null ? List.of()
                    : (List<?>) depends;
            for (Object other : on) {
                assertThat(services).as(name + " depends on " + other).containsKey(String.valueOf(other));
                if (depends instanceof Map<?, ?> m && String.valueOf(m.get(other)).contains("service_healthy")) {
                    assertThat(services.get(String.valueOf(other))).as(other + " has a health check")
                            .containsKey("healthcheck");
                }
            }
            if (!isSfsync(service)) {
                return;
            }
            Properties p = config(service).properties();
            URI login = URI.create(p.getProperty("camel.component.salesforce.loginUrl"));
            List<String> emulator = command(services.get(login.getHost()));
            assertThat(emulator.get(emulator.indexOf("--port") + 1)).isEqualTo(String.valueOf(login.getPort()));
            assertThat(emulator.get(emulator.indexOf("--public-url") + 1)).isEqualTo(login.toString());
            String jdbc = p.getProperty("sfsync.cluster.jdbc-url");
            if (jdbc != null) {
                URI db = URI.create(jdbc.substring("jdbc:".length()));
                Map<String, String> pg = environment(services.get(db.getHost()));
                assertThat(db.getPort()).isEqualTo(5432);
                assertThat(db.getPath()).isEqualTo("/" + pg.get("POSTGRES_DB"));
                assertThat(p.getProperty("sfsync.cluster.user")).isEqualTo(pg.get("POSTGRES_USER"));
                assertThat(p.getProperty("sfsync.cluster.password")).isEqualTo(pg.get("POSTGRES_PASSWORD"));
                assertThat(p.getProperty("sfsync.warehouse.type")).as(name + ": a warehouse every node shares")
                        .isEqualTo("snowflake");
                assertThat(get(service, "profiles").toString()).isEqualTo("[cluster]");
            }
        });
    }
}
