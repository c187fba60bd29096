package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The small Node scripts the CLI ships as resources (the bundler driver), extracted once per process
 * to a private temporary directory that is removed at exit, so {@code node} can run them.
 */
final class NodeScript {
    private static final Map<String, Path> EXTRACTED = new HashMap<>();

    private NodeScript() {}

    /** The path of resource {@code name} (next to this class) on disk. */
    static synchronized Path extract(String name) {
        Path existing = EXTRACTED.get(name);
        if (existing != null && Files.isRegularFile(existing)) {
            return existing;
        }
        try (InputStream in = NodeScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the slipway-cli jar");
            }
            Path dir = Files.createTempDirectory("slipway-cli");
            Path file = dir.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            EXTRACTED.put(name, file);
            return file;
        } catch (IOException e) {
            throw CliException.failed("cannot extract " + name + " to a temporary directory: " + e.getMessage());
        }
    }
}
