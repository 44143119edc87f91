package io.sfsync.warehouse;

import io.sfsync.salesforce.SfField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salesforce field type to warehouse column type. The decision (which kind, which precision) is made here once for
 * every dialect; {@link WarehouseDialect#typeName(ColumnType)} renders it, so the DuckDB mapping is
 * {@code dialect.typeName(TypeMapping.columnType(field))}.
 *
 * <table>
 * <caption>Mapping</caption>
 * <tr><th>Salesforce type</th><th>kind</th><th>DuckDB</th></tr>
 * <tr><td>id, reference</td><td>TEXT(18)</td><td>VARCHAR</td></tr>
 * <tr><td>string, textarea, picklist, multipicklist, combobox, email, phone, url, encryptedstring, anyType, json,
 * complexvalue, datacategorygroupreference</td><td>TEXT(length)</td><td>VARCHAR</td></tr>
 * <tr><td>boolean</td><td>BOOLEAN</td><td>BOOLEAN</td></tr>
 * <tr><td>int</td><td>INTEGER</td><td>INTEGER</td></tr>
 * <tr><td>long</td><td>BIGINT</td><td>BIGINT</td></tr>
 * <tr><td>double, currency, percent</td><td>DECIMAL(p,s) when precision &gt; 0 (p capped at 38), else DOUBLE</td>
 * <td>DECIMAL(p,s) / DOUBLE</td></tr>
 * <tr><td>date</td><td>DATE</td><td>DATE</td></tr>
 * <tr><td>datetime</td><td>TIMESTAMP_TZ (UTC)</td><td>TIMESTAMPTZ</td></tr>
 * <tr><td>time</td><td>TIME</td><td>TIME</td></tr>
 * <tr><td>anything else</td><td>TEXT, with a warning logged once per type</td><td>VARCHAR</td></tr>
 * </table>
 * Compound (address, location) and base64 fields never become columns ({@code SObjectSchema.extracted()} leaves them
 * out); asking for their type is a programming error and fails with {@link WarehouseError#SCHEMA_MISMATCH}.
 */
public final class TypeMapping {
    /** Largest DECIMAL precision both DuckDB and Snowflake accept. */
    public static final int MAX_PRECISION = 38;

    private static final Logger LOG = LoggerFactory.getLogger(TypeMapping.class);
    private static final Set<String> TEXT_TYPES = Set.of("string", "textarea", "picklist", "multipicklist",
            "combobox", "email", "phone", "url", "encryptedstring", "anytype", "json", "complexvalue",
            "datacategorygroupreference");
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private TypeMapping() {
    }

    /** The column type of a Salesforce field. */
    public static ColumnType columnType(SfField field) {
        String type = field.type() == null ? "" : field.type().toLowerCase(Locale.ROOT);
        if (TEXT_TYPES.contains(type)) {
            return ColumnType.text(field.length());
        }
        switch (type) {
            case "id":
            case "reference":
                return ColumnType.text(18);
            case "boolean":
                return ColumnType.BOOLEAN;
            case "int":
                return ColumnType.INTEGER;
            case "long":
                return ColumnType.BIGINT;
            case "double":
            case "currency":
            case "percent":
                return numeric(field);
            case "date":
                return ColumnType.DATE;
            case "datetime":
                return ColumnType.TIMESTAMP_TZ;
            case "time":
                return ColumnType.TIME;
            case "address":
            case "location":
            case "base64":
                throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, "field " + field.name() + " is of type "
                        + field.type() + ", which never becomes a column: build the column list from"
                        + " SObjectSchema.extracted()");
            default:
                if (WARNED.add(type)) {
                    LOG.warn("Salesforce field type '{}' (field {}) is unknown to sfsync; storing it as text",
                            field.type(), field.name());
                }
                return ColumnType.text(field.length());
        }
    }

    /** The column of a Salesforce field: its API name and mapped type. */
    public static Column column(SfField field) {
        return new Column(field.name(), columnType(field));
    }

    /** The columns of these fields, in the same order. */
    public static List<Column> columns(List<SfField> fields) {
        List<Column> out = new ArrayList<>(fields.size());
        for (SfField f : fields) {
            out.add(column(f));
        }
        return out;
    }

    private static ColumnType numeric(SfField field) {
        if (field.precision() <= 0) {
            return ColumnType.DOUBLE;
        }
        int precision = Math.min(field.precision(), MAX_PRECISION);
        int scale = Math.max(0, Math.min(field.scale(), precision));
        return ColumnType.decimal(precision, scale);
    }
}
