package io.sfsync.snowflakeemulator.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Stages on this machine ({@code LOCAL_FS}): named internal stages, the user stage {@code @~} and table stages
 * {@code @%T}, each a folder under the data directory; PUT and GET (the driver moves the files), LIST, REMOVE, and
 * COPY INTO a table from staged CSV with Snowflake's load metadata.
 */
final class Stages {

    /** The most file names one COPY may list in FILES. */
    static final int MAX_FILES = 1000;

    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.RFC_1123_DATE_TIME
            .withZone(ZoneOffset.UTC);

    private Stages() {
    }

    /** A resolved location: the stage's folder, the path inside it, and how LIST names its files. */
    record Location(Path folder, String path, String listPrefix, Catalog.Stage stage, Catalog.Table table,
            String key) {
    }

    static Path folder(EngineSession s, Catalog.Stage st) {
        return s.engine().dataDirectory().resolve("stages").resolve("named").resolve(String.valueOf(st.id));
    }

    static QueryResult run(EngineSession s, String queryId, List<Token> t) throws SnowflakeError, SQLException {
        Parser p = new Parser(t, 0);
        Token first = p.next();
        String w = first.text().toUpperCase(Locale.ROOT);
        return switch (w) {
            case "PUT" -> put(s, queryId, p);
            case "GET" -> get(s, queryId, p);
            case "LIST", "LS" -> list(s, queryId, p);
            case "REMOVE", "RM" -> remove(s, queryId, p);
            default -> Copy.run(s, queryId, t);
        };
    }

    static Catalog.Stage findStage(EngineSession s, List<String> name, Token at) throws SnowflakeError {
        Catalog.Schema sc;
        try {
            sc = s.schemaOf(name, at);
        } catch (SnowflakeError e) {
            if (e.errorCode().equals("002003")) {
                return null;
            }
            throw e;
        }
        Catalog.Stage st = sc.stages.get(name.get(name.size() - 1));
        if (st == null || !Access.sees(s.engine().catalog(), s.roles(), st)) {
            return null;
        }
        return st;
    }

