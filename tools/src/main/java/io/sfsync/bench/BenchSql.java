package io.sfsync.bench;

import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.duckdb.DuckDbDialect;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** The SQL of the two references (DuckDB), one builder per statement; identifiers go through the dialect's quoting. */
final class BenchSql {
    private static final DuckDbDialect DIALECT = new DuckDbDialect();

    private BenchSql() {
    }

    static String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + DIALECT.quote(schema);
    }

    /** The references load text as it comes: every column {@code VARCHAR}. */
    static String createVarcharTable(TableRef table, List<String> columns) {
        return "CREATE TABLE " + DIALECT.table(table) + " (" + columns.stream()
                .map(c -> DIALECT.quote(c) + " VARCHAR").collect(Collectors.joining(", ")) + ")";
    }

    /**
     * {@code COPY} of every file matching {@code glob} (the Bulk pages: all-quoted RFC 4180 with a header row; a
     * {@code .gz} name is read as gzip). The path is ours, not user input; quotes in it are doubled all the same.
     */
    static String copyFrom(TableRef table, Path glob) {
        return "COPY " + DIALECT.table(table) + " FROM '" + glob.toAbsolutePath().toString().replace("'", "''")
                + "' (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"')";
    }

    /** One load of several page files (same layout as {@link #copyFrom}), their columns matched by name. */
    static String insertFiles(TableRef table, List<Path> files) {
        return "INSERT INTO " + DIALECT.table(table) + " BY NAME SELECT * FROM read_csv([" + files.stream()
                .map(f -> "'" + f.toAbsolutePath().toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ")) + "], header = true, delim = ',', quote = '\"', escape = '\"',"
                + " all_varchar = true)";
    }

    /** The naive pipeline's statement: one row, every value bound. */
    static String insertRow(TableRef table, List<String> columns) {
        return "INSERT INTO " + DIALECT.table(table) + " (" + columns.stream().map(DIALECT::quote)
                .collect(Collectors.joining(", ")) + ") VALUES (" + String.join(", ",
                        Collections.nCopies(columns.size(), "?")) + ")";
    }

    static String countRows(TableRef table) {
        return "SELECT COUNT(*) FROM " + DIALECT.table(table);
    }
}
