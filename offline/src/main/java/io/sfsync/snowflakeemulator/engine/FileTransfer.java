package io.sfsync.snowflakeemulator.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * What a PUT or GET asks of the driver, which moves the files itself: for a {@code LOCAL_FS} stage it copies them
 * between {@code sourceLocations} (local files of the client, for PUT; stage files, for GET) and {@code stageDirectory}
 * (the folder of the stage, for PUT; the local target folder, for GET).
 *
 * @param command {@code UPLOAD} or {@code DOWNLOAD}
 * @param sourceLocations for UPLOAD the local path patterns of the PUT, for DOWNLOAD the stage files to fetch
 * @param stageDirectory the stage folder on this machine that the statement names (PUT target, GET source)
 * @param localDirectory for DOWNLOAD the local folder the GET names; null for UPLOAD
 * @param autoCompress PUT's AUTO_COMPRESS
 * @param sourceCompression PUT's SOURCE_COMPRESSION, upper case (AUTO_DETECT when not given)
 * @param overwrite PUT's OVERWRITE
 * @param parallel PUT's or GET's PARALLEL
 */
public record FileTransfer(String command, List<String> sourceLocations, Path stageDirectory, Path localDirectory,
        boolean autoCompress, String sourceCompression, boolean overwrite, int parallel) {
}
