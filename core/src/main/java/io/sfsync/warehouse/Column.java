package io.sfsync.warehouse;

/** A warehouse column: its name (a Salesforce API name, quoted as given) and its type. */
public record Column(String name, ColumnType type) {
}
