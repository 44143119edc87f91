package io.sfsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * A table of sfsync's own in the control schema ({@link SyncStateTable}, {@link RunHistory}, {@link ResumeTable}):
 * its name, its columns in order, and its creation, which also adds the columns a later sfsync defines to a table an
 * older one made, so that an upgrade needs no migration. The SQL comes from the warehouse's dialect.
 */
public abstract class ControlTable {
    protected final WarehouseDialect dialect;
    private final TableRef table;
    private final List<Column> columns;
    /** The column names, in order. */
    protected final List<String> names;

    ControlTable(WarehouseDialect dialect, String controlSchema, String tableName, List<Column> columns) {
        this.dialect = dialect;
        this.table = new TableRef(controlSchema, tableName);
        this.columns = columns;
        this.names = columns.stream().map(Column::name).toList();
        dialect.table(table);
    }

    /** The table. */
    public TableRef table() {
        return table;
    }

    /**
     * Creates the table when it is missing and adds the columns it lacks (a table an older sfsync made). The control
     * schema must exist ({@link Catalog#ensureSchema}, or the warehouse's own way); DDL, outside any load transaction.
     */
    protected void createOrUpgrade(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(createStatement());
            List<String> existing = Catalog.columns(connection, dialect, table);
            for (Column c : columns) {
                if (existing.stream().noneMatch(n -> n.equalsIgnoreCase(c.name()))) {
                    s.execute(dialect.addColumn(table, c));
                }
            }
        }
    }

    /** The CREATE TABLE IF NOT EXISTS of the table. */
    protected String createStatement() {
        return dialect.createTable(table, columns);
    }

    /** Binds a text value, or a typed null. */
    protected static void text(PreparedStatement p, int i, String v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.VARCHAR);
        } else {
            p.setString(i, v);
        }
    }
}
