package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.warehouse.Warehouse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What issue 14 asks of the routes, done the way an integration engineer does it: by editing a copy of
 * {@code routes/} (YAML only, no Java), then starting sfsync on it ({@code camel.main.routes-include-pattern}) against
 * the offline org and DuckDB. One test re-routes the pages of one method ({@code sfsync-bulk-api-full} through the
 * warehouse stage) and sees them there; the other adds a step after the commit ({@code sfsync-result}) and sees it
 * run once per successful run with the run's result as its body.
 */
class YamlRouteEditsIT {
    private static final Pattern ROUTE_START = Pattern.compile("(?m)^- route:\\s*$");

    private static Path copyRoutes(Path dir) throws Exception {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(SfsyncRoutesTestSupport.routesFolder())) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        return routes;
    }

    /**
     * Edits one route of a route file: the text from its {@code - route:} line to the next, found by its id; the
     * edit must change it.
     */
    private static void editRoute(Path file, String routeId, Function<String, String> edit) throws Exception {
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        List<Integer> starts = new ArrayList<>();
        Matcher m = ROUTE_START.matcher(yaml);
        while (m.find()) {
            starts.add(m.start());
        }
        Pattern id = Pattern.compile("(?m)^\\s+id:\\s*\"?" + Pattern.quote(routeId) + "\"?\\s*$");
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : yaml.length();
            String route = yaml.substring(starts.get(i), end);
            if (id.matcher(route).find()) {
                String edited = edit.apply(route);
                assertThat(edited).as("the edit of route " + routeId + " in " + file.getFileName())
                        .isNotEqualTo(route);
                Files.writeString(file, yaml.substring(0, starts.get(i)) + edited + yaml.substring(end),
                        StandardCharsets.UTF_8);
                return;
            }
        }
        throw new AssertionError("no route " + routeId + " in " + file);
    }

    /** Inserts {@code steps} (YAML list items, indented by {@code indent} below) before the first line matching. */
    private static String insertBefore(String route, String lineRegex, String... steps) {
        Matcher m = Pattern.compile("(?m)^( *)" + lineRegex + "\\s*$").matcher(route);
        assertThat(m.find()).as("a line /" + lineRegex + "/ in\n" + route).isTrue();
        return route.substring(0, m.start()) + indent(m.group(1), steps) + route.substring(m.start());
    }

    /** Inserts {@code steps} after the list item (a step) that holds the first line matching. */
    private static String insertAfterStep(String route, String lineRegex, String... steps) {
        Matcher m = Pattern.compile("(?m)^.*" + lineRegex + ".*$").matcher(route);
        assertThat(m.find()).as("a line /" + lineRegex + "/ in\n" + route).isTrue();
        // the step's own "- " line is the last list item at or before the match
        Matcher item = Pattern.compile("(?m)^( *)- ").matcher(route.substring(0, m.end()));
        String itemIndent = null;
        while (item.find()) {
            itemIndent = item.group(1);
        }
        assertThat(itemIndent).isNotNull();
        // the step ends where the next line is no deeper than its "- "
        Matcher next = Pattern.compile("(?m)^(?!" + itemIndent + " )").matcher(route);
        int at = next.find(m.end() + 1) ? next.start() : route.length();
        return route.substring(0, at) + indent(itemIndent, steps) + route.substring(at);
    }

    private static String indent(String indent, String... steps) {
        StringBuilder out = new StringBuilder();
        for (String step : steps) {
            for (String line : step.split("\n")) {
                out.append(indent).append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static SfsyncRuntime runtime(SalesforceEmulator org, Path routes, Path db, Path stage) {
        return new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.yaml")
                .set("sfsync.warehouse.duckdb.path", db.toString())
                .set("sfsync.warehouse.stage-root", stage.toString())
                .set("sfsync.bulk.poll-initial-ms", "20")
                .set("sfsync.bulk.max-records", "400");
    }

    private static List<Path> filesUnder(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Re-routes one method: {@code sfsync-bulk-api-full} opens its load on the stage path instead of direct, so its
     * Bulk pages land as files in the warehouse stage before the commit COPYs them. A step added to the route before
     * its commit copies what the stage holds at that moment to a folder of the engineer's: nothing before the edit,
     * the run's pages after it; the other methods are untouched and both runs load the same table.
     */
    @Test
    void shouldSendTheBulkPagesOfOneMethodThroughTheStageWhenItsRouteSaysSo(@TempDir Path dir) throws Exception {
        Path routes = copyRoutes(dir);
        Path seen = dir.resolve("seen-in-stage");
        Path stage = dir.resolve("stage");
        Path methods = routes.resolve("sync-methods.camel.yaml");
        // the engineer's observation step: copy the pages the stage holds (if any) before the commit
        editRoute(methods, "sfsync-bulk-api-full", r -> insertBefore(r, "- to: \"?direct:sfsync-load-commit\"?",
                """
                - pollEnrich:
                    constant: "file:%s?recursive=true&noop=true&idempotent=false&readLock=none&antInclude=**/*.csv"
                    timeout: 0
                - filter:
                    simple: "${body} != null"
                    steps:
                      - to: "file:%s"
                """.formatted(stage.toAbsolutePath(), seen.toAbsolutePath())));
        EmulatorConfig config = EmulatorConfig.builder().volume("Account", 1_500)
                .bulkTiming(Duration.ofMillis(10), Duration.ofMillis(20)).build();
        try (SalesforceEmulator org = SalesforceEmulator.start(config)) {
            SyncRequest request = SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS").withThresholds(1_000L,
                    1_000_000L);
            SyncResult direct;
            try (RunningSfsync sfsync = new RunningSfsync(runtime(org, routes, dir.resolve("direct.duckdb"), stage))) {
                direct = sfsync.sync().sync(request);
                assertThat(direct.success()).as(direct.logLine()).isTrue();
                Warehouse warehouse = sfsync.warehouse();
                assertThat(OrgTables.count(warehouse, "RAW", "ACCOUNTS")).isEqualTo(1_500);
            }
            assertThat(direct.syncMethod()).isEqualTo("bulk_api_full");
            assertThat(filesUnder(seen)).as("the direct path puts no page in the stage").isEmpty();

            // the re-route: the method's load takes the stage path (YAML only)
            editRoute(methods, "sfsync-bulk-api-full", r -> r.replaceFirst(
                    "open\\(\\*,\\s*'replace',\\s*'direct'\\)", "open(*, 'replace', 'stage')"));

            SyncResult staged;
            try (RunningSfsync sfsync = new RunningSfsync(runtime(org, routes, dir.resolve("staged.duckdb"), stage))) {
                staged = sfsync.sync().sync(request);
                assertThat(staged.success()).as(staged.logLine()).isTrue();
                Warehouse warehouse = sfsync.warehouse();
                assertThat(OrgTables.count(warehouse, "RAW", "ACCOUNTS")).isEqualTo(1_500);
                assertThat(OrgTables.count(warehouse, "RAW", "ACCOUNTS"))
                        .isEqualTo(staged.actualRecords()).isEqualTo(direct.actualRecords());
            }
            assertThat(staged.syncMethod()).isEqualTo("bulk_api_full");
            assertThat(staged.pages()).as("1,500 rows in pages of at most 400").isGreaterThanOrEqualTo(4);
            List<Path> pages = filesUnder(seen);
            assertThat(pages).as("a page of the run was in the stage before the commit").hasSize(1);
            assertThat(pages.get(0).getFileName().toString())
                    .matches("Account_" + Pattern.quote(staged.runId()) + "_\\d{6}\\.csv");
            assertThat(Files.readAllLines(pages.get(0)).get(0)).contains("Id");
            assertThat(filesUnder(stage)).as("the commit cleared the stage").isEmpty();
        }
    }

    /**
     * Adds a step after the commit: in {@code sfsync-result}, after the bean that records the result, the engineer's
     * steps append the run's id, object, outcome and rows to a file, and give the body back. It runs once per
     * successful run, with that run's result; a failed run goes to the dead-letter route and never reaches it.
     */
    @Test
    void shouldRunAStepAddedAfterTheCommitOncePerSuccessfulRunWithItsResult(@TempDir Path dir) throws Exception {
        Path routes = copyRoutes(dir);
        Path out = dir.resolve("after-commit");
        editRoute(routes.resolve("commit.camel.yaml"), "sfsync-result", r -> insertAfterStep(r, "method: result",
                """
                - setProperty:
                    name: theResult
                    simple: "${body}"
                - setBody:
                    simple:
                      expression: "${body.runId()},${body.sobject()},${body.success()},${body.actualRecords()}\\n"
                      trim: false
                - to: "file:%s?fileName=runs.csv&fileExist=Append"
                - setBody:
                    simple: "${exchangeProperty.theResult}"
                """.formatted(out.toAbsolutePath())));
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 300)
                .volume("Contact", 200).build());
                RunningSfsync sfsync = new RunningSfsync(runtime(org, routes, dir.resolve("db.duckdb"),
                        dir.resolve("stage")))) {
            IntelligentSync sync = sfsync.sync();
            SyncResult accounts = sync.sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS"));
            SyncResult again = sync.sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS"));
            SyncResult failed = sync.sync(SyncRequest.of("No_Such_Object__c").withTarget("RAW", "NOTHING"));
            SyncResult contacts = sync.sync(SyncRequest.of("Contact").withTarget("RAW", "CONTACTS"));

            for (SyncResult r : List.of(accounts, again, contacts)) {
                assertThat(r.success()).as(r.logLine()).isTrue();
            }
            assertThat(again.syncMethod()).isEqualTo("regular_api_incremental");
            assertThat(failed.success()).isFalse();
            assertThat(Files.readAllLines(out.resolve("runs.csv"))).containsExactly(
                    accounts.runId() + ",Account,true,300",
                    again.runId() + ",Account,true," + again.actualRecords(),
                    contacts.runId() + ",Contact,true,200");
        }
    }
}
