package dev.slipway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a writer in a child JVM and kills it with SIGKILL mid-work, for crash tests. The child is a
 * main class that prints one line {@code ACK <payload>} (and nothing else) to stdout, flushed,
 * after each unit of work is durable.
 *
 * <p>The child runs with this JVM's {@code java} and class path and inherits the environment and
 * every system property named {@code slipway.*}. Its output goes to files, not pipes: a killed
 * process's pipe is closed under its reader, while a file keeps every line the child wrote.
 */
public final class KilledChild {
    private static final long TIMEOUT_SECONDS = 60;
    private static final int SIGKILL_EXIT_STATUS = 128 + 9;

    private final String description;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private KilledChild(String description, Process process, Path stdout, Path stderr) {
        this.description = description;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code main} with {@code args}, waits for {@code acks} acknowledgements, waits up to
     * {@code extraMillis} more (a random amount), kills it with SIGKILL, and returns the payloads of
     * every acknowledgement it printed, in order. {@code name} names the output files in {@code dir}.
     * Fails with the child's stderr if it dies early, prints something else, or is too slow.
     */
    public static List<String> runUntilKilled(
            String description, Class<?> main, List<String> args, Path dir, String name, int acks, int extraMillis)
            throws Exception {
        Path stdout = dir.resolve(name + ".stdout");
        Path stderr = dir.resolve(name + ".stderr");
        Process process = new ProcessBuilder(command(main, args))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        KilledChild child = new KilledChild(description, process, stdout, stderr);
        try {
            child.awaitAcks(acks);
            Thread.sleep(ThreadLocalRandom.current().nextInt(extraMillis + 1));
            process.destroyForcibly();
            assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("%s ended after the kill", description)
                    .isTrue();
            assertThat(process.exitValue())
                    .as("exit status of %s killed with SIGKILL; its stderr:%n%s", description, read(stderr))
                    .isEqualTo(SIGKILL_EXIT_STATUS);
            return child.acks();
        } finally {
            process.destroyForcibly();
        }
    }

    private void awaitAcks(int acks) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (acks().size() < acks) {
            if (!process.isAlive() && acks().size() < acks) {
                throw failure("ended (status " + process.exitValue() + ") after " + acks().size() + " of " + acks
                        + " acknowledgements");
            }
            if (System.nanoTime() - deadline > 0) {
                throw failure("sent fewer than " + acks + " acknowledgements in " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(5);
        }
    }

    /** The payloads of the complete acknowledgement lines written so far, in order. */
    private List<String> acks() throws InterruptedException {
        String output = read(stdout);
        List<String> acks = new ArrayList<>();
        for (String line :
                output.substring(0, output.lastIndexOf('\n') + 1).lines().toList()) {
            if (!line.startsWith("ACK ")) {
                throw failure("printed '" + line + "'");
            }
            acks.add(line.substring(4));
        }
        return acks;
    }

    private AssertionError failure(String what) throws InterruptedException {
        process.waitFor(5, TimeUnit.SECONDS);
        return new AssertionError(description + " " + what + "; its stderr:\n" + read(stderr));
    }

    private static List<String> command(Class<?> main, List<String> args) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(
                List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("slipway."))
                .sorted()
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return command;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
