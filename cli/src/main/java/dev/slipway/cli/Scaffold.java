package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files {@code slipway init} writes, kept as resources under {@code init/}: a sample schema and
 * functions, {@code package.json} with {@code convex} pinned, {@code convex/tsconfig.json} and
 * {@code .gitignore}. Existing files are never overwritten.
 */
final class Scaffold {
    private Scaffold() {}

    /** The text of template {@code name} ({@code schema.ts}). */
    static String template(String name) {
        try (InputStream in = Scaffold.class.getResourceAsStream("init/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("init/" + name + ".txt is missing from the slipway-cli jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.failed("cannot read the template " + name + ": " + e.getMessage());
        }
    }

    /**
     * Writes {@code text} to {@code file} unless it exists.
     *
     * @return whether it was written
     */
    static boolean writeIfAbsent(Path file, String text) {
        if (Files.exists(file)) {
            return false;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw CliException.failed("cannot write " + file + ": " + e.getMessage());
        }
    }
}
