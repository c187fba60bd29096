package dev.slipway.integration.functions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Node and npm for the tests, failing loudly (never skipping) when either is missing or a
 * command fails, with its output in the message.
 */
final class NodeTools {
    private NodeTools() {}

    /** Runs {@code npm ci} in {@code dir} unless its installed packages match the lockfile already. */
    static void npmCi(Path dir) {
        Path installed = dir.resolve("node_modules/.package-lock.json");
        try {
            if (Files.exists(installed)
                    && Files.getLastModifiedTime(installed)
                                    .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json")))
                            >= 0) {
                return;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + installed, e);
        }
        run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
    }

    /** Runs {@code command} in {@code dir} and returns its standard output. */
    static String run(Path dir, List<String> command, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("slipway-node-out", ".txt");
            Path err = Files.createTempFile("slipway-node-err", ".txt");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            command + " in " + dir + " did not finish in " + timeoutSeconds + " s");
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(command + " in " + dir + " failed with exit code "
                            + process.exitValue() + ":\n" + Files.readString(err, StandardCharsets.UTF_8) + stdout);
                }
                return stdout;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run " + command + " (are node and npm installed and on the PATH?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
