package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code slipway serve}'s options; a contradiction fails before anything starts. */
class ServeCommandTest {

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SlipwayCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {}

    @Test
    void help_listsTheOptions() {
        Result result = run("serve", "--help");
        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .contains("--port=PORT")
                .contains("default: 3210")
                .contains("--data=DIR")
                .contains("--persistence=KIND")
                .contains("postgres (default: sqlite)")
                .contains("--db-url=URL")
                .contains("--allow-interpreter");
    }

    @Test
    void postgres_withoutDbUrl_isAUsageError() {
        Result result = run("serve", "--persistence", "postgres");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--persistence postgres needs --db-url");
    }

    @Test
    void sqlite_withDbUrl_isAUsageError() {
        Result result = run("serve", "--db-url", "postgres://postgres@127.0.0.1/test");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--db-url is only for --persistence postgres");
    }

    @Test
    void badPort_isAUsageErrorNamingIt() {
        Result result = run("serve", "--port", "70000");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("port must be 0-65535, got 70000");
    }

    @Test
    void badDbUrl_isAUsageErrorWithoutThePassword() {
        Result result = run("serve", "--persistence", "postgres", "--db-url", "mysql://root:hunter2@db/x");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--db-url must be").doesNotContain("hunter2");
    }
}
