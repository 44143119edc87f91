package io.sfsync.warehouse.snowflake;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A scripted stand-in for Snowflake sessions, made of JDBC proxies: it records every statement (with its bound
 * values) and answers queries from rules, so that the load orchestration can be tested without a driver, an
 * account or a network. The first rule whose predicate matches a statement answers it; a statement no rule matches
 * succeeds and, when it is a query, returns one row of zeros.
 */
final class FakeSnowflake implements SnowflakeConnectionPool.ConnectionFactory {
    /** Every statement in order, as {@code SQL} or {@code SQL [bind, bind]}, and transaction events as {@code -- x}. */
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    /** Sessions opened before the last {@link #endSessions} are no longer valid. */
    private final AtomicInteger generation = new AtomicInteger();
    private final List<Rule> rules = Collections.synchronizedList(new ArrayList<>());
    private volatile java.util.function.Consumer<String> watcher = s -> { };

    private record Rule(Predicate<String> when, List<String> labels, Object[][] rows, String failure) {
    }

    /** Queries whose logged text starts with {@code prefix} return these rows. */
    FakeSnowflake answer(String prefix, Object[]... rows) {
        rules.add(new Rule(s -> s.startsWith(prefix), List.of(), rows, null));
        return this;
    }

    /** Queries whose logged text (statement, then its parameters) matches {@code when} return these rows. */
    FakeSnowflake answerWhen(Predicate<String> when, Object[]... rows) {
        rules.add(new Rule(when, List.of(), rows, null));
        return this;
    }

    /** Like {@link #answer} with column labels (for results read by label). */
    FakeSnowflake answerWithLabels(String prefix, List<String> labels, Object[]... rows) {
        rules.add(new Rule(s -> s.startsWith(prefix), labels, rows, null));
        return this;
    }

    /** Statements whose logged text starts with {@code prefix} fail with this message. */
    FakeSnowflake fail(String prefix, String message) {
        rules.add(new Rule(s -> s.startsWith(prefix), List.of(), null, message));
        return this;
    }

    /** Like {@link #answerFirst} with column labels (for results read by label). */
    FakeSnowflake answerFirstWithLabels(String prefix, List<String> labels, Object[]... rows) {
        rules.add(0, new Rule(s -> s.startsWith(prefix), labels, rows, null));
        return this;
    }

    /** Shows every statement (as logged) to {@code watcher} when it runs, before it is answered. */
    FakeSnowflake watch(java.util.function.Consumer<String> watcher) {
        this.watcher = watcher;
        return this;
    }

    /** Puts a rule before all others (to change an answer in the middle of a test). */
    FakeSnowflake answerFirst(String prefix, Object[]... rows) {
        rules.add(0, new Rule(s -> s.startsWith(prefix), List.of(), rows, null));
        return this;
    }

    /** The log without the session setup of each new connection. */
    List<String> statements() {
        synchronized (log) {
            return log.stream().filter(s -> !s.startsWith("ALTER SESSION ")).toList();
        }
    }

    /** Ends every open session, as Snowflake does with sessions idle for hours: they stay open but are not valid. */
    void endSessions() {
        generation.incrementAndGet();
    }

    static Object[] row(Object... values) {
        return values;
    }

