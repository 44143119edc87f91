package io.sfsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the control tables ({@code sfsync_state}, {@code sfsync_history}) for {@code sfsync status} and
 * {@code sfsync history}: only SELECTs, each on a connection of its own that is closed at once, so it runs beside a
 * sync (a run writes its state and history row in short transactions at its end).
 */
public final class ControlTables {
    private static final List<String> HISTORY_NAMES = RunHistory.COLUMNS.stream().map(Column::name).toList();
    private static final List<String> STATE_NAMES = SyncStateTable.COLUMNS.stream().map(Column::name).toList();

    private final Warehouse warehouse;
    private final WarehouseDialect dialect;
    private final TableRef history;
    private final TableRef state;

    public ControlTables(Warehouse warehouse, String controlSchema) {
        this.warehouse = warehouse;
        this.dialect = warehouse.dialect();
        this.history = new TableRef(controlSchema, RunHistory.TABLE_NAME);
        this.state = new TableRef(controlSchema, SyncStateTable.TABLE_NAME);
    }

    /**
     * The newest {@code last} runs, newest first, as {@link io.sfsync.api.SyncResult#asMap()} names their fields;
     * {@code object} (an sObject or {@code SCHEMA.TABLE}, any case) keeps only its runs, null keeps all.
     */
    public List<Map<String, Object>> history(String object, int last) {
        try (Connection c = warehouse.connect()) {
            if (!Catalog.tableExists(c, dialect, history)) {
                return List.of();
            }
            return runs(c, object, last);
        } catch (SQLException e) {
            throw failed("the run history " + history, e);
        }
    }

    private List<Map<String, Object>> runs(Connection c, String object, int last) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(dialect.recentRuns(history, HISTORY_NAMES, object != null,
                "sobject", "target_table", "sync_timestamp", last))) {
            if (object != null) {
                p.setString(1, object);
                p.setString(2, object);
            }
            return rows(p, RunHistory.COLUMNS);
        }
    }

    /**
     * The successful runs of {@code target} whose {@code sync_method} is one of {@code counted} since its last
     * successful run with one of {@code restarting}: one COUNT, and no catalog lookup, as the caller reads after a run
     * that recorded itself (a missing history table fails like any other read).
     */
    public int runsSinceLast(String target, List<String> counted, List<String> restarting) {
        try (Connection c = warehouse.connect()) {
            try (PreparedStatement p = c.prepareStatement(dialect.runsSinceLast(history, counted.size(),
                    restarting.size()))) {
                int i = 1;
                p.setString(i++, target);
                for (String m : counted) {
                    p.setString(i++, m);
                }
                p.setString(i++, target);
                for (String m : restarting) {
                    p.setString(i++, m);
                }
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        } catch (SQLException e) {
            throw failed("the run history " + history, e);
        }
    }

    /**
     * One entry per target the control tables know (state rows, and targets whose runs all failed): sobject, target
     * table, watermark, the last run and its outcome, its age in seconds at {@code now}, the target's row count (null
     * when the table does not exist) and the last success.
     */
    public List<Map<String, Object>> status(Instant now) {
        try (Connection c = warehouse.connect()) {
            Map<String, Map<String, Object>> states = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (Catalog.tableExists(c, dialect, state)) {
                try (PreparedStatement p = c.prepareStatement(dialect.selectAll(state, STATE_NAMES))) {
                    for (Map<String, Object> row : rows(p, SyncStateTable.COLUMNS)) {
                        states.put(String.valueOf(row.get("target_table")), row);
                    }
                }
            }
            Map<String, Map<String, Object>> lastRuns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (Catalog.tableExists(c, dialect, history)) {
                try (PreparedStatement p = c.prepareStatement(dialect.latestRunPerTarget(history, HISTORY_NAMES,
                        "target_table", "sync_timestamp"))) {
                    for (Map<String, Object> row : rows(p, RunHistory.COLUMNS)) {
                        if (row.get("target_table") != null) {
                            lastRuns.put(String.valueOf(row.get("target_table")), row);
                        }
                    }
                }
            }
            Map<String, String> targets = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            states.keySet().forEach(t -> targets.put(t, t));
            lastRuns.keySet().forEach(t -> targets.putIfAbsent(t, t));
            List<Map<String, Object>> out = new ArrayList<>();
            for (String target : targets.values()) {
                out.add(status(c, target, states.get(target), lastRuns.get(target), now));
            }
            return out;
        } catch (SQLException e) {
            throw failed("the control tables in " + state.schema(), e);
        }
    }

    private Map<String, Object> status(Connection c, String target, Map<String, Object> st, Map<String, Object> run,
            Instant now) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sobject", st != null ? st.get("sobject") : run.get("sobject"));
        m.put("target_table", target);
        m.put("watermark_field", st == null ? null : st.get("watermark_field"));
        m.put("watermark", st == null ? null : st.get("watermark"));
        m.put("last_run_id", run == null ? null : run.get("run_id"));
        m.put("last_run_at", run == null ? null : run.get("sync_timestamp"));
        m.put("last_run_success", run == null ? null : run.get("success"));
        m.put("last_run_method", run == null ? null : run.get("sync_method"));
        m.put("last_run_error", run == null ? null : run.get("error"));
        Object at = run == null ? null : run.get("sync_timestamp");
        m.put("last_run_age_seconds", at == null ? null : Duration.between(Instant.parse(at.toString()), now)
                .getSeconds());
        m.put("rows", rowCount(c, target));
        m.put("last_success", st == null ? null : st.get("last_success"));
        return m;
    }

    private Long rowCount(Connection c, String target) throws SQLException {
        int dot = target.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        TableRef ref = new TableRef(target.substring(0, dot), target.substring(dot + 1));
        if (!Catalog.tableExists(c, dialect, ref)) {
            return null;
        }
        try (PreparedStatement p = c.prepareStatement(dialect.countRows(ref)); ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private List<Map<String, Object>> rows(PreparedStatement p, List<Column> columns) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i).name(), value(rs, i + 1, columns.get(i).type()));
                }
                out.add(row);
            }
        }
        return out;
    }

    private Object value(ResultSet rs, int index, ColumnType type) throws SQLException {
        Object v = rs.getObject(index);
        if (v == null) {
            return null;
        }
        switch (type.kind()) {
            case TIMESTAMP_TZ: {
                Instant instant = dialect.instant(v);
                return instant == null ? null : instant.toString();
            }
            case BIGINT:
                return ((Number) v).longValue();
            case DOUBLE:
                return ((Number) v).doubleValue();
            case BOOLEAN:
                return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
            default:
                return v.toString();
        }
    }

    private static WarehouseException failed(String what, SQLException e) {
        return new WarehouseException(WarehouseError.QUERY_FAILED, "cannot read " + what + ": " + SqlMessages
                .summary(e), e);
    }
}
