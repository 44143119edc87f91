package io.sfsync.sync;

import io.sfsync.emulator.SalesforceEmulator;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Spring Boot estate into DuckDB, as its application.yaml configures it (the file in a temporary folder). */
class SpringBootEstateIT extends SpringBootEstateBehaviour {
    private static final SalesforceEmulator ORG = contacts();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        offline(registry, ORG);
        Path dir = tempDir();
        registry.add("sfsync.warehouse.duckdb.path", () -> dir.resolve("estate.duckdb").toString());
        registry.add("sfsync.warehouse.stage-root", () -> dir.resolve("stage").toString());
    }

    @Override
    SalesforceEmulator org() {
        return ORG;
    }
}