    @Override
    public Connection open() {
        opened.incrementAndGet();
        boolean[] autoCommit = {true};
        boolean[] isClosed = {false};
        int born = generation.get();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "createStatement":
                            return statement(null);
                        case "prepareStatement":
                            return statement((String) args[0]);
                        case "setAutoCommit":
                            autoCommit[0] = (Boolean) args[0];
                            log.add("-- autocommit " + args[0]);
                            return null;
                        case "getAutoCommit":
                            return autoCommit[0];
                        case "commit":
                            log.add("-- commit");
                            return null;
                        case "rollback":
                            log.add("-- rollback");
                            return null;
                        case "close":
                            if (!isClosed[0]) {
                                isClosed[0] = true;
                                closed.incrementAndGet();
                            }
                            return null;
                        case "isClosed":
                            return isClosed[0];
                        case "isValid":
                            return !isClosed[0] && born == generation.get();
                        case "isReadOnly":
                            return false;
                        case "getTransactionIsolation":
                            return Connection.TRANSACTION_READ_COMMITTED;
                        case "getNetworkTimeout":
                            return 0;
                        case "setNetworkTimeout", "clearWarnings", "setReadOnly", "setTransactionIsolation":
                            return null;
                        case "getWarnings":
                            return null;
                        case "toString":
                            return "FakeSnowflakeConnection";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException("fake connection: " + method.getName());
                    }
                });
    }

    private Object statement(String prepared) {
        List<Object> binds = new ArrayList<>();
        ResultSet[] current = {null};
        Class<?> type = prepared == null ? Statement.class : PreparedStatement.class;
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("setObject") && args != null && args.length >= 2
                    && args[1] instanceof java.time.temporal.Temporal) {
                // As snowflake-jdbc 4.4.1 answers a java.time value: it binds none of them.
                throw new java.sql.SQLFeatureNotSupportedException("Data type not supported for binding: "
                        + args[1].getClass().getName());
            }
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i) {
                while (binds.size() < i) {
                    binds.add(null);
                }
                binds.set(i - 1, name.equals("setNull") ? null : args[1]);
                return null;
            }
            switch (name) {
                case "execute": {
                    current[0] = run(prepared != null ? prepared : (String) args[0], binds);
                    return current[0] != null;
                }
                case "executeQuery": {
                    ResultSet rs = run(prepared != null ? prepared : (String) args[0], binds);
                    return rs != null ? rs : resultSet(List.of(), new Object[][] {row(0L, 0L, 0L, 0L)});
                }
                case "executeUpdate":
                    run(prepared != null ? prepared : (String) args[0], binds);
                    return 1;
                case "getResultSet":
                    return current[0];
                case "close":
                    return null;
                case "toString":
                    return "FakeSnowflakeStatement";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException("fake statement: " + name);
            }
        });
    }

    private ResultSet run(String sql, List<Object> binds) throws SQLException {
        String logged = binds.isEmpty() ? sql : sql + " " + binds;
        log.add(logged);
        watcher.accept(logged);
        List<Rule> snapshot;
        synchronized (rules) {
            snapshot = List.copyOf(rules);
        }
        for (Rule r : snapshot) {
            if (r.when().test(logged)) {
                if (r.failure() != null) {
                    throw new SQLException(r.failure());
                }
                return resultSet(r.labels(), r.rows());
            }
        }
        if (sql.startsWith("SELECT \"target_table\"")) {
            return resultSet(List.of(), new Object[0][]);
        }
        if (sql.startsWith("SELECT MAX(")) {
            return resultSet(List.of(), new Object[][] {new Object[] {null}});
        }
        if (sql.startsWith("COPY INTO")) {
            // One LOADED row per named file, as COPY answers a load that read them all.
            java.util.regex.Matcher files = java.util.regex.Pattern.compile("FILES = \\(([^)]*)\\)").matcher(sql);
            List<Object[]> loaded = new ArrayList<>();
            if (files.find()) {
                for (String f : files.group(1).split(", ")) {
                    loaded.add(row(f.replace("'", ""), "LOADED"));
                }
            }
            return resultSet(List.of("file", "status"), loaded.toArray(new Object[0][]));
        }
        boolean query = sql.startsWith("SELECT") || sql.startsWith("LIST") || sql.startsWith("PUT");
        return query ? resultSet(List.of(), new Object[][] {row(0L, 0L, 0L, 0L)}) : null;
    }

    static ResultSet resultSet(List<String> labels, Object[][] rows) {
        int[] at = {-1};
        int width = rows.length == 0 ? labels.size() : Math.max(labels.size(), rows[0].length);
        ResultSetMetaData md = (ResultSetMetaData) Proxy.newProxyInstance(FakeSnowflake.class.getClassLoader(),
                new Class<?>[] {ResultSetMetaData.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getColumnCount":
                            return width;
                        case "getColumnLabel":
                        case "getColumnName":
                            int i = (Integer) args[0];
                            return i <= labels.size() ? labels.get(i - 1) : "C" + i;
                        default:
                            throw new UnsupportedOperationException("fake metadata: " + method.getName());
                    }
                });
        return (ResultSet) Proxy.newProxyInstance(FakeSnowflake.class.getClassLoader(),
                new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "next":
                            return ++at[0] < rows.length;
                        case "getMetaData":
                            return md;
                        case "getLong":
                            return value(rows, at[0], args[0], labels) instanceof Number n ? n.longValue() : 0L;
                        case "getInt":
                            return value(rows, at[0], args[0], labels) instanceof Number n ? n.intValue() : 0;
                        case "getString": {
                            Object v = value(rows, at[0], args[0], labels);
                            return v == null ? null : v.toString();
                        }
                        case "getObject":
                            return value(rows, at[0], args[0], labels);
                        case "close":
                            return null;
                        case "wasNull":
                            return false;
                        default:
                            throw new UnsupportedOperationException("fake result set: " + method.getName());
                    }
                });
    }

    private static Object value(Object[][] rows, int row, Object column, List<String> labels) {
        int index = column instanceof Integer i ? i : labels.indexOf(((String) column).toLowerCase()) + 1;
        Object[] r = rows[row];
        return index >= 1 && index <= r.length ? r[index - 1] : null;
    }
}
