package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root {@code slipway} command; subcommands hang off it as they land.
 *
 * <p>The command line is built around a {@link CliContext} (environment, standard input, whether a
 * person is at a terminal), so tests run it in-process with their own. One handler turns every
 * {@link CliException} into {@code error: <message>} on stderr and its {@link CliException.Exit}
 * code; picocli's usage errors exit 2.
 */
@Command(
        name = "slipway",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Slipway: a self-hostable, Convex-compatible reactive backend.",
        subcommands = {
            ServeCommand.class,
            InitCommand.class,
            CodegenCommand.class,
            DeployCommand.class,
            PromoteCommand.class,
            RollbackCommand.class,
            VersionsCommand.class,
            DevCommand.class,
            RunCommand.class,
            LogsCommand.class,
            JobsCommand.class,
            EnvCommand.class,
            CredentialsCommand.class,
            DataCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            TeamCommand.class,
            ProjectCommand.class,
            DeploymentCommand.class,
            DeployKeyCommand.class
        })
public final class SlipwayCommand implements Runnable {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before run()
    private CommandSpec spec;

    private final CliContext context;

    /** The root command of a real process: its environment, stdin and terminal. */
    public SlipwayCommand() {
        this(CliContext.system());
    }

    SlipwayCommand(CliContext context) {
        this.context = context;
    }

    /** What the subcommands run with. */
    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    static CommandLine newCommandLine() {
        return newCommandLine(CliContext.system());
    }

    /** The command line with {@code context}, and the one handler that maps errors to exit codes. */
    static CommandLine newCommandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new SlipwayCommand(context));
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof CliException failure) {
                PrintWriter err = cmd.getErr();
                err.println("error: " + failure.getMessage());
                err.flush();
                return failure.exit().code();
            }
            throw e;
        });
        return commandLine;
    }

    /** Reads the version that the build wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"slipway " + version(), "Java " + Runtime.version()};
        }

        static String version() {
            try (InputStream in = SlipwayCommand.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IllegalStateException("version.properties is missing from the slipway-cli jar");
                }
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read version.properties from the slipway-cli jar", e);
            }
        }
    }
}
