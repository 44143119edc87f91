package io.sfsync.snowflakeemulator.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBConnection;

/**
 * The offline Snowflake's SQL engine: Snowflake's semantics on an embedded DuckDB. One account with databases,
 * schemas, tables, stages (folders on this machine, {@code LOCAL_FS}), users, roles and grants. Thread-safe: each
 * {@link EngineSession} is one Snowflake session and may be used by one thread at a time.
 */
public final class SnowflakeEngine implements AutoCloseable {

    static final String ACCOUNTADMIN = "ACCOUNTADMIN";
    static final String PUBLIC = "PUBLIC";

    private final Path dataDirectory;
    private final String account;
    private final DuckDBConnection duck;
    private final Catalog catalog;
    private final Object lock = new Object();
    private final List<QueryRecord> history = new ArrayList<>();
    private final List<CopyRecord> copies = new ArrayList<>();
    private final AtomicLong sessionIds = new AtomicLong(1000);
    private final AtomicLong queryIds = new AtomicLong();
    private final List<EngineSession> sessions = new ArrayList<>();
    /** Running transactions and their table locks; Snowflake's limits (5 minutes idle while blocking, 4 hours). */
    private final Transactions transactions = new Transactions(java.time.Clock.systemUTC(),
            java.time.Duration.ofMinutes(5), java.time.Duration.ofHours(4));

    private SnowflakeEngine(Path dataDirectory, String account, DuckDBConnection duck, Catalog catalog) {
        this.dataDirectory = dataDirectory;
        this.account = account;
        this.duck = duck;
        this.catalog = catalog;
    }

