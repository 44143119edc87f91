package io.sfsync.snowflakeemulator.engine;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account's metadata: databases, schemas, tables (their Snowflake names, kinds, owners, comments and typed
 * columns; the rows live in DuckDB tables named by id), stages, users, roles, grants and COPY load metadata.
 * Guarded by the engine's lock; saved to disk after each change.
 */
final class Catalog implements Serializable {
    private static final long serialVersionUID = 1L;

    long nextId = 1;
    final Map<String, Database> databases = new LinkedHashMap<>();
    final Map<String, Role> roles = new LinkedHashMap<>();
    final Map<String, User> users = new LinkedHashMap<>();
    final List<Grant> grants = new ArrayList<>();
    /** Per table id: the files loaded into it (stage-relative key -> when). */
    final Map<Long, Map<String, Instant>> loads = new LinkedHashMap<>();

    long newId() {
        return nextId++;
    }

    /** A database. */
    static final class Database implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        String name;
        String owner;
        String comment;
        final Instant created = Instant.now();
        final Map<String, Schema> schemas = new LinkedHashMap<>();

        Database(long id, String name, String owner) {
            this.id = id;
            this.name = name;
            this.owner = owner;
        }
    }

    /** A schema of a database. */
    static final class Schema implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        String name;
        String owner;
        String comment;
        final Database database;
        final Instant created = Instant.now();
        final Map<String, Table> tables = new LinkedHashMap<>();
        final Map<String, Stage> stages = new LinkedHashMap<>();

        Schema(long id, Database database, String name, String owner) {
            this.id = id;
            this.database = database;
            this.name = name;
            this.owner = owner;
        }

        String qualified() {
            return database.name + "." + name;
        }

        /** DuckDB schema of its tables. */
        String duckSchema() {
            return "\"s" + id + "\"";
        }
    }

    /** A table; its rows are in the DuckDB table {@code "t<id>"} (temporary tables in DuckDB's temp catalog). */
    static final class Table implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        String name;
        String owner;
        String comment;
        final String kind;
        Schema schema;
        final Instant created = Instant.now();
        final List<Col> columns = new ArrayList<>();

        Table(long id, Schema schema, String name, String kind, String owner) {
            this.id = id;
            this.schema = schema;
            this.name = name;
            this.kind = kind;
            this.owner = owner;
        }

        boolean temporary() {
            return kind.equals("TEMPORARY");
        }

        String duckName() {
            return temporary() ? "temp.main.\"t" + id + "\"" : "main.\"t" + id + "\"";
        }

        String qualified() {
            return schema.database.name + "." + schema.name + "." + name;
        }

        Col column(String name) {
            for (Col c : columns) {
                if (c.name.equals(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** A column with its Snowflake type. */
    static final class Col implements Serializable {
        private static final long serialVersionUID = 1L;
        String name;
        SfType type;
        boolean nullable = true;
        String comment;

        Col(String name, SfType type) {
            this.name = name;
            this.type = type;
        }
    }

    /** A named internal stage; its files are in the folder {@code stages/<id>}. */
    static final class Stage implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        String name;
        String owner;
        String comment;
        final Schema schema;
        final Instant created = Instant.now();

        Stage(long id, Schema schema, String name, String owner) {
            this.id = id;
            this.schema = schema;
            this.name = name;
            this.owner = owner;
        }

        String qualified() {
            return schema.database.name + "." + schema.name + "." + name;
        }
    }

    /** A role. */
    static final class Role implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        final String name;
        String owner;
        String comment;
        final Instant created = Instant.now();

        Role(long id, String name, String owner) {
            this.id = id;
            this.name = name;
            this.owner = owner;
        }
    }

    /** A user. */
    static final class User implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        final String name;
        String loginName;
        String password;
        String rsaPublicKey;
        String rsaPublicKey2;
        String defaultRole;
        String defaultWarehouse;
        String defaultNamespace;
        boolean disabled;

        User(long id, String name) {
            this.id = id;
            this.name = name;
            this.loginName = name;
        }
    }

    /**
     * A privilege granted on an object (by id: it follows the object through RENAME and SWAP) to a role or user;
     * a role granted to a role or user is {@code USAGE} on {@code ROLE}.
     */
    record Grant(String privilege, String objectType, long objectId, String granteeType, String grantee,
            boolean grantOption, String grantedBy, Instant created) implements Serializable {
    }
}
