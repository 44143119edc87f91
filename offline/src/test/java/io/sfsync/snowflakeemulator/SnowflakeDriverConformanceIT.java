package io.sfsync.snowflakeemulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.testing.LoopbackOnly;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPInputStream;
import net.snowflake.client.api.connection.SnowflakeConnection;
import net.snowflake.client.api.exception.SnowflakeSQLException;
import net.snowflake.client.api.resultset.SnowflakeType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline Snowflake as the unmodified Snowflake JDBC driver (4.4.1) sees it: logins, bindings, result types,
 * statement kinds and update counts, PUT/GET on a LOCAL_FS stage, Snowflake's refusals, token renewal, heartbeat
 * and close. Plain JDBC only, with the connection properties sfsync passes.
 */
@LoopbackOnly
class SnowflakeDriverConformanceIT {
    private static final String KEY_USER = "LOADER_KEY";
    private static final String READER = "READER_USER";
    private static final String READER_PASSWORD = "reader-pw-1";

    @TempDir
    static Path temp;

    private static SnowflakeEmulator emulator;
    private static KeyPair keyPair;
    private static Path privateKeyFile;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keyPair = g.generateKeyPair();
        privateKeyFile = writePkcs8(temp.resolve("rsa_key.p8"), keyPair);
        emulator = SnowflakeEmulator.start(SnowflakeEmulatorConfig.builder()
                .dataDirectory(temp.resolve("data"))
                .user(new SnowflakeEmulatorConfig.User(KEY_USER, null, keyPair.getPublic().getEncoded(),
                        "ACCOUNTADMIN", List.of("ACCOUNTADMIN")))
                .user(new SnowflakeEmulatorConfig.User(READER, READER_PASSWORD, null, "READER", List.of("READER")))
                .build());
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("GRANT USAGE ON DATABASE " + emulator.database() + " TO ROLE READER");
            s.execute("GRANT USAGE ON SCHEMA " + emulator.database() + ".PUBLIC TO ROLE READER");
        }
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    // ---- login ----

    @Test
    void shouldLogInWithPasswordAndReportTheSessionContext() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(emulator.adminUser());
            assertThat(rs.getString(2)).isEqualTo("ACCOUNTADMIN");
            assertThat(rs.getString(3)).isEqualTo(emulator.database());
            assertThat(c.unwrap(SnowflakeConnection.class).getSessionID()).isNotBlank();
        }
    }

    @Test
    void shouldLogInWithKeyPairFromPkcs8File() throws SQLException {
        Properties p = base(KEY_USER);
        p.setProperty("authenticator", "SNOWFLAKE_JWT");
        p.setProperty("private_key_file", privateKeyFile.toString());
        try (Connection c = DriverManager.getConnection(emulator.jdbcUrl(), p); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(KEY_USER);
        }
    }

    @Test
    void shouldRefuseKeyPairLoginSignedWithAnotherKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Path other = writePkcs8(temp.resolve("other_key.p8"), g.generateKeyPair());
        Properties p = base(KEY_USER);
        p.setProperty("authenticator", "SNOWFLAKE_JWT");
        p.setProperty("private_key_file", other.toString());
        assertThatThrownBy(() -> DriverManager.getConnection(emulator.jdbcUrl(), p).close())
                .isInstanceOfSatisfying(SnowflakeSQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(390144);
                    assertThat(e.getMessage()).contains("JWT token is invalid.");
                });
    }

    @Test
    void shouldRefuseWrongPasswordWith390100() {
        Properties p = base(emulator.adminUser());
        p.setProperty("password", "not-the-password");
        assertThatThrownBy(() -> DriverManager.getConnection(emulator.jdbcUrl(), p).close())
                .isInstanceOfSatisfying(SnowflakeSQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(390100);
                    assertThat(e.getSQLState()).isEqualTo("08001");
                    assertThat(e.getMessage()).isEqualTo("Incorrect username or password was specified.");
                });
    }

    @Test
    void shouldLogInWithoutADatabaseTheRoleCannotSee() throws SQLException {
        Properties p = base(READER);
        p.setProperty("password", READER_PASSWORD);
        p.setProperty("db", "NO_SUCH_DATABASE");
        try (Connection c = DriverManager.getConnection(emulator.jdbcUrl(), p); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CURRENT_DATABASE()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNull();
        }
    }

    @Test
    void shouldRefuseUnknownUserAsAWrongPassword() {
        Properties p = base("NOBODY");
        p.setProperty("password", "whatever");
        assertThatThrownBy(() -> DriverManager.getConnection(emulator.jdbcUrl(), p).close())
                .isInstanceOfSatisfying(SnowflakeSQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(390100));
    }

    // ---- bindings and result types ----

    @Test
    void shouldRoundTripEveryBindingTypeThroughATable() throws SQLException {
        Instant instant = Instant.parse("2024-03-05T06:07:08.123Z");
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("ALTER SESSION SET TIMEZONE = 'UTC'");
            s.execute("CREATE OR REPLACE TABLE BIND_TYPES (S VARCHAR, I INT, L BIGINT, D NUMBER(20,4), F FLOAT,"
                    + " B BOOLEAN, NTZ TIMESTAMP_NTZ, LTZ TIMESTAMP_LTZ, DT DATE, T TIME, N VARCHAR)");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO BIND_TYPES VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, "it's \"quoted\" ünïcode");
                ps.setInt(2, -42);
                ps.setLong(3, 9_007_199_254_740_993L);
                ps.setBigDecimal(4, new BigDecimal("12345.6789"));
                ps.setDouble(5, 2.5e-3);
                ps.setBoolean(6, true);
                ps.setObject(7, Timestamp.from(instant), SnowflakeType.EXTRA_TYPES_TIMESTAMP_NTZ);
                ps.setTimestamp(8, Timestamp.from(instant));
                ps.setDate(9, Date.valueOf("2024-02-29"));
                ps.setTime(10, Time.valueOf("12:34:56"));
                ps.setNull(11, Types.VARCHAR);
                assertThat(ps.executeUpdate()).isEqualTo(1);

                ps.setObject(1, "second");
                ps.setObject(2, 7);
                ps.setObject(3, 8L);
                ps.setObject(4, new BigDecimal("-0.5"));
                ps.setObject(5, 1.25d);
                ps.setObject(6, Boolean.FALSE);
                ps.setObject(7, Timestamp.from(instant), SnowflakeType.EXTRA_TYPES_TIMESTAMP_NTZ);
                ps.setObject(8, Timestamp.from(instant));
                ps.setObject(9, Date.valueOf("1969-12-31"));
                ps.setObject(10, Time.valueOf("00:00:01"));
                ps.setObject(11, null);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM BIND_TYPES ORDER BY I")) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnCount()).isEqualTo(11);
                assertThat(md.getColumnName(1)).isEqualTo("S");
                assertThat(md.getColumnType(1)).isEqualTo(Types.VARCHAR);
                assertThat(md.getColumnType(2)).isEqualTo(Types.BIGINT);
                assertThat(md.getColumnType(4)).isEqualTo(Types.DECIMAL);
                assertThat(md.getScale(4)).isEqualTo(4);
                assertThat(md.getColumnType(5)).isEqualTo(Types.DOUBLE);
                assertThat(md.getColumnType(6)).isEqualTo(Types.BOOLEAN);
                assertThat(md.getColumnType(7)).isEqualTo(Types.TIMESTAMP);
                assertThat(md.getColumnType(9)).isEqualTo(Types.DATE);
                assertThat(md.getColumnType(10)).isEqualTo(Types.TIME);

                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("S")).isEqualTo("it's \"quoted\" ünïcode");
                assertThat(rs.getObject("I")).isEqualTo(-42L);
                assertThat(rs.getInt("I")).isEqualTo(-42);
                assertThat(rs.getLong("L")).isEqualTo(9_007_199_254_740_993L);
                assertThat(rs.getBigDecimal("D")).isEqualTo(new BigDecimal("12345.6789"));
                assertThat(rs.getObject("D")).isEqualTo(new BigDecimal("12345.6789"));
                assertThat(rs.getDouble("F")).isEqualTo(2.5e-3);
                assertThat(rs.getObject("F")).isEqualTo(2.5e-3);
                assertThat(rs.getBoolean("B")).isTrue();
                assertThat(rs.getObject("B")).isEqualTo(Boolean.TRUE);
                assertThat(rs.getTimestamp("NTZ").toLocalDateTime())
                        .isEqualTo(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                assertThat(rs.getTimestamp("LTZ").toInstant()).isEqualTo(instant);
                assertThat(((Timestamp) rs.getObject("LTZ")).toInstant()).isEqualTo(instant);
                assertThat(rs.getDate("DT").toLocalDate()).hasToString("2024-02-29");
                assertThat(rs.getObject("DT")).isInstanceOf(Date.class);
                assertThat(rs.getTime("T")).hasToString("12:34:56");
                assertThat(rs.getString("N")).isNull();
                assertThat(rs.getObject("N")).isNull();
                assertThat(rs.wasNull()).isTrue();

                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("second");
                assertThat(rs.getLong(2)).isEqualTo(7);
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("-0.5");
                assertThat(rs.getBoolean(6)).isFalse();
                assertThat(rs.getDate(9).toLocalDate()).hasToString("1969-12-31");
                assertThat(rs.getTime(10)).hasToString("00:00:01");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void shouldKeepNanosecondsOfNtzBindingsAndMicrosecondsOfLtzBindings() throws SQLException {
        Instant instant = Instant.parse("2024-03-05T06:07:08.123456789Z");
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("ALTER SESSION SET TIMEZONE = 'UTC'");
            s.execute("CREATE OR REPLACE TABLE NANOS (NTZ TIMESTAMP_NTZ(9), LTZ TIMESTAMP_LTZ(9))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO NANOS VALUES (?, ?)")) {
                ps.setObject(1, Timestamp.from(instant), SnowflakeType.EXTRA_TYPES_TIMESTAMP_NTZ);
                ps.setTimestamp(2, Timestamp.from(instant));
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT NTZ, LTZ FROM NANOS")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp(1).toLocalDateTime())
                        .isEqualTo(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                // The offline Snowflake keeps TIMESTAMP_LTZ and _TZ to the microsecond (DuckDB's TIMESTAMPTZ);
                // Snowflake keeps nanoseconds (docs/offline-snowflake.md, "Where it differs").
                assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(instant.truncatedTo(ChronoUnit.MICROS));
            }
        }
    }

    @Test
    void shouldSelectLiteralsOfEveryTypeWithTheirJdbcTypes() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("ALTER SESSION SET TIMEZONE = 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT 1::NUMBER(10,0) AS N, 1.50::NUMBER(10,2) AS DEC,"
                    + " 0.25::FLOAT AS R, 'x'::VARCHAR AS T, TRUE AS B, '2001-02-03'::DATE AS D,"
                    + " '04:05:06.789'::TIME AS TM, '2001-02-03 04:05:06.789'::TIMESTAMP_NTZ AS NTZ,"
                    + " '2001-02-03 04:05:06.789 +02:00'::TIMESTAMP_TZ AS TZ,"
                    + " '2001-02-03 04:05:06.789'::TIMESTAMP_LTZ AS LTZ, NULL::VARCHAR AS NUL")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject("N")).isEqualTo(1L);
                assertThat(rs.getBigDecimal("DEC")).isEqualTo(new BigDecimal("1.50"));
                assertThat(rs.getDouble("R")).isEqualTo(0.25);
                assertThat(rs.getString("T")).isEqualTo("x");
                assertThat(rs.getBoolean("B")).isTrue();
                assertThat(rs.getDate("D").toLocalDate()).hasToString("2001-02-03");
                assertThat(rs.getTime("TM")).hasToString("04:05:06");
                assertThat(rs.getTimestamp("NTZ").toLocalDateTime())
                        .isEqualTo(LocalDateTime.parse("2001-02-03T04:05:06.789"));
                assertThat(rs.getTimestamp("TZ").toInstant()).isEqualTo(Instant.parse("2001-02-03T02:05:06.789Z"));
                assertThat(rs.getTimestamp("LTZ").toInstant()).isEqualTo(Instant.parse("2001-02-03T04:05:06.789Z"));
                assertThat(rs.getObject("NUL")).isNull();
                assertThat(rs.getMetaData().getColumnType(rs.findColumn("TZ")))
                        .isEqualTo(Types.TIMESTAMP_WITH_TIMEZONE);
            }
        }
    }

    // ---- statement kinds ----

    @Test
    void shouldReportUpdateCountsOfDdlAndDml() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("CREATE OR REPLACE TABLE COUNTS (ID INT, NAME VARCHAR)")).isZero();
            assertThat(s.executeUpdate("INSERT INTO COUNTS VALUES (1, 'a'), (2, 'b'), (3, 'c')")).isEqualTo(3);
            assertThat(s.executeUpdate("UPDATE COUNTS SET NAME = 'z' WHERE ID >= 2")).isEqualTo(2);
            assertThat(s.executeUpdate("DELETE FROM COUNTS WHERE ID = 1")).isEqualTo(1);
            assertThat(s.executeUpdate("MERGE INTO COUNTS t USING (SELECT 2 AS ID, 'm' AS NAME UNION ALL"
                    + " SELECT 9, 'n') src ON t.ID = src.ID WHEN MATCHED THEN UPDATE SET NAME = src.NAME"
                    + " WHEN NOT MATCHED THEN INSERT (ID, NAME) VALUES (src.ID, src.NAME)")).isEqualTo(2);
            try (ResultSet rs = s.executeQuery("SELECT ID, NAME FROM COUNTS ORDER BY ID")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getInt(1) + "=" + rs.getString(2));
                }
                assertThat(rows).containsExactly("2=m", "3=z", "9=n");
            }
            assertThat(s.execute("SELECT 1")).isTrue();
            assertThat(s.execute("DROP TABLE COUNTS")).isFalse();
            assertThat(s.getUpdateCount()).isZero();
        }
    }

    @Test
    void shouldRunABatchOneRowAtATime() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE BATCHED (ID INT, NAME VARCHAR)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO BATCHED (ID, NAME) VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "n" + i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM BATCHED")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void shouldPutListCopyGetAndRemoveStageFiles() throws Exception {
        Path local = Files.createDirectories(temp.resolve("put"));
        Path csv = local.resolve("rows.csv");
        Files.writeString(csv, "1,alpha\n2,beta\n3,gamma\n", StandardCharsets.UTF_8);
        Path download = Files.createDirectories(temp.resolve("get"));
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE STAGE CONFORMANCE_STAGE");
            s.execute("CREATE OR REPLACE TABLE STAGED (ID INT, NAME VARCHAR)");
            try (ResultSet rs = s.executeQuery("PUT 'file://" + csv + "' @CONFORMANCE_STAGE/in AUTO_COMPRESS=TRUE")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("source")).isEqualTo("rows.csv");
                assertThat(rs.getString("target")).isEqualTo("rows.csv.gz");
                assertThat(rs.getLong("source_size")).isEqualTo(Files.size(csv));
                assertThat(rs.getString("source_compression")).isEqualTo("NONE");
                assertThat(rs.getString("target_compression")).isEqualTo("GZIP");
                assertThat(rs.getString("status")).isEqualTo("UPLOADED");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("PUT 'file://" + csv + "' @CONFORMANCE_STAGE/in")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("status")).isEqualTo("SKIPPED");
            }
            try (ResultSet rs = s.executeQuery("LIST @CONFORMANCE_STAGE")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("name")).endsWith("in/rows.csv.gz");
                assertThat(rs.getLong("size")).isPositive();
                assertThat(rs.next()).isFalse();
            }
            assertThat(s.executeUpdate("COPY INTO STAGED FROM @CONFORMANCE_STAGE/in"
                    + " FILE_FORMAT = (TYPE = CSV)")).isEqualTo(3);
            try (ResultSet rs = s.executeQuery("SELECT NAME FROM STAGED ORDER BY ID")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                assertThat(names).containsExactly("alpha", "beta", "gamma");
            }
            try (ResultSet rs = s.executeQuery("GET @CONFORMANCE_STAGE/in 'file://" + download + "/'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("file")).endsWith("rows.csv.gz");
                assertThat(rs.getString("status")).isEqualTo("DOWNLOADED");
            }
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(download.resolve("rows.csv.gz")))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("1,alpha\n2,beta\n3,gamma\n");
            }
            try (ResultSet rs = s.executeQuery("REMOVE @CONFORMANCE_STAGE/in")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("name")).endsWith("in/rows.csv.gz");
                assertThat(rs.getString("result")).isEqualTo("removed");
            }
            try (ResultSet rs = s.executeQuery("LIST @CONFORMANCE_STAGE")) {
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void shouldShowGrantsWithSnowflakesColumns() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GRANTS TO ROLE READER")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnName(i));
            }
            assertThat(columns).contains("created_on", "privilege", "granted_on", "name", "granted_to",
                    "grantee_name", "grant_option", "granted_by");
        }
    }

    // ---- refusals ----

    @Test
    void shouldRefuseAMissingTableAsSnowflakeDoes() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM NO_SUCH_TABLE"))
                    .isInstanceOfSatisfying(SnowflakeSQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(2003);
                        assertThat(e.getSQLState()).isEqualTo("42S02");
                        assertThat(e.getMessage()).isEqualTo(
                                "SQL compilation error:\nObject 'NO_SUCH_TABLE' does not exist or not authorized.");
                        assertThat(e.getQueryId()).isNotBlank();
                    });
        }
    }

    @Test
    void shouldRefuseAnInvalidIdentifierAsSnowflakeDoes() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE IDENTS (ID INT)");
            assertThatThrownBy(() -> s.executeQuery("SELECT NOPE FROM IDENTS"))
                    .isInstanceOfSatisfying(SnowflakeSQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(904);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                        assertThat(e.getMessage()).isEqualTo(
                                "SQL compilation error: error line 1 at position 7\ninvalid identifier 'NOPE'");
                    });
        }
    }

    @Test
    void shouldRefuseASyntaxErrorAsSnowflakeDoes() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
                    .isInstanceOfSatisfying(SnowflakeSQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1003);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                        assertThat(e.getMessage()).startsWith("SQL compilation error:\nsyntax error line 1 at position 0");
                    });
        }
    }

    @Test
    void shouldRefuseCreateSchemaIfNotExistsToARoleWithoutThePrivilege() throws SQLException {
        Properties p = base(READER);
        p.setProperty("password", READER_PASSWORD);
        p.setProperty("role", "READER");
        try (Connection c = DriverManager.getConnection(emulator.jdbcUrl(), p); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE SCHEMA IF NOT EXISTS " + emulator.database() + ".PUBLIC"))
                    .isInstanceOfSatisfying(SnowflakeSQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(3001);
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).isEqualTo("SQL access control error:\nInsufficient privileges"
                                + " to operate on database '" + emulator.database() + "'");
                    });
        }
    }

    // ---- session lifecycle ----

    @Test
    void shouldRenewAnExpiredSessionTokenAndCarryOn() throws Exception {
        try (SnowflakeEmulator shortLived = SnowflakeEmulator.start(SnowflakeEmulatorConfig.builder()
                .sessionTokenValidity(Duration.ofSeconds(1)).build())) {
            Properties p = base(shortLived.adminUser());
            p.setProperty("password", shortLived.adminPassword());
            p.setProperty("db", shortLived.database());
            try (Connection c = DriverManager.getConnection(shortLived.jdbcUrl(), p);
                    Statement s = c.createStatement()) {
                String session = c.unwrap(SnowflakeConnection.class).getSessionID();
                assertThat(selectOne(s)).isEqualTo(1);
                awaitTrue(() -> shortLived.sessions().sessionTokenExpired(session), Duration.ofSeconds(10));
                assertThat(shortLived.sessions().renewals()).isZero();
                assertThat(selectOne(s)).isEqualTo(1);
                assertThat(shortLived.sessions().renewals()).isEqualTo(1);
                assertThat(shortLived.sessions().openSessionIds()).containsExactly(session);
            }
        }
    }

    @Test
    void shouldAnswerTheHeartbeat() throws SQLException {
        try (Connection c = admin()) {
            String session = c.unwrap(SnowflakeConnection.class).getSessionID();
            assertThat(c.isValid(5)).isTrue();
            assertThat(emulator.sessions().heartbeats(session)).isEqualTo(1);
        }
    }

    @Test
    void shouldEndTheSessionWhenTheConnectionCloses() throws SQLException {
        String session;
        long closedBefore = emulator.sessions().closedSessions();
        try (Connection c = admin()) {
            session = c.unwrap(SnowflakeConnection.class).getSessionID();
            assertThat(emulator.sessions().openSessionIds()).contains(session);
        }
        assertThat(emulator.sessions().openSessionIds()).doesNotContain(session);
        assertThat(emulator.sessions().closedSessions()).isGreaterThan(closedBefore);
    }

    // ---- the emulator's own surface ----

    @Test
    void shouldServeTheQueryHistoryAndRefuseUnknownPaths() throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT 'history marker'").close();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> history = http.send(HttpRequest.newBuilder(
                URI.create(emulator.baseUrl() + "/_emulator/queries")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.body()).startsWith("[").contains("history marker").contains("\"queryType\":\"SELECT\"");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                URI.create(emulator.baseUrl() + "/no/such/path")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"success\":false").contains("does not serve GET /no/such/path");
    }

    @Test
    void shouldServeTheSessionsQueryHistoryThroughTheDriverWithSnowflakesTypes() throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT 'bill marker'").close();
            try (ResultSet rs = s.executeQuery("SELECT QUERY_TEXT, QUERY_TYPE, SESSION_ID, START_TIME, END_TIME,"
                    + " TOTAL_ELAPSED_TIME, EXECUTION_STATUS, ROWS_PRODUCED FROM TABLE(INFORMATION_SCHEMA"
                    + ".QUERY_HISTORY_BY_SESSION(RESULT_LIMIT => 10)) WHERE QUERY_TEXT = 'SELECT ''bill marker'''")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("SELECT");
                assertThat(rs.getLong(3)).isEqualTo(Long.parseLong(c.unwrap(SnowflakeConnection.class)
                        .getSessionID()));
                assertThat(rs.getTimestamp(5).toInstant()).isAfterOrEqualTo(rs.getTimestamp(4).toInstant());
                assertThat(rs.getLong(6)).isNotNegative();
                assertThat(rs.getString(7)).isEqualTo("SUCCESS");
                assertThat(rs.getLong(8)).isEqualTo(1);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void shouldRefuseANonLoopbackBindAddress() {
        assertThatThrownBy(() -> SnowflakeEmulator.start(SnowflakeEmulatorConfig.builder().host("0.0.0.0").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    // ---- helpers ----

    private static Properties base(String user) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("db", emulator == null ? "SFSYNC" : emulator.database());
        p.setProperty("schema", "PUBLIC");
        p.setProperty("ssl", "off");
        p.setProperty("disablePlatformDetection", "true");
        p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        p.setProperty("loginTimeout", "20");
        return p;
    }

    private static Connection admin() throws SQLException {
        Properties p = base(emulator.adminUser());
        p.setProperty("password", emulator.adminPassword());
        return DriverManager.getConnection(emulator.jdbcUrl(), p);
    }

    private static int selectOne(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static Path writePkcs8(Path file, KeyPair pair) throws java.io.IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }
}
