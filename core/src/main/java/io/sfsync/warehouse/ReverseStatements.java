package io.sfsync.warehouse;

import java.util.List;

/** The reverse sync's part of a {@link WarehouseDialect}: the rows a run reads, and its failures table. */
public interface ReverseStatements extends DialectNames {

    /** Every row of the source table, every column. */
    default String selectRows(TableRef table) {
        return "SELECT * FROM " + table(table);
    }

    /** Appends one failure row. Parameters: the columns' values, in order. */
    default String insertFailure(TableRef table, List<String> columns) {
        StringBuilder cols = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (String c : columns) {
            cols.append(cols.length() == 0 ? "" : ", ").append(quote(c));
            marks.append(marks.length() == 0 ? "?" : ", ?");
        }
        return "INSERT INTO " + table(table) + " (" + cols + ") VALUES (" + marks + ")";
    }
}
