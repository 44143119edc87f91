package io.sfsync.reverse;

import io.sfsync.warehouse.Catalog;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.ColumnType;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.WarehouseDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse sync's warehouse side: the source rows read (a table, or a query in the warehouse's SQL) and the refused
 * rows appended to the failures table (made when missing). Statements come from the dialect.
 */
public final class ReverseWarehouse {
    /** The failures table's columns, in order. */
    public static final List<Column> FAILURE_COLUMNS = List.of(
            new Column("RUN_ID", ColumnType.TEXT),
            new Column("FAILED_AT", ColumnType.TIMESTAMP_TZ),
            new Column("SOBJECT", ColumnType.TEXT),
            new Column("KEY_FIELD", ColumnType.TEXT),
            new Column("KEY_VALUE", ColumnType.TEXT),
            new Column("STATUS_CODE", ColumnType.TEXT),
            new Column("MESSAGE", ColumnType.TEXT),
            new Column("FIELDS", ColumnType.TEXT),
            new Column("ROW_VALUES", ColumnType.TEXT));

    private final Warehouse warehouse;
    private final WarehouseDialect dialect;

    public ReverseWarehouse(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.dialect = warehouse.dialect();
    }

    /** Rows fetched from the warehouse a round trip: the cursor's fetch size. */
    public static final int FETCH_ROWS = 1_000;

    /**
     * The source open as a cursor: its column labels, then its rows one at a time ({@link #next}), fetched
     * {@value #FETCH_ROWS} at a time, so that a source of any size is never held whole. Close it.
     */
    public static final class Source implements AutoCloseable {
        private final String name;
        private final Connection connection;
        private final Statement statement;
        private final ResultSet rows;
        private final List<String> columns = new ArrayList<>();

        private Source(String name, Connection connection, String sql) throws SQLException {
            this.name = name;
            this.connection = connection;
            this.statement = connection.createStatement();
            statement.setFetchSize(FETCH_ROWS);
            this.rows = statement.executeQuery(sql);
            ResultSetMetaData md = rows.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
        }

        public List<String> columns() {
            return columns;
        }

        /** The next row's values in column order (JDBC objects), or null at the end. */
        public Object[] next() {
            try {
                if (!rows.next()) {
                    return null;
                }
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rows.getObject(i + 1);
                }
                return row;
            } catch (SQLException e) {
                throw new IllegalStateException("reading the reverse sync's source " + name + " failed: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try (Connection c = connection; Statement s = statement; ResultSet r = rows) {
                // closed in reverse order by try-with-resources
            } catch (SQLException e) {
                throw new IllegalStateException("closing the reverse sync's source " + name + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    /** Opens the request's table (a bare name is in {@code defaultSchema}) or query as a cursor. */
    public Source open(ReverseRequest request, String defaultSchema) {
        String sql = request.query() != null && !request.query().isBlank() ? request.query()
                : dialect.selectRows(tableRef(request.table(), defaultSchema));
        Connection c = null;
        try {
            c = warehouse.connect();
            return new Source(request.source(), c, sql);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("reading the reverse sync's source "
                    + request.source() + " failed: " + e.getMessage(), e);
        }
    }

    /** Appends the failures (creating the table, and its schema, when missing). */
    public void writeFailures(TableRef table, String runId, String sobject, String keyField,
            List<ReverseFailure> failures, Instant at) {
        if (failures.isEmpty()) {
            return;
        }
        List<String> names = FAILURE_COLUMNS.stream().map(Column::name).toList();
        try (Connection c = warehouse.connect()) {
            Catalog.ensureSchema(c, dialect, table.schema());
            try (Statement s = c.createStatement()) {
                s.execute(dialect.createTable(table, FAILURE_COLUMNS));
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(dialect.insertFailure(table, names))) {
                for (ReverseFailure f : failures) {
                    p.setString(1, runId);
                    dialect.bindInstant(p, 2, at);
                    p.setString(3, sobject);
                    p.setString(4, keyField);
                    p.setString(5, f.keyValue());
                    p.setString(6, f.statusCode());
                    p.setString(7, f.message());
                    p.setString(8, f.fields());
                    p.setString(9, f.rowJson());
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing " + failures.size() + " failure rows to "
                    + table + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@code SCHEMA.TABLE} as a reference; a bare name takes {@code defaultSchema}, and without one it is refused.
     */
    public static TableRef tableRef(String name, String defaultSchema) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            if (defaultSchema == null) {
                throw new IllegalArgumentException("the table '" + name + "' needs its schema: SCHEMA.TABLE");
            }
            return new TableRef(defaultSchema, name);
        }
        return new TableRef(name.substring(0, dot), name.substring(dot + 1));
    }

    /** The failures table of a request: as given, else the source table's name plus the suffix. */
    public static TableRef failuresTable(ReverseRequest request, String suffix, String defaultSchema) {
        if (request.failuresTable() != null && !request.failuresTable().isBlank()) {
            return tableRef(request.failuresTable(), defaultSchema);
        }
        if (request.table() != null && !request.table().isBlank()) {
            TableRef source = tableRef(request.table(), defaultSchema);
            return new TableRef(source.schema(), source.table() + suffix);
        }
        return new TableRef(defaultSchema, request.sobject().toUpperCase(java.util.Locale.ROOT) + suffix);
    }
}
