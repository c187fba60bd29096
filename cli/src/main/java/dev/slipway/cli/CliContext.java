package dev.slipway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a CLI command runs with besides its arguments: the environment variables (credentials,
 * {@code SLIPWAY_URL}), the working directory, standard input (for confirmations) and whether a
 * person is at a terminal (prompts only then). A process uses {@link #system()}; tests build their
 * own, so they can run commands in-process with a chosen environment.
 *
 * @param env the environment variables
 * @param workingDir the directory relative paths start from
 * @param stdin standard input, read for confirmations
 * @param interactive whether stdin is a terminal a person types at
 */
record CliContext(Map<String, String> env, Path workingDir, BufferedReader stdin, boolean interactive) {
    CliContext {
        env = Map.copyOf(env);
        workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** The real process's environment, directory, stdin and terminal. */
    @SuppressWarnings("SystemConsoleNull") // null-checked for older JDKs; isTerminal() decides
    static CliContext system() {
        java.io.Console console = System.console();
        return new CliContext(
                System.getenv(),
                Path.of(""),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                console != null && console.isTerminal());
    }

    /** {@code path} against the working directory. */
    Path resolve(Path path) {
        return workingDir.resolve(path).normalize();
    }

    /**
     * Asks the person at the terminal {@code question} followed by {@code [y/N]} and answers whether
     * they typed {@code y} or {@code yes}; anything else, or the end of stdin, is no. The caller decides
     * what happens when no one is at a terminal ({@link #interactive()}).
     */
    boolean askYes(String question, PrintWriter out) {
        out.print(question + " [y/N] ");
        out.flush();
        try {
            String answer = stdin.readLine();
            return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            throw CliException.failed("cannot read the confirmation from stdin: " + e.getMessage());
        }
    }
}
