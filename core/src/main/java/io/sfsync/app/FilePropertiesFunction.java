package io.sfsync.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{file:PATH}}}: the content of a file, without its trailing line break, for a
 * secret that an orchestrator or a vault agent mounts as a file ({@code {{file:/run/secrets/sf_client_secret}}}).
 * The file is read whenever Camel resolves the placeholder; its content never appears in a message.
 */
public final class FilePropertiesFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "file";
    }

    @Override
    public String apply(String remainder) {
        Path file = Path.of(remainder.trim());
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8);
            return value.replaceAll("[\\r\\n]+$", "");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the secret file " + file + " ({{file:" + remainder.trim()
                    + "}}) does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + " ({{file:" + remainder.trim()
                    + "}}): " + e.getClass().getSimpleName());
        }
    }
}
