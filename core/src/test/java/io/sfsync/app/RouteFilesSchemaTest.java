package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The route files and the Kamelets sfsync ships are what integration engineers edit or compose, often in Kaoto or
 * another editor driven by camel-yaml-dsl's JSON schema: each validates against the schema of the Camel version sfsync
 * runs on, and reads no header of another component by its literal name (camel-salesforce renames its headers between
 * patch releases). A Kamelet uses every parameter it defines, defines every one it uses, and sets the same request
 * headers as the route template {@code sync-object}.
 */
class RouteFilesSchemaTest {
    /** Shipped inside org.apache.camel:camel-yaml-dsl (the version of the Camel BOM). */
    private static final String SCHEMA = "schema/camelYamlDsl.json";
    /** A header or property read in a simple expression: ${header.X}, ${headers[X]}, ${exchangeProperty.X}, ... */
    private static final Pattern READ = Pattern.compile(
            "\\$\\{(?:in\\.)?(header|headers|exchangeProperty|exchangeProperties)(?:\\.|\\[['\"]?)([A-Za-z0-9_.-]+)");
    /** A header or property read by the header/exchangeProperty language of a step. */
    private static final Pattern LANGUAGE_READ = Pattern.compile(
            "^\\s*-?\\s*(header|exchangeProperty):\\s*[\"']?([A-Za-z0-9_.-]+)", Pattern.MULTILINE);
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        JsonNode node;
        try (InputStream in = RouteFilesSchemaTest.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            assertThat(in).as(SCHEMA + " on the test classpath (camel-yaml-dsl)").isNotNull();
            node = JsonMapper.builder().build().readTree(in);
        }
        // The schema says which draft it is written in; validate by that draft's rules, not the library's default.
        SpecificationVersion draft = SpecificationVersion.fromSchemaNode(node).orElseThrow(
                () -> new AssertionError(SCHEMA + " names no known $schema draft"));
        assertThat(draft).as("camel-yaml-dsl 4.18's schema draft").isEqualTo(SpecificationVersion.DRAFT_4);
        // Draft 4 with one annotation more: the schema marks options "deprecated" (a later draft's keyword).
        Dialect draft4 = Dialect.builder(Dialects.getDraft4()).keyword(new AnnotationKeyword("deprecated")).build();
        schema = SchemaRegistry.withDefaultDialect(draft4).getSchema(node);
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            List<Path> routes = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
            assertThat(routes).as("route files under routes/").isNotEmpty();
            return routes;
        }
    }

    private static List<String> violations(String name, String yaml) {
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(yaml, InputFormat.YAML)) {
            out.add(name + " " + e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }

    @Test
    void shouldValidateEveryRouteFileAgainstTheCamelYamlDslSchema() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : routeFiles()) {
            violations.addAll(violations(file.toString(), Files.readString(file)));
        }
        assertThat(violations).as("schema violations (file, path: message)").isEmpty();
    }

    @Test
    void shouldReportAPlaceholderWhereTheSchemaWantsANumber() {
        // The validator really applies the schema: the form Kaoto tripped over is reported, with its path.
        String yaml = """
                - routeConfiguration:
                    id: x
                    onException:
                      - onException:
                          exception:
                            - java.lang.Exception
                          redeliveryPolicy:
                            maximumRedeliveries: "{{sfsync.retry.max-retries:4}}"
                """;
        assertThat(violations("inline.yaml", yaml)).singleElement().asString()
                .contains("/0/routeConfiguration/onException/0/onException/redeliveryPolicy/maximumRedeliveries")
                .contains("string found, number expected");
        assertThat(violations("inline.yaml", yaml.replace("\"{{sfsync.retry.max-retries:4}}\"", "4"))).isEmpty();
        assertThat(violations("inline.yaml", yaml.replace("maximumRedeliveries", "maximumRedelivery")))
                .as("an unknown option").isNotEmpty();
    }

    @Test
    void shouldReadOnlyHeadersAndPropertiesThatSfsyncOwns() throws IOException {
        List<String> foreign = new ArrayList<>();
        for (Path file : routeFiles()) {
            String text = Files.readString(file);
            for (Pattern p : List.of(READ, LANGUAGE_READ)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    if (!m.group(2).startsWith("Sfsync")) {
                        foreign.add(file + ": " + m.group(1) + " " + m.group(2));
                    }
                }
            }
        }
        assertThat(foreign).as("reads of headers or properties sfsync does not own (Sfsync*)").isEmpty();
        assertThat(READ.matcher("${header.jobId} != null").find()).as("the guard sees a literal read").isTrue();
        assertThat(LANGUAGE_READ.matcher("  - header: CamelSalesforceLocator").find()).isTrue();
    }

    private static final Path KAMELETS = Path.of("core/src/main/resources/kamelets");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_.-]+)(?::[^}]*)?}}");

    private static List<Path> kamelets() throws IOException {
        try (Stream<Path> files = Files.list(KAMELETS)) {
            List<Path> kamelets = files.filter(p -> p.toString().endsWith(".kamelet.yaml")).sorted().toList();
            assertThat(kamelets).as("Kamelets under " + KAMELETS).isNotEmpty();
            return kamelets;
        }
    }

    @Test
    void shouldValidateTheRouteOfEveryKameletAgainstTheCamelYamlDslSchema() throws IOException {
        List<String> violations = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        for (Path file : kamelets()) {
            JsonNode kamelet = yaml.readTree(file.toFile());
            assertThat(kamelet.path("kind").asText()).as(file + " kind").isEqualTo("Kamelet");
            assertThat(kamelet.path("metadata").path("name").asText() + ".kamelet.yaml").as(file + " is named after"
                    + " its Kamelet").isEqualTo(file.getFileName().toString());
            // spec.template is a route without its wrapper: validate it as one
            ObjectNode route = yaml.createObjectNode();
            route.putObject("route").set("from", kamelet.path("spec").path("template").path("from"));
            violations.addAll(violations(file.toString(), yaml.writeValueAsString(yaml.createArrayNode().add(route))));
        }
        assertThat(violations).as("schema violations (file, path: message)").isEmpty();
    }

    @Test
    void shouldUseEveryKameletParameterAndDefineEveryOneItUses() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        for (Path file : kamelets()) {
            JsonNode spec = yaml.readTree(file.toFile()).path("spec");
            List<String> defined = new ArrayList<>();
            spec.path("definition").path("properties").fieldNames().forEachRemaining(defined::add);
            List<String> used = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(yaml.writeValueAsString(spec.path("template")));
            while (m.find()) {
                if (!m.group(1).equals("routeId") && !used.contains(m.group(1))) {
                    used.add(m.group(1));
                }
            }
            assertThat(used).as(file + ": placeholders of the template against the parameters of its definition")
                    .containsExactlyInAnyOrderElementsOf(defined);
            spec.path("definition").path("required").forEach(r -> assertThat(defined).as(file + " required")
                    .contains(r.asText()));
        }
    }

    @Test
    void shouldSetTheSameRequestHeadersAsTheRouteTemplateSyncObject() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<String> template = setHeaders(yaml.readTree(Path.of("routes/sync-object.camel.yaml").toFile()));
        assertThat(template).as("the route template's headers").contains("SfsyncSObject", "SfsyncReconcileIds");
        for (Path file : kamelets()) {
            assertThat(setHeaders(yaml.readTree(file.toFile()))).as(file + " sets what sync-object sets")
                    .containsExactlyInAnyOrderElementsOf(template);
        }
    }

    /** The names of every setHeader step in a YAML tree. */
    private static List<String> setHeaders(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.has("setHeader")) {
            names.add(node.path("setHeader").path("name").asText());
        }
        node.forEach(child -> names.addAll(setHeaders(child)));
        return names;
    }
}
