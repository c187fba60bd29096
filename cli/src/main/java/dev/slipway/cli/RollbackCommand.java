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
 * {@code slipway rollback [VERSION]}: makes the previous version current again ({@code POST
 * admin/rollback}): the most recently retired one, or {@code VERSION}, a retired version still
 * stored. The server first checks the data written since against that version's schema; a violation
 * is reported (table, field, expected and found types, counts, sample ids) and nothing changes (exit
 * 1). Function-API and job findings are reported but do not block. {@code --dry-run} runs the check
 * and changes nothing.
 */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = {
            "Make the previous version current again, if the data fits its schema.",
            "The data written since is checked against that version's schema first; a violation is reported"
                    + " and nothing changes."
        })
final class RollbackCommand implements Callable<Integer> {
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
            description = "A retired version still stored, as `slipway versions` shows it (default: the one current"
                    + " before the current one).")
    private Optional<String> version = Optional.empty();

    @Option(names = "--dry-run", description = "Check the data against the version's schema and change nothing.")
    private boolean dryRun;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation before rolling back a production deployment.")
    private boolean yes;

    @Option(
            names = "--json",
            description = "Print the report as JSON on stdout, for CI (also when the rollback is refused); the"
                    + " readable report goes to stderr.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = json ? err : spec.commandLine().getOut();
        DeploymentTarget deployment = target.target(parent.context());
        String which = version.map(v -> "version " + v).orElse("the previous version");
        if (!dryRun
                && !VersionSwitch.confirmed(
                        yes,
                        deployment,
                        parent.context(),
                        "Roll the production " + deployment.describe() + " back to " + which + "?",
                        out)) {
            err.println("Nothing was changed.");
            err.flush();
            return CliException.Exit.FAILED.code();
        }
        Json.Obj body = Json.object().put("author", Pusher.author());
        if (version.isPresent()) {
            body = body.put("versionId", version.get());
        }
        if (dryRun) {
            body = body.put("dryRun", true);
        }
        out.println((dryRun ? "Checking a rollback to " : "Rolling back to ") + which + " on " + deployment.describe()
                + "...");
        out.flush();
        Json report = VersionSwitch.post(
                deployment,
                "rollback",
                body,
                "Rollback",
                json,
                out,
                err,
                spec.commandLine().getOut());
        if (dryRun && !report.bool("dryRun").orElse(false)) {
            throw CliException.failed("the server at " + deployment.serverUrl() + " does not support dry-run"
                    + " rollbacks: it rolled back to version "
                    + report.string("versionId").orElse("?"));
        }
        return 0;
    }
}
