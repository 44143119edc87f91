package io.sfsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.app.SfsyncRuntime;
import io.sfsync.checkpoint.Checkpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's boundary (the classes of io.sfsync:sfsync, read from its own build output, nothing else): it never
 * reaches for a tool (the offline org and warehouse, the command line, the benchmark) or a logging backend, its
 * packages form no cycle, no class of it is over 400 lines, and only the application's wiring makes the crash tests'
 * checkpoints from the system properties (everything else is handed them).
 */
class ArchitectureTest {
    private static final int MAX_LINES = 400;
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() throws URISyntaxException {
        Path classes = Path.of(SfsyncRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        product = new ClassFileImporter().importPath(classes);
    }

    @Test
    void theProductIsWhatItReadsFrom() {
        // guards the guard: an import of the wrong location would make every rule below pass vacuously
        assertHas("io.sfsync.sync.PlanSteps");
        assertHas("io.sfsync.warehouse.Warehouse");
        assertThat(product.containPackage("io.sfsync.emulator")).isFalse();
        assertThat(product.containPackage("io.sfsync.cli")).isFalse();
    }

    @Test
    void productCodeImportsNoTool() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.sfsync.emulator..",
                        "io.sfsync.snowflakeemulator..", "io.sfsync.cli..", "io.sfsync.bench..")
                .because("the offline systems, the command line and the benchmark are tools beside the product"
                        + " (modules offline/ and tools/), not part of what an estate embeds")
                .check(product);
    }

    @Test
    void productCodeNeedsNoLoggingBackendAndNoHttpServer() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.slf4j.simple..", "org.eclipse.jetty.server..",
                        "org.junit..", "org.apache.camel.test..")
                .because("an estate brings its own logging backend and servers; tests stay in the tests")
                .check(product);
    }

    @Test
    void packagesFormNoCycle() {
        // every package, sub-packages included (io.sfsync.warehouse and io.sfsync.warehouse.duckdb are two slices)
        slices().matching("io.sfsync.(**)").should().beFreeOfCycles().check(product);
    }

    @Test
    void onlyTheWiringMakesCheckpointsFromTheSystemProperties() {
        // guards the guard: the wiring does call it, so the rule below names a method that is called
        assertThat(product.get("io.sfsync.app.SfsyncConfiguration").getMethodCallsFromSelf())
                .anyMatch(call -> call.getTarget().getOwner().isEquivalentTo(Checkpoints.class)
                        && call.getTarget().getName().equals("fromSystemProperties"));
        noClasses().that().resideOutsideOfPackages("io.sfsync.app", "io.sfsync.checkpoint")
                .should().callMethod(Checkpoints.class, "fromSystemProperties")
                .because("the checkpoints are injected: io.sfsync.app makes one per CamelContext and hands it to the"
                        + " beans (SyncServices) and the warehouse; nothing else reaches for its own")
                .check(product);
    }

    @Test
    void noProductClassIsOverFourHundredLines() throws IOException {
        Path sources = Path.of("core", "src", "main", "java");
        assertThat(sources).as("the product's sources (the tests run in the top folder)").isDirectory();
        List<String> over;
        try (Stream<Path> files = Files.walk(sources)) {
            over = files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try (Stream<String> lines = Files.lines(f)) {
                    long n = lines.count();
                    return n > MAX_LINES ? sources.relativize(f) + " (" + n + " lines)" : null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(Objects::nonNull).sorted().toList();
        }
        assertThat(over).as("product classes over " + MAX_LINES + " lines: split them by responsibility").isEmpty();
    }

    private static void assertHas(String name) {
        assertThat(product.contain(name)).as(name).isTrue();
    }
}
