package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles, users, grants and their enforcement on schemas, tables and stages. */
class AccessControlTest extends EngineTestSupport {

    private EngineSession loader;

    @BeforeEach
    void createLoaderRole() throws SnowflakeError {
        run("CREATE ROLE LOADER");
        run("CREATE USER LOADER_USER PASSWORD = 'pw' DEFAULT_ROLE = LOADER");
        run("GRANT ROLE LOADER TO USER LOADER_USER");
        run("GRANT USAGE ON DATABASE SFDB TO ROLE LOADER");
        run("CREATE SCHEMA RAW");
        run("GRANT USAGE ON SCHEMA RAW TO ROLE LOADER");
        run("GRANT CREATE TABLE ON SCHEMA RAW TO ROLE LOADER");
        run("CREATE TABLE RAW.ADMIN_T (A VARCHAR)");
        run("INSERT INTO RAW.ADMIN_T VALUES ('secret')");
        assertThat(engine.authenticatePassword("loader_user", "pw")).isEqualTo("LOADER_USER");
        loader = engine.openSession("LOADER_USER", null, "SFDB", "RAW", null);
        assertThat(loader.role()).isEqualTo("LOADER");
    }

    @Test
    void createSchemaNeedsThePrivilegeEvenWhenTheSchemaExists() throws SnowflakeError {
        String denied = "SQL access control error:\nInsufficient privileges to operate on database 'SFDB'";
        assertError(loader, "CREATE SCHEMA IF NOT EXISTS RAW", "003001", "42501", denied);
        assertError(loader, "CREATE SCHEMA NEW_ONE", "003001", "42501", denied);
        run("GRANT CREATE SCHEMA ON DATABASE SFDB TO ROLE LOADER");
        assertThat(run(loader, "CREATE SCHEMA IF NOT EXISTS RAW").rows().get(0)[0])
                .isEqualTo("RAW already exists, statement succeeded.");
    }

