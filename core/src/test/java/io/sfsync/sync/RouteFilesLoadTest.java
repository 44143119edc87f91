package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sfsync.api.Defaults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * Every route file loads with camel-yaml-dsl's own loader, the one camel-main uses (read and added to a context,
 * not started). The JSON schema check
 * (RouteFilesSchemaTest) reads the files with another YAML parser, which took a plain scalar holding ": " that
 * camel-yaml-dsl refuses ("mapping values are not allowed here"), and then no route of sfsync could start.
 */
class RouteFilesLoadTest {

    @Test
    void shouldParseEveryRouteFileWithCamelYamlDsl() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(SfsyncRoutesTestSupport.routesFolder())) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        try (CamelContext context = new DefaultCamelContext()) {
            // the routes' placeholders resolve against sfsync's defaults, as SfsyncConfiguration provides them
            Defaults.all().forEach(context.getPropertiesComponent()::addInitialProperty);
            for (Path file : files) {
                Resource resource = PluginHelper.getResourceLoader(context).resolveResource("file:"
                        + file.toAbsolutePath());
                assertThatCode(() -> {
                    for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource)) {
                        context.addRoutes(builder);
                    }
                }).as(file.toString()).doesNotThrowAnyException();
            }
        }
    }
}