    /** Resolves {@code @name/path}, {@code @~/path} or {@code @%table/path}; checks READ or WRITE. */
    static Location location(EngineSession s, Token t, boolean write) throws SnowflakeError {
        if (t.type() != Token.Type.STAGE) {
            throw Errors.syntax(t);
        }
        String v = t.value();
        synchronized (s.engine().lock()) {
            if (v.startsWith("~")) {
                String path = v.length() > 1 && v.charAt(1) == '/' ? v.substring(2) : v.substring(1);
                if (v.length() > 1 && v.charAt(1) != '/') {
                    throw Errors.syntax(t);
                }
                Path folder = s.engine().dataDirectory().resolve("stages").resolve("user").resolve(
                        Names.encode(s.user()).replace('/', '_'));
                return new Location(folder, path, "", null, null, "~" + s.user());
            }
            boolean tableStage = v.startsWith("%");
            List<String> parts = new ArrayList<>();
            int i = tableStage ? 1 : 0;
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (i < v.length()) {
                char c = v.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < v.length() && v.charAt(i + 1) == '"') {
                            cur.append('"');
                            i += 2;
                            continue;
                        }
                        quoted = false;
                    } else {
                        cur.append(c);
                    }
                    i++;
                    continue;
                }
                if (c == '"') {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == '.' || c == '/') {
                    parts.add(wasQuoted ? cur.toString() : Names.fold(cur.toString()));
                    cur.setLength(0);
                    wasQuoted = false;
                    if (c == '/') {
                        break;
                    }
                } else {
                    cur.append(c);
                }
                i++;
            }
            if (i >= v.length() && cur.length() > 0) {
                parts.add(wasQuoted ? cur.toString() : Names.fold(cur.toString()));
            }
            String path = i < v.length() ? v.substring(i + 1) : "";
            if (parts.isEmpty() || parts.size() > 3 || parts.stream().anyMatch(String::isEmpty)) {
                throw Errors.syntax(t);
            }
            Catalog c = s.engine().catalog();
            if (tableStage) {
                Catalog.Table table = s.resolveTable(parts, t);
                if (!table.temporary() && !Access.has(c, s.roles(), "TABLE", table.id, table.owner)) {
                    throw Errors.insufficientPrivileges("table", table.name);
                }
                Path folder = s.engine().dataDirectory().resolve("stages").resolve("table").resolve(
                        String.valueOf(table.id));
                return new Location(folder, path, "", null, table, "%" + table.id);
            }
            Catalog.Stage st = findStage(s, parts, t);
            if (st == null) {
                throw Errors.stageDoesNotExist(EngineSession.display(parts));
            }
            if (!Access.has(c, s.roles(), "STAGE", st.id, st.owner, write ? "WRITE" : "READ", write ? "WRITE"
                    : "WRITE")) {
                throw Errors.insufficientPrivileges("stage", Names.display(st.name));
            }
            return new Location(folder(s, st), path, st.name.toLowerCase(Locale.ROOT) + "/", st, null,
                    "@" + st.id);
        }
    }

    /** Files under the location's folder whose stage path starts with the location's path, sorted. */
    static List<String> files(Location loc) throws SnowflakeError {
        if (!Files.isDirectory(loc.folder())) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(loc.folder())) {
            return walk.filter(Files::isRegularFile).map(f -> loc.folder().relativize(f).toString()
                    .replace('\\', '/')).filter(r -> r.startsWith(loc.path())).sorted().toList();
        } catch (IOException e) {
            throw new SnowflakeError("000603", "XX000", "cannot read the stage folder " + loc.folder() + ": " + e);
        }
    }

    private static Map<String, String> options(Parser p) throws SnowflakeError {
        Map<String, String> o = new LinkedHashMap<>();
        while (!p.atEnd()) {
            Token k = p.next();
            if (k.type() != Token.Type.WORD) {
                throw Errors.syntax(k);
            }
            p.expectOp("=");
            o.put(k.text().toUpperCase(Locale.ROOT), p.value());
        }
        return o;
    }

    private static boolean bool(Map<String, String> o, String k, boolean dflt) {
        String v = o.remove(k);
        return v == null ? dflt : Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
    }

    private static void noMore(Map<String, String> o, Token at, String what) throws SnowflakeError {
        if (!o.isEmpty()) {
            throw Errors.unsupported(at, what + " option " + o.keySet().iterator().next());
        }
    }

    private static QueryResult put(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        String url = p.string();
        Token locToken = p.next();
        Location loc = location(s, locToken, true);
        Map<String, String> o = options(p);
        boolean autoCompress = bool(o, "AUTO_COMPRESS", true);
        boolean overwrite = bool(o, "OVERWRITE", false);
        String sourceCompression = o.containsKey("SOURCE_COMPRESSION") ? o.remove("SOURCE_COMPRESSION")
                .toUpperCase(Locale.ROOT) : "AUTO_DETECT";
        int parallel = o.containsKey("PARALLEL") ? Integer.parseInt(o.remove("PARALLEL")) : 4;
        noMore(o, locToken, "PUT");
        String local = localPath(url, locToken);
        Path target = loc.folder().resolve(loc.path().isEmpty() ? "" : loc.path());
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new SnowflakeError("000603", "XX000", "cannot create the stage folder " + target + ": " + e);
        }
        countUpload(s, local);
        FileTransfer transfer = new FileTransfer("UPLOAD", List.of(local), target, null, autoCompress,
                sourceCompression, overwrite, parallel);
        return new QueryResult(queryId, EngineSession.PUT, List.of(), List.of(), transfer);
    }

    /**
     * The files and bytes a PUT uploads, for its history record: the local file, or the files its wildcard
     * ({@code *}, {@code ?}) matches in its folder, as they are before the driver compresses them. The driver moves
     * the files itself (FileTransferReply), so this is read from the client's files when the statement runs; a file
     * that cannot be read counts nothing (the driver reports it).
     */
    private static void countUpload(EngineSession s, String local) {
        try {
            Path f = Path.of(local);
            String name = f.getFileName() == null ? "" : f.getFileName().toString();
            if (name.indexOf('*') < 0 && name.indexOf('?') < 0) {
                if (Files.isRegularFile(f)) {
                    s.lastFiles = 1;
                    s.lastBytes = Files.size(f);
                }
                return;
            }
            var matcher = f.getFileSystem().getPathMatcher("glob:" + name);
            try (Stream<Path> all = Files.list(f.getParent())) {
                for (Path p : all.filter(Files::isRegularFile).filter(p -> matcher.matches(p.getFileName())).toList()) {
                    s.lastFiles++;
                    s.lastBytes += Files.size(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a missing file or folder: the driver reports it
        }
    }

    private static String localPath(String url, Token at) throws SnowflakeError {
        if (!url.regionMatches(true, 0, "file://", 0, 7)) {
            throw Errors.syntax(at);
        }
        String path = url.substring(7);
        // file:///C:/x -> C:/x on Windows; file:///tmp/x -> /tmp/x
        if (path.length() > 2 && path.charAt(0) == '/' && path.charAt(2) == ':') {
            path = path.substring(1);
        }
        return path;
    }

    private static QueryResult get(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        Token locToken = p.next();
        Location loc = location(s, locToken, false);
        String url = p.string();
        Map<String, String> o = options(p);
        int parallel = o.containsKey("PARALLEL") ? Integer.parseInt(o.remove("PARALLEL")) : 10;
        Pattern pattern = o.containsKey("PATTERN") ? Pattern.compile(o.remove("PATTERN")) : null;
        noMore(o, locToken, "GET");
        List<String> sources = new ArrayList<>();
        for (String f : files(loc)) {
            if (pattern == null || pattern.matcher(f).matches()) {
                sources.add(loc.folder().resolve(f).toString());
            }
        }
        Path local = Path.of(localPath(url, locToken));
        FileTransfer transfer = new FileTransfer("DOWNLOAD", sources, loc.folder().resolve(loc.path()), local, false,
                "NONE", false, parallel);
        return new QueryResult(queryId, EngineSession.GET, List.of(), List.of(), transfer);
    }

    private static QueryResult list(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        Token locToken = p.next();
        Location loc = location(s, locToken, false);
        Map<String, String> o = options(p);
        Pattern pattern = o.containsKey("PATTERN") ? Pattern.compile(o.remove("PATTERN")) : null;
        noMore(o, locToken, "LIST");
        List<Object[]> rows = new ArrayList<>();
        for (String f : files(loc)) {
            String name = loc.listPrefix() + f;
            if (pattern != null && !pattern.matcher(name).matches() && !pattern.matcher(f).matches()) {
                continue;
            }
            Path file = loc.folder().resolve(f);
            try {
                rows.add(new Object[] {name, Files.size(file), md5(file),
                    LAST_MODIFIED.format(Files.getLastModifiedTime(file).toInstant())});
            } catch (IOException e) {
                throw new SnowflakeError("000603", "XX000", "cannot read the staged file " + file + ": " + e);
            }
        }
        return Statements.rows(queryId, EngineSession.LIST, List.of(Statements.text("name"),
                new ColumnMeta("size", "fixed", 38, 0, 0, false), Statements.text("md5"),
                Statements.text("last_modified")), rows);
    }

    private static QueryResult remove(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        Token locToken = p.next();
        Location loc = location(s, locToken, true);
        Map<String, String> o = options(p);
        Pattern pattern = o.containsKey("PATTERN") ? Pattern.compile(o.remove("PATTERN")) : null;
        noMore(o, locToken, "REMOVE");
        List<Object[]> rows = new ArrayList<>();
        for (String f : files(loc)) {
            String name = loc.listPrefix() + f;
            if (pattern != null && !pattern.matcher(name).matches() && !pattern.matcher(f).matches()) {
                continue;
            }
            try {
                Files.deleteIfExists(loc.folder().resolve(f));
            } catch (IOException e) {
                throw new SnowflakeError("000603", "XX000", "cannot remove the staged file " + f + ": " + e);
            }
            rows.add(new Object[] {name, "removed"});
        }
        return Statements.rows(queryId, EngineSession.REMOVE, List.of(Statements.text("name"),
                Statements.text("result")), rows);
    }

    static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The load-metadata key of a staged file: its stage, path, size and modification time (Snowflake: ETag). */
    static String loadKey(Location loc, String file) throws IOException {
        Path f = loc.folder().resolve(file);
        FileTime t = Files.getLastModifiedTime(f);
        return loc.key() + "/" + file + "|" + Files.size(f) + "|" + t.toMillis();
    }

    /** Number of fields of the first record of a (possibly gzip) CSV file; 0 when it is empty. */
    static int fieldCount(Path file, boolean gzip, char delimiter, char quote) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gzip ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int fields = 1;
            boolean inQuotes = false;
            boolean any = false;
            int c;
            while ((c = r.read()) >= 0) {
                any = true;
                if (quote != 0 && c == quote) {
                    inQuotes = !inQuotes;
                } else if (!inQuotes && c == delimiter) {
                    fields++;
                } else if (!inQuotes && (c == '\n' || c == '\r')) {
                    break;
                }
            }
            return any ? fields : 0;
        }
    }
}