    @Test
    void tablesNeedPrivilegesAndOwnership() throws SnowflakeError {
        assertError(loader, "SELECT * FROM RAW.ADMIN_T", "002003", "42S02",
                "SQL compilation error:\nObject 'RAW.ADMIN_T' does not exist or not authorized.");
        run("GRANT SELECT ON TABLE RAW.ADMIN_T TO ROLE LOADER");
        assertThat(rows(loader, "SELECT A FROM RAW.ADMIN_T")).containsExactly(List.of("secret"));
        String denied = "SQL access control error:\nInsufficient privileges to operate on table 'ADMIN_T'";
        assertError(loader, "INSERT INTO RAW.ADMIN_T VALUES ('x')", "003001", "42501", denied);
        assertError(loader, "DELETE FROM RAW.ADMIN_T", "003001", "42501", denied);
        assertError(loader, "ALTER TABLE RAW.ADMIN_T RENAME TO RAW.MINE", "003001", "42501", denied);
        assertError(loader, "DROP TABLE RAW.ADMIN_T", "003001", "42501", denied);
        run(loader, "CREATE TABLE RAW.OWN (A VARCHAR)");
        run(loader, "INSERT INTO RAW.OWN VALUES ('mine')");
        assertError(loader, "ALTER TABLE RAW.OWN SWAP WITH RAW.ADMIN_T", "003001", "42501", denied);
        assertThat(rows(loader, "SHOW GRANTS ON TABLE RAW.OWN")).containsExactly(List.of(
                rows(loader, "SHOW GRANTS ON TABLE RAW.OWN").get(0).get(0), "OWNERSHIP", "TABLE", "SFDB.RAW.OWN",
                "ROLE", "LOADER", "true", "LOADER"));
        assertThat(rows(loader, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES ORDER BY 1"))
                .containsExactly(List.of("ADMIN_T"), List.of("OWN"));
        run("REVOKE SELECT ON TABLE RAW.ADMIN_T FROM ROLE LOADER");
        assertThat(rows(loader, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES")).containsExactly(List.of("OWN"));
        run("GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA RAW TO ROLE LOADER");
        assertThat(run(loader, "INSERT INTO RAW.ADMIN_T VALUES ('x')").rows().get(0)).containsExactly(1L);
    }

    @Test
    void stagesNeedCreateStageAndReadWrite() throws SnowflakeError {
        assertError(loader, "CREATE STAGE IF NOT EXISTS RAW.STG", "003001", "42501",
                "SQL access control error:\nInsufficient privileges to operate on schema 'RAW'");
        run("CREATE STAGE RAW.STG");
        assertError(loader, "LIST @RAW.STG", "002003", "02000",
                "SQL compilation error:\nStage 'RAW.STG' does not exist or not authorized.");
        run("GRANT READ ON STAGE RAW.STG TO ROLE LOADER");
        assertThat(rows(loader, "LIST @RAW.STG")).isEmpty();
        assertThat(error(loader, "REMOVE @RAW.STG").errorCode()).isEqualTo("003001");
        run("GRANT WRITE ON STAGE RAW.STG TO ROLE LOADER");
        assertThat(rows(loader, "REMOVE @RAW.STG")).isEmpty();
        assertThat(rows(loader, "LIST @~")).isEmpty();
    }

    @Test
    void aStageTheRoleMayNotSeeIsNeitherListedNorUsable() throws SnowflakeError {
        run("GRANT CREATE STAGE ON SCHEMA RAW TO ROLE LOADER");
        run("CREATE STAGE \"RAW\".\"BLOCKED\"");
        String exists = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.STAGES WHERE STAGE_SCHEMA = COALESCE(?, CURRENT_SCHEMA())"
                + " AND STAGE_NAME = ?";
        assertThat(rows(loader, exists, null, "BLOCKED")).containsExactly(List.of(0L));
        assertThat(run(loader, "CREATE STAGE IF NOT EXISTS \"BLOCKED\"").rows().get(0)[0])
                .isEqualTo("BLOCKED already exists, statement succeeded.");
        assertThat(rows(loader, exists, null, "BLOCKED")).containsExactly(List.of(0L));
        assertThat(error(loader, "PUT 'file:///tmp/x.csv' @\"BLOCKED\"/a/").errorCode()).isEqualTo("002003");
    }

    @Test
    void rolesHierarchyUseRoleAndGrantsListing() throws SnowflakeError {
        run("CREATE ROLE PARENT");
        run("GRANT ROLE LOADER TO ROLE PARENT");
        run("GRANT ROLE PARENT TO USER LOADER_USER");
        run(loader, "USE ROLE PARENT");
        assertThat(loader.role()).isEqualTo("PARENT");
        run(loader, "CREATE TABLE RAW.BY_PARENT (A NUMBER)");
        assertThat(rows("SHOW GRANTS TO ROLE PARENT")).anySatisfy(r -> assertThat(r.subList(1, 6))
                .containsExactly("USAGE", "ROLE", "LOADER", "ROLE", "PARENT"));
        assertThat(rows("SHOW GRANTS TO ROLE LOADER")).anySatisfy(r -> assertThat(r.subList(1, 4))
                .containsExactly("USAGE", "DATABASE", "SFDB"));
        assertThat(error(loader, "USE ROLE ACCOUNTADMIN").errorCode()).isEqualTo("003013");
        assertThatThrownBy(() -> engine.openSession("LOADER_USER", "ACCOUNTADMIN", null, null, null))
                .isInstanceOf(SnowflakeError.class);
        assertThat(error(loader, "CREATE ROLE NOPE").errorCode()).isEqualTo("003001");
        assertError("GRANT FLY ON TABLE RAW.ADMIN_T TO ROLE LOADER", "003011", "42601",
                "SQL compilation error:\nInvalid privilege FLY.");
        run("GRANT MANAGE GRANTS, CREATE ROLE ON ACCOUNT TO ROLE PARENT");
        run(loader, "CREATE ROLE MADE_BY_PARENT");
    }

    @Test
    void rsaPublicKeysAreRegistered() throws SnowflakeError {
        byte[] der = {0x30, 0x01, 0x02};
        String b64 = Base64.getEncoder().encodeToString(der);
        assertThat(engine.publicKeys("LOADER_USER")).isEmpty();
        run("ALTER USER LOADER_USER SET RSA_PUBLIC_KEY = '" + b64 + "'");
        assertThat(engine.publicKeys("loader_user")).containsExactly(der);
        run("CREATE USER SVC RSA_PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----'"
                + " DEFAULT_ROLE = LOADER");
        assertThat(engine.publicKeys("SVC")).containsExactly(der);
        assertThatThrownBy(() -> engine.authenticatePassword("SVC", "")).isInstanceOf(SnowflakeError.class);
    }
}
