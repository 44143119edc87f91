package io.sfsync.snowflakeemulator.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfsync.snowflakeemulator.engine.FileTransfer;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The answer to a PUT or GET for a {@code LOCAL_FS} stage, the form SnowflakeFileTransferAgent parses: command
 * UPLOAD/DOWNLOAD, {@code src_locations}, {@code stageInfo} (locationType LOCAL_FS, location = the stage folder),
 * autoCompress, sourceCompression, overwrite, parallel, no encryption material. The driver then copies the files
 * itself and makes its own result rows (status UPLOADED/SKIPPED/DOWNLOADED, sizes, compression).
 *
 * <p>The driver checks that the local path it gets back is the one after {@code file://} in its own statement text
 * (SnowflakeFileTransferAgent.verifyLocalFilePath), so that path is taken from the text by the same rule.
 */
final class FileTransferReply {
    private static final String FILE_PROTOCOL = "file://";
    private static final long BIG_FILE_THRESHOLD = 200L * 1024 * 1024;

    private FileTransferReply() {
    }

    static ObjectNode data(String sql, FileTransfer t, String queryId, long statementTypeId) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        boolean upload = "UPLOAD".equalsIgnoreCase(t.command());
        data.put("command", upload ? "UPLOAD" : "DOWNLOAD");
        String localFromText = localPathFromCommand(sql);
        ArrayNode src = data.putArray("src_locations");
        Path stage = t.stageDirectory().toAbsolutePath().normalize();
        if (upload) {
            if (localFromText != null && !localFromText.isEmpty()) {
                src.add(localFromText);
            } else {
                t.sourceLocations().forEach(src::add);
            }
            data.put("autoCompress", t.autoCompress());
            data.put("sourceCompression", t.sourceCompression() == null ? "auto_detect"
                    : t.sourceCompression().toLowerCase(Locale.ROOT));
        } else {
            for (String f : t.sourceLocations()) {
                src.add(relativeToStage(stage, f));
            }
            data.put("localLocation", localFromText != null && !localFromText.isEmpty() ? localFromText
                    : t.localDirectory().toString());
            data.putArray("presignedUrls");
        }
        data.put("parallel", t.parallel() > 0 ? t.parallel() : 4);
        data.put("overwrite", t.overwrite());
        data.put("threshold", BIG_FILE_THRESHOLD);
        data.put("clientShowEncryptionParameter", false);
        if (upload) {
            data.putNull("encryptionMaterial");
        } else {
            ArrayNode none = data.putArray("encryptionMaterial");
            t.sourceLocations().forEach(f -> none.addNull());
        }
        ObjectNode stageInfo = data.putObject("stageInfo");
        stageInfo.put("locationType", "LOCAL_FS");
        stageInfo.put("location", stage.toString());
        stageInfo.put("path", "");
        stageInfo.putNull("region");
        stageInfo.putNull("storageAccount");
        stageInfo.put("isClientSideEncrypted", false);
        stageInfo.putObject("creds");
        stageInfo.putNull("endPoint");
        data.put("queryId", queryId);
        data.put("statementTypeId", statementTypeId);
        data.putArray("rowtype");
        data.putArray("rowset");
        return data;
    }

    private static String relativeToStage(Path stage, String file) {
        Path p = Path.of(file);
        if (p.isAbsolute()) {
            Path n = p.normalize();
            if (n.startsWith(stage)) {
                return stage.relativize(n).toString();
            }
        }
        return file;
    }

    /** The path after {@code file://} in a PUT/GET text, read as SnowflakeFileTransferAgent.getLocalFilePathFromCommand does. */
    static String localPathFromCommand(String command) {
        int at = command.indexOf(FILE_PROTOCOL);
        if (at < 0) {
            return null;
        }
        int begin = at + FILE_PROTOCOL.length();
        boolean quoted = at > 0 && command.charAt(at - 1) == '\'';
        if (quoted) {
            int end = command.indexOf('\'', begin);
            String path = end > begin ? command.substring(begin, end) : "";
            return path.replaceAll("\\\\\\\\", "\\\\");
        }
        int end = -1;
        for (char c : new char[] {' ', '\n', ';'}) {
            int i = command.indexOf(c, begin);
            if (i != -1 && (end == -1 || i < end)) {
                end = i;
            }
        }
        if (end == -1) {
            return command.substring(begin);
        }
        return end > begin ? command.substring(begin, end) : "";
    }
}
