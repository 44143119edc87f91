package io.sfsync.warehouse;

/** A warehouse table: schema and table name as configured (the dialect decides how they are quoted). */
public record TableRef(String schema, String table) {
    @Override
    public String toString() {
        return schema + "." + table;
    }
}
