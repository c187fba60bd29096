package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the programs the CLI needs from the user's machine: {@code node} (esbuild, tsc) and the
 * frontend build of {@code deploy --cmd}. A child gets this process's environment plus the variables
 * given; its output is read on virtual threads, so a chatty child never blocks on a full pipe. A
 * missing program is a clear error naming it; an interrupt stops the child.
 */
final class Subprocess {
    /** What a finished child printed, and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {}

    private Subprocess() {}

    /** Runs {@code command} in {@code dir}, feeding it {@code stdin}, and collects its output. */
    static Result capture(List<String> command, Path dir, Map<String, String> env, String stdin, Duration timeout) {
        Process process = start(command, dir, env);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> out = readers.submit(() -> readAll(process.getInputStream()));
            Future<String> err = readers.submit(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the child exited without reading its input; its exit code and stderr tell why
            }
            int exit = await(process, command, timeout);
            return new Result(exit, out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while running " + command.getFirst());
        } catch (ExecutionException e) {
            throw CliException.failed(
                    "cannot read the output of " + String.join(" ", command) + ": " + CliException.reason(e));
        }
    }

    /**
     * Runs {@code shellCommand} with {@code sh -c} in {@code dir}, copying its output to {@code out}
     * and {@code err} as it comes, and answers its exit code.
     */
    static int stream(String shellCommand, Path dir, Map<String, String> env, PrintWriter out, PrintWriter err) {
        Process process = start(List.of("sh", "-c", shellCommand), dir, env);
        try (ExecutorService copiers = Executors.newVirtualThreadPerTaskExecutor()) {
            closeQuietly(process.getOutputStream());
            Future<?> o = copiers.submit(() -> copy(process.getInputStream(), out));
            Future<?> e = copiers.submit(() -> copy(process.getErrorStream(), err));
            int exit = process.waitFor();
            o.get();
            e.get();
            return exit;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while running `" + shellCommand + "`");
        } catch (ExecutionException e) {
            throw CliException.failed("cannot read the output of `" + shellCommand + "`: " + CliException.reason(e));
        }
    }

    private static Process start(List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            String program = command.getFirst();
            String why = program.equals("node")
                    ? "Slipway bundles and type-checks functions with Node.js (20 or newer) and the app's own"
                            + " esbuild and TypeScript; install Node.js and put `node` on the PATH"
                    : "is it installed and on the PATH?";
            throw CliException.failed("cannot run `" + program + "` (" + e.getMessage() + "): " + why);
        }
    }

    private static int await(Process process, List<String> command, Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw CliException.failed(
                    String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s; it was stopped");
        }
        return process.exitValue();
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void copy(InputStream in, PrintWriter to) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // nothing to tell the child
        }
    }
}
