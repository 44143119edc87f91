package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** PUT, GET, LIST, REMOVE on named, user and table stages; COPY INTO forms, limits, failures and load metadata. */
class StagesAndCopyTest extends EngineTestSupport {

    private Path stage(String location) throws SnowflakeError {
        Path local = dir.resolve("unused.csv");
        FileTransfer t = run("PUT 'file://" + local + "' " + location).transfer();
        return t.stageDirectory();
    }

    private static void gzip(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void putGetListRemoveOnEveryKindOfStage() throws Exception {
        run("CREATE STAGE STG");
        Path folder = stage("@\"PUBLIC\".\"STG\"/a/b/");
        assertThat(folder).isEqualTo(stage("@SFDB.PUBLIC.STG/a/b/"));
        gzip(folder.resolve("one.csv.gz"), "x\n");
        gzip(folder.resolve("two.csv.gz"), "y\n");
        List<List<Object>> listed = rows("LIST @STG");
        assertThat(listed).extracting(r -> r.get(0)).containsExactly("stg/a/b/one.csv.gz", "stg/a/b/two.csv.gz");
        assertThat(listed.get(0).get(2)).asString().hasSize(32);
        assertThat(listed.get(0).get(3)).asString().endsWith(" GMT");
        assertThat(rows("LIST @STG/a/b/t")).hasSize(1);
        assertThat(rows("LIST @STG PATTERN = '.*one.*'")).hasSize(1);
        QueryResult get = run("GET @STG/a/ 'file://" + dir + "/out/'");
        assertThat(get.statementTypeId()).isEqualTo(0x7101);
        assertThat(get.transfer().command()).isEqualTo("DOWNLOAD");
        assertThat(get.transfer().sourceLocations()).hasSize(2);
        assertThat(get.transfer().localDirectory()).isEqualTo(dir.resolve("out"));
        assertThat(rows("REMOVE @STG/a/b/one.csv.gz")).containsExactly(List.of("stg/a/b/one.csv.gz", "removed"));
        assertThat(rows("LIST @STG")).hasSize(1);

        Path user = stage("@~/sfsync/x/");
        gzip(user.resolve("u.csv.gz"), "z\n");
        assertThat(rows("LIST @~/sfsync")).extracting(r -> r.get(0)).containsExactly("sfsync/x/u.csv.gz");
        run("CREATE TABLE T (A VARCHAR)");
        Path table = stage("@%T");
        gzip(table.resolve("t.csv.gz"), "a\nb\n");
        assertThat(rows("COPY INTO T FROM @%T")).extracting(r -> r.get(3)).containsExactly(2L);
        assertError("LIST @NOPE", "002003", "02000",
                "SQL compilation error:\nStage 'NOPE' does not exist or not authorized.");
        assertThat(error("PUT 'file:///tmp/x' @STG NO_SUCH_OPTION = 1").errorCode()).isEqualTo("001003");
    }

    @Test
    void copyLoadMetadataForceAndHistory() throws Exception {
        run("CREATE STAGE STG");
        run("CREATE TABLE T (ID NUMBER(10,0), NAME VARCHAR(5))");
        Path folder = stage("@STG/in/");
        gzip(folder.resolve("f1.csv.gz"), "\"ID\",\"NAME\"\n\"1\",\"a\"\n\"2\",\"\"\n");
        String copy = "COPY INTO T FROM @STG/in/ FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1"
                + " FIELD_OPTIONALLY_ENCLOSED_BY = '\"')";
        QueryResult first = run(copy);
        assertThat(first.rows()).hasSize(1);
        assertThat(Arrays.asList(first.rows().get(0))).containsExactly("stg/in/f1.csv.gz", "LOADED", 2L, 2L, 1L, 0L,
                null, null, null, null);
        assertThat(rows("SELECT ID, NAME FROM T ORDER BY ID")).containsExactly(
                Arrays.asList(new BigDecimal("1"), "a"), Arrays.asList(new BigDecimal("2"), ""));
        assertThat(rows(copy)).containsExactly(List.of("Copy executed with 0 files processed."));
        assertThat(run(copy + " FORCE = TRUE").rows()).hasSize(1);
        assertThat(rows("SELECT COUNT(*) FROM T")).containsExactly(List.of(4L));
        QueryRecord last = engine.queryHistory().get(engine.queryHistory().size() - 2);
        assertThat(last.statementType()).isEqualTo("COPY");
        assertThat(last.files()).isEqualTo(1);
        assertThat(last.rows()).isEqualTo(2);
        assertThat(last.bytes()).isEqualTo(Files.size(folder.resolve("f1.csv.gz")));
        run("TRUNCATE TABLE T");
        assertThat(run(copy).rows().get(0)[1]).isEqualTo("LOADED");
    }

    @Test
    void copyRefusals() throws Exception {
        run("CREATE STAGE STG");
        run("CREATE TABLE T (ID VARCHAR(2), V VARCHAR)");
        Path folder = stage("@STG/in/");
        gzip(folder.resolve("ok.csv.gz"), "\"a\",\"b\"\n");
        gzip(folder.resolve("long.csv.gz"), "\"abc\",\"b\"\n");
        gzip(folder.resolve("three.csv.gz"), "\"a\",\"b\",\"c\"\n");
        String format = " FILE_FORMAT = (TYPE = CSV FIELD_OPTIONALLY_ENCLOSED_BY = '\"')";
        assertError("COPY INTO T FROM @STG/in/ FILES = ('ok.csv.gz', 'long.csv.gz')" + format, "100074", "22001",
                "String 'abc' is too long and would be truncated");
        assertThat(rows("SELECT COUNT(*) FROM T")).containsExactly(List.of(0L));
        assertThat(error("COPY INTO T FROM @STG/in/ FILES = ('three.csv.gz')" + format).errorCode())
                .isEqualTo("100080");
        assertThat(error("COPY INTO T FROM @STG/in/ FILES = ('missing.csv.gz')" + format).getMessage())
                .startsWith("Remote file 'stg/in/missing.csv.gz' was not found.");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            names.add("'f" + i + ".csv.gz'");
        }
        assertThat(error("COPY INTO T FROM @STG/in/ FILES = (" + String.join(", ", names) + ")" + format)
                .getMessage()).contains("1001");
        assertThat(error("COPY INTO T FROM @STG/in/ ON_ERROR = CONTINUE").errorCode()).isEqualTo("001003");
        assertThat(error("COPY INTO T FROM @STG/in/ FILE_FORMAT = (TYPE = JSON)").errorCode()).isEqualTo("001003");
        assertThat(run("COPY INTO T (ID, V) FROM (SELECT f.$2, METADATA$FILENAME FROM @STG/in/ f) FILES = ('ok.csv.gz')"
                + format).rows()).hasSize(1);
        assertThat(rows("SELECT ID, V FROM T")).containsExactly(List.of("b", "in/ok.csv.gz"));
    }
}
