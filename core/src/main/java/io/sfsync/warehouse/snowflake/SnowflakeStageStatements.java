package io.sfsync.warehouse.snowflake;

import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.WarehouseDialect;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The SQL of sfsync on Snowflake's stages: uploading files ({@code PUT}), copying them into a staging table
 * ({@code COPY INTO}, every file named), listing and removing them, and the names of stages and their run folders.
 * Identifiers are quoted by the {@link SnowflakeDialect} they belong to ({@link SnowflakeDialect#stages()}); folder
 * and file names are checked to be the ones {@link StageFiles} makes, so nothing else reaches a statement.
 */
public final class SnowflakeStageStatements {
    /** Folder of the user stage ({@code @~}) where merge-path batches pass through. */
    public static final String USER_STAGE_FOLDER = "sfsync";
    /** The most files one {@code COPY INTO} may name. */
    public static final int MAX_FILES_PER_COPY = 1000;

    /**
     * The CSV of {@link io.sfsync.load.CsvBatch} exactly: one header row, comma-separated, every field enclosed in
     * double quotes (a quote inside doubled), UTF-8, gzip (PUT compresses), no escape character, nothing trimmed or
     * replaced, no string that means NULL ({@code NULL_IF = ()}: the empty field is handled in the COPY's SELECT).
     * Records end with LF or CRLF (Snowflake's default record delimiter accepts both).
     */
    static final String FILE_FORMAT = "FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP FIELD_DELIMITER = ','"
            + " SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '\"' ESCAPE = NONE ESCAPE_UNENCLOSED_FIELD = NONE"
            + " EMPTY_FIELD_AS_NULL = TRUE NULL_IF = () ENCODING = 'UTF8' TRIM_SPACE = FALSE"
            + " REPLACE_INVALID_CHARACTERS = FALSE)";

    /** A named internal stage: optional database and schema, and its name, each an identifier. */
    public record StageRef(String database, String schema, String name) {
    }

    private final SnowflakeDialect dialect;

    SnowflakeStageStatements(SnowflakeDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Appends the named files of one stage folder to the staging table. {@code fileColumns} are the files' columns in
     * file order (every file of one COPY has the same header); each empty field becomes NULL; the batch is the
     * 6-digit sequence at the end of the file name ({@code Account_r1_000003.csv.gz} is batch 3), the row its line in
     * the file. At most {@value #MAX_FILES_PER_COPY} files.
     *
     * @param location a folder of a stage, from {@link #stageLocation} or {@link #userStageLocation}
     * @param files file names inside {@code location}, as staged (with {@code .gz})
     */
    public String copyIntoStaging(TableRef staging, List<String> fileColumns, String location, List<String> files) {
        if (files.isEmpty() || files.size() > MAX_FILES_PER_COPY) {
            throw new IllegalArgumentException("a COPY names 1 to " + MAX_FILES_PER_COPY + " files, not "
                    + files.size());
        }
        StringJoiner select = new StringJoiner(", ");
        for (int i = 1; i <= fileColumns.size(); i++) {
            select.add("NULLIF($" + i + ", '')");
        }
        select.add("TO_NUMBER(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '_', -1), '.', 1))");
        select.add("METADATA$FILE_ROW_NUMBER");
        return "COPY INTO " + dialect.table(staging) + " (" + join(fileColumns, dialect::quote) + ", "
                + dialect.quote(WarehouseDialect.BATCH_COLUMN) + ", " + dialect.quote(SnowflakeDialect.ROW_COLUMN)
                + ") FROM (SELECT " + select + " FROM " + location + ") FILES = ("
                + join(files, SnowflakeStageStatements::fileLiteral) + ") " + FILE_FORMAT
                + " ON_ERROR = ABORT_STATEMENT";
    }

    /**
     * Uploads one local file into a stage folder, gzip-compressed ({@code <name>.gz}), replacing a file of the same
     * name (a batch retried after a failed upload). One row per file; its {@code status} is {@code UPLOADED}.
     *
     * @param localFile an absolute path whose file name is the staged name without {@code .gz}
     * @param location a folder of a stage, from {@link #stageLocation} or {@link #userStageLocation}
     */
    public String put(Path localFile, String location) {
        String path = localFile.toAbsolutePath().normalize().toString().replace('\\', '/');
        if (path.indexOf('\'') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            throw new WarehouseException(WarehouseError.INVALID_CONFIGURATION, "the temporary folder " + path
                    + " cannot be named in a PUT command (it contains a quote or line break): set java.io.tmpdir"
                    + " to a plain path");
        }
        String url = path.startsWith("/") ? "file://" + path : "file:///" + path;
        return "PUT '" + url + "' " + location + " AUTO_COMPRESS = TRUE SOURCE_COMPRESSION = NONE OVERWRITE = TRUE";
    }

    /** Removes every file under a stage folder (or one file, when {@code location} names one). */
    public String remove(String location) {
        return "REMOVE " + location;
    }

    /** Lists the files under a stage folder: name, size, md5, last_modified. */
    public String list(String location) {
        return "LIST " + location;
    }

    /**
     * The stage of a configured name ({@code @SALESFORCE_STAGE}, {@code @RAW.SALESFORCE_STAGE} or
     * {@code @DB.RAW.SALESFORCE_STAGE}); an unqualified stage lives in the session's schema
     * ({@code sfsync.warehouse.snowflake.schema}).
     */
    public StageRef stage(String stageName) {
        String[] parts = StageFiles.stageName(stageName).split("\\.");
        switch (parts.length) {
            case 1:
                return new StageRef(null, null, parts[0]);
            case 2:
                return new StageRef(null, parts[0], parts[1]);
            case 3:
                return new StageRef(parts[0], parts[1], parts[2]);
            default:
                throw new WarehouseException(WarehouseError.INVALID_IDENTIFIER, "stage name " + stageName
                        + " has more than three parts: use @STAGE, @SCHEMA.STAGE or @DATABASE.SCHEMA.STAGE");
        }
    }

    /** The stage's quoted name: {@code "RAW"."SALESFORCE_STAGE"}. */
    public String stageName(StageRef stage) {
        StringBuilder b = new StringBuilder();
        if (stage.database() != null) {
            b.append(dialect.quote(stage.database())).append('.');
        }
        if (stage.schema() != null) {
            b.append(dialect.quote(stage.schema())).append('.');
        }
        return b.append(dialect.quote(stage.name())).toString();
    }

    /** A folder of a named stage, {@code @"RAW"."SALESFORCE_STAGE"/Account/r1/}; {@code folder} from StageFiles. */
    public String stageLocation(StageRef stage, String folder) {
        return "@" + stageName(stage) + "/" + requireFolder(folder) + "/";
    }

    /** A folder of the user stage, {@code @~/sfsync/Account/r1/}; {@code folder} from StageFiles. */
    public String userStageLocation(String folder) {
        return "@~/" + USER_STAGE_FOLDER + "/" + requireFolder(folder) + "/";
    }

    /** Creates the named internal stage when it is missing. */
    public String createStage(StageRef stage) {
        return "CREATE STAGE IF NOT EXISTS " + stageName(stage);
    }

    /**
     * One row, one column: 1 when the stage exists. Parameters: the stage's schema (NULL for the session's schema),
     * its name. A stage qualified with a database is looked up in that database's INFORMATION_SCHEMA.
     */
    public String stageExists(StageRef stage) {
        String view = (stage.database() == null ? "" : dialect.quote(stage.database()) + ".")
                + "INFORMATION_SCHEMA.STAGES";
        return "SELECT COUNT(*) FROM " + view + " WHERE STAGE_SCHEMA = COALESCE(?, CURRENT_SCHEMA())"
                + " AND STAGE_NAME = ?";
    }

    private static String requireFolder(String folder) {
        for (String part : folder.split("/", -1)) {
            if (!part.matches("[A-Za-z0-9_-]{1,255}")) {
                throw new WarehouseException(WarehouseError.INVALID_SPEC, "stage folder '" + folder + "' is not"
                        + " <sobject>/<runId>: build it with StageFiles.runFolder");
            }
        }
        return folder;
    }

    /** A staged file name as a string literal; names come from StageFiles, so they hold no quote. */
    private static String fileLiteral(String name) {
        if (!name.matches("[A-Za-z0-9_.-]{1,255}")) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "stage file name '" + name + "' is not one"
                    + " StageFiles makes");
        }
        return "'" + name + "'";
    }

    private static <T> String join(List<T> items, Function<T, String> render) {
        StringJoiner j = new StringJoiner(", ");
        for (T item : items) {
            j.add(render.apply(item));
        }
        return j.toString();
    }
}