    /**
     * Opens an engine whose state lives under {@code dataDirectory} (the DuckDB file and the stages), creating
     * the account's bootstrap objects when new: database {@code database}, roles ACCOUNTADMIN (owns everything, may do
     * everything) and PUBLIC, and the user {@code adminUser} with password {@code adminPassword} and default role
     * ACCOUNTADMIN.
     */
    public static SnowflakeEngine open(Path dataDirectory, String account, String database, String adminUser,
            String adminPassword) {
        try {
            Files.createDirectories(dataDirectory.resolve("stages"));
            Path file = dataDirectory.resolve("snowflake.duckdb");
            DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
            Catalog catalog = load(dataDirectory.resolve("catalog.ser"));
            boolean fresh = catalog == null;
            if (fresh) {
                catalog = new Catalog();
            }
            SnowflakeEngine engine = new SnowflakeEngine(dataDirectory, account.toUpperCase(Locale.ROOT), duck,
                    catalog);
            Functions.installMacros(duck);
            if (fresh) {
                engine.bootstrap(Names.fold(database), Names.fold(adminUser), adminPassword);
            }
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the offline Snowflake's folder " + dataDirectory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the offline Snowflake's DuckDB under " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    private void bootstrap(String database, String adminUser, String adminPassword) throws SQLException {
        synchronized (lock) {
            catalog.roles.put(ACCOUNTADMIN, new Catalog.Role(catalog.newId(), ACCOUNTADMIN, ACCOUNTADMIN));
            catalog.roles.put(PUBLIC, new Catalog.Role(catalog.newId(), PUBLIC, ACCOUNTADMIN));
            for (String r : List.of("SYSADMIN", "SECURITYADMIN", "USERADMIN")) {
                catalog.roles.put(r, new Catalog.Role(catalog.newId(), r, ACCOUNTADMIN));
            }
            Catalog.User admin = new Catalog.User(catalog.newId(), adminUser);
            admin.password = adminPassword;
            admin.defaultRole = ACCOUNTADMIN;
            catalog.users.put(adminUser, admin);
            catalog.grants.add(new Catalog.Grant("USAGE", "ROLE", catalog.roles.get(ACCOUNTADMIN).id, "USER",
                    adminUser, false, ACCOUNTADMIN, Instant.now()));
            Catalog.Database db = new Catalog.Database(catalog.newId(), database, ACCOUNTADMIN);
            catalog.databases.put(database, db);
            createSchemaObjects(db, "PUBLIC", ACCOUNTADMIN);
            save();
        }
    }

    /** Adds a schema to the catalog and its DuckDB schema; caller holds the lock. */
    Catalog.Schema createSchemaObjects(Catalog.Database db, String name, String owner) throws SQLException {
        Catalog.Schema s = new Catalog.Schema(catalog.newId(), db, name, owner);
        db.schemas.put(name, s);
        return s;
    }

    /** The account name (upper case), as the driver's login request names it. */
    public String account() {
        return account;
    }

    /**
     * Verifies a password login; returns the user's canonical (upper-case) name.
     *
     * @throws SnowflakeError 390100 "Incorrect username or password was specified." (SQL state 08004)
     */
    public String authenticatePassword(String loginName, String password) throws SnowflakeError {
        synchronized (lock) {
            Catalog.User u = userByLogin(loginName);
            if (u == null || u.disabled || u.password == null || !u.password.equals(password)) {
                throw new SnowflakeError("390100", "08004", "Incorrect username or password was specified.");
            }
            return u.name;
        }
    }

    /** The RSA public keys registered for a user (RSA_PUBLIC_KEY, RSA_PUBLIC_KEY_2), DER (X.509) encoded; may be empty. */
    public List<byte[]> publicKeys(String loginName) throws SnowflakeError {
        synchronized (lock) {
            Catalog.User u = userByLogin(loginName);
            if (u == null || u.disabled) {
                throw new SnowflakeError("390144", "08004", "JWT token is invalid.");
            }
            List<byte[]> keys = new ArrayList<>();
            for (String k : new String[] {u.rsaPublicKey, u.rsaPublicKey2}) {
                if (k != null) {
                    keys.add(decodeKey(k));
                }
            }
            return keys;
        }
    }

    /** Registers an RSA public key for a user (tests and admin helpers): PEM or bare base64 of the DER encoding. */
    public void setPublicKey(String user, String key) throws SnowflakeError {
        synchronized (lock) {
            Catalog.User u = catalog.users.get(Names.fold(user));
            if (u == null) {
                throw Errors.doesNotExist(Names.fold(user));
            }
            u.rsaPublicKey = key;
            save();
        }
    }

    static byte[] decodeKey(String key) {
        String body = key.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private Catalog.User userByLogin(String loginName) {
        if (loginName == null) {
            return null;
        }
        for (Catalog.User u : catalog.users.values()) {
            if (u.loginName.equalsIgnoreCase(loginName) || u.name.equalsIgnoreCase(loginName)) {
                return u;
            }
        }
        return null;
    }

    /**
     * Opens a session for an authenticated user, with the role, database, schema and warehouse the login asked for
     * (null: the user's defaults). Refuses a role not granted to the user, a database or schema that does not
     * exist or is not visible to the role, as Snowflake's login does.
     */
    public EngineSession openSession(String user, String role, String database, String schema, String warehouse)
            throws SnowflakeError {
        Catalog.User u;
        synchronized (lock) {
            u = userByLogin(user);
            if (u == null) {
                throw new SnowflakeError("390100", "08004", "Incorrect username or password was specified.");
            }
        }
        String r = role != null ? Access.identifierOf(role) : (u.defaultRole != null ? u.defaultRole : PUBLIC);
        Connection c;
        try {
            c = duck.duplicate();
        } catch (SQLException e) {
            throw new SnowflakeError("390201", "08004", "cannot open a session: " + e.getMessage());
        }
        EngineSession s = new EngineSession(this, sessionIds.incrementAndGet(), u.name, c);
        try {
            s.login(r, database != null ? Access.identifierOf(database) : null,
                    schema != null ? Access.identifierOf(schema) : null,
                    warehouse != null ? Access.identifierOf(warehouse) : null);
        } catch (SnowflakeError e) {
            s.close();
            throw e;
        }
        synchronized (sessions) {
            sessions.add(s);
        }
        return s;
    }

    /** The running transactions and their locks (SHOW TRANSACTIONS, SHOW LOCKS, SYSTEM$ABORT_TRANSACTION). */
    public Transactions transactions() {
        return transactions;
    }

    /** Every statement run so far, oldest first. */
    public List<QueryRecord> queryHistory() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    void record(QueryRecord r) {
        synchronized (history) {
            history.add(r);
        }
    }

    /** Every file a COPY INTO loaded so far, oldest first (COPY_HISTORY). */
    public List<CopyRecord> copyHistory() {
        synchronized (copies) {
            return List.copyOf(copies);
        }
    }

    void recordCopy(CopyRecord r) {
        synchronized (copies) {
            copies.add(r);
        }
    }

    String newQueryId() {
        long n = queryIds.incrementAndGet();
        return String.format("01b%05x-0000-%04x-0000-%012x", (n >> 16) & 0xfffff, n & 0xffff, n);
    }

    Catalog catalog() {
        return catalog;
    }

    Object lock() {
        return lock;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    void forget(EngineSession s) {
        synchronized (sessions) {
            sessions.remove(s);
        }
    }

    /** Writes the catalog to disk (atomically); caller holds the lock. */
    void save() {
        Path target = dataDirectory.resolve("catalog.ser");
        Path tmp = dataDirectory.resolve("catalog.ser.tmp");
        try (OutputStream out = Files.newOutputStream(tmp); ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(catalog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the offline Snowflake's catalog " + target, e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the offline Snowflake's catalog " + target, e);
        }
    }

    private static Catalog load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file); ObjectInputStream o = new ObjectInputStream(in)) {
            return (Catalog) o.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("unreadable catalog " + file, e);
        }
    }

    @Override
    public void close() {
        transactions.shutDown();
        List<EngineSession> open;
        synchronized (sessions) {
            open = new ArrayList<>(sessions);
        }
        for (EngineSession s : open) {
            s.close();
        }
        try {
            duck.close();
        } catch (SQLException e) {
            // closing is best effort: the file is consistent after every commit
        }
    }
}
