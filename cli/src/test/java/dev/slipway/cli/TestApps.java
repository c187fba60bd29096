package dev.slipway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real app directories for the tests: a copy of an app (examples/chat, or one under
 * src/test/apps/) in a temporary directory, installed with a real {@code npm ci}. Node and npm are
 * prerequisites: when missing, the test fails saying so.
 */
final class TestApps {
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();
    static final Path APPS = Path.of("src/test/apps").toAbsolutePath().normalize();
    private static final Set<String> NOT_COPIED = Set.of("node_modules", "dist", ".env.local");

    private TestApps() {}

    /** Copies {@code source} to {@code target} (without node_modules, dist and .env.local). */
    static Path copy(Path source, Path target) {
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path from : tree.toList()) {
                Path rel = source.relativize(from);
                if (rel.getNameCount() > 0 && NOT_COPIED.contains(rel.getName(0).toString())) {
                    continue;
                }
                Path to = target.resolve(rel.toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    /** A copy of {@code source} in {@code target}, installed with {@code npm ci}. */
    static Path installed(Path source, Path target) {
        copy(source, target);
        run(target, List.of("npm", "ci", "--no-audit", "--no-fund"));
        return target;
    }

    /** Runs {@code command} in {@code dir}, answering its stdout; fails with its output otherwise. */
    static String run(Path dir, List<String> command) {
        try {
            Path log = Files.createTempFile("slipway-test", ".log");
            Path out = Files.createTempFile("slipway-test", ".out");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(log.toFile())
                        .start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " in " + dir + " did not finish in 10 minutes");
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError(command + " in " + dir + " failed with exit code " + process.exitValue()
                            + ":\n" + Files.readString(log, StandardCharsets.UTF_8) + stdout);
                }
                return stdout;
            } finally {
                Files.deleteIfExists(log);
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot run " + command + " (Node.js and npm are needed for these tests: install"
                            + " them and put them on the PATH): " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Writes {@code text} to {@code file}. */
    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
