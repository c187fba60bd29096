package dev.slipway.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * Runs {@code slipway} in-process as a user types it: arguments in, stdout, stderr and the exit
 * code out, with the environment, working directory and stdin the test chooses.
 */
final class CliRunner {
    private final Path workingDir;
    private final Map<String, String> env;
    private final String stdin;
    private final boolean interactive;

    private CliRunner(Path workingDir, Map<String, String> env, String stdin, boolean interactive) {
        this.workingDir = workingDir;
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.interactive = interactive;
    }

    /** A runner working in {@code dir}, with an empty environment and no terminal. */
    static CliRunner in(Path dir) {
        return new CliRunner(dir, Map.of(), "", false);
    }

    /** The same runner with one more environment variable. */
    CliRunner env(String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return new CliRunner(workingDir, copy, stdin, interactive);
    }

    /** The same runner as a person at a terminal typing {@code input}. */
    CliRunner interactive(String input) {
        return new CliRunner(workingDir, env, input, true);
    }

    /** What a finished command printed and how it exited. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** Runs {@code args} to the end. */
    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = commandLine(out, err).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Starts {@code args} on a thread of its own (dev, run --watch), to be stopped by the test. */
    Background start(String... args) {
        return new Background(this, args);
    }

    private CommandLine commandLine(StringWriter out, StringWriter err) {
        CliContext context = new CliContext(env, workingDir, new BufferedReader(new StringReader(stdin)), interactive);
        CommandLine commandLine = SlipwayCommand.newCommandLine(context);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    /** A command running in the background; {@link #close()} interrupts it and waits for its end. */
    static final class Background implements AutoCloseable {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final AtomicInteger exit = new AtomicInteger(Integer.MIN_VALUE);
        private final Thread thread;

        private Background(CliRunner runner, String[] args) {
            CommandLine commandLine = runner.commandLine(out, err);
            thread = Thread.ofPlatform()
                    .name("slipway " + String.join(" ", args))
                    .start(() -> exit.set(commandLine.execute(args)));
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        /** Waits until stdout satisfies {@code condition}; fails with both outputs after {@code timeout}. */
        void awaitOut(String what, Predicate<String> condition, Duration timeout) {
            Await.until(what, () -> condition.test(out()), timeout, this::toString);
        }

        /** Waits until stderr satisfies {@code condition}. */
        void awaitErr(String what, Predicate<String> condition, Duration timeout) {
            Await.until(what, () -> condition.test(err()), timeout, this::toString);
        }

        /** Whether the command is still running. */
        boolean running() {
            return thread.isAlive();
        }

        /** The exit code once it ended. */
        int exit() {
            return exit.get();
        }

        @Override
        public void close() {
            thread.interrupt();
            try {
                if (!thread.join(Duration.ofSeconds(30))) {
                    throw new AssertionError("the command did not stop within 30 s of an interrupt\n" + this);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return "--- stdout ---\n" + out() + "--- stderr ---\n" + err();
        }
    }
}
