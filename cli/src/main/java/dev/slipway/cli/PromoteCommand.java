package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway promote [VERSION]}: makes the version staged by {@code deploy --stage} current
 * ({@code POST admin/promote}). The server runs the function-API and scheduled-job checks again
 * (against the versions pinned now and the jobs scheduled since staging) and switches code, schema and
 * indexes in one transaction; the data already satisfies the staged schema, which every write met
 * while it was staged. Breaking changes refuse the promote unless {@code --allow-breaking}. {@code
 * VERSION}, when given, must be the staged version: a check that the one promoted is the one meant.
 */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = {
            "Make the staged version current (code, schema and indexes at once).",
            "The version staged by `slipway deploy --stage` becomes current: code, schema and indexes switch in one"
                    + " transaction, after the function-API and scheduled-job checks run again."
        })
final class PromoteCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "VERSION",
            description = "The staged version's id, as `slipway versions` shows it (default: whichever is staged);"
                    + " refused when another version is staged.")
    private Optional<String> version = Optional.empty();

    @Option(
            names = "--allow-breaking",
            description = "Promote even when the function-API or scheduled-job check finds breaking changes (they are"
                    + " still reported).")
    private boolean allowBreaking;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation before promoting on a production deployment.")
    private boolean yes;

    @Option(
            names = "--json",
            description = "Print the report as JSON on stdout, for CI (also when the promote is refused); the readable"
                    + " report goes to stderr.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = json ? err : spec.commandLine().getOut();
        DeploymentTarget deployment = target.target(parent.context());
        String which = version.map(v -> "version " + v).orElse("the staged version");
        if (!VersionSwitch.confirmed(
                yes,
                deployment,
                parent.context(),
                "Make " + which + " current on the production " + deployment.describe() + "?",
                out)) {
            err.println("Nothing was changed.");
            err.flush();
            return CliException.Exit.FAILED.code();
        }
        Json.Obj body = Json.object().put("author", Pusher.author());
        if (version.isPresent()) {
            body = body.put("versionId", version.get());
        }
        if (allowBreaking) {
            body = body.put("allowBreaking", true);
        }
        out.println("Promoting " + which + " on " + deployment.describe() + "...");
        out.flush();
        VersionSwitch.post(
                deployment,
                "promote",
                body,
                "Promote",
                json,
                out,
                err,
                spec.commandLine().getOut());
        return 0;
    }
}
