package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code slipway} command; subcommands hang off it as they land. */
@Command(
        name = "slipway",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Slipway: a self-hostable, Convex-compatible reactive backend.",
        subcommands = {ServeCommand.class})
public final class SlipwayCommand implements Runnable {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before run()
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    static CommandLine newCommandLine() {
        return new CommandLine(new SlipwayCommand());
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
