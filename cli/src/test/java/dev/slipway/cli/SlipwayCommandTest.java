package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SlipwayCommandTest {

    @Test
    void version_printsProjectVersionAndJava() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = SlipwayCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));

        int exit = commandLine.execute("--version");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("slipway 0.").contains("Java 25");
    }

    @Test
    void help_listsUsage() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = SlipwayCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));

        int exit = commandLine.execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: slipway").contains("--version");
    }

    @Test
    void unknownOption_failsWithUsageError() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = SlipwayCommand.newCommandLine();
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("--no-such-option");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }
}
