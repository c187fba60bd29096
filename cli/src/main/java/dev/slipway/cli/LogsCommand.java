package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway logs [--history N] [--success]}: streams the deployment's function executions as
 * they end, from its function log ({@code GET admin/logs}, a long poll; docs/ADMIN-API.md), until
 * interrupted. Each execution prints as {@link LogTail#format} renders it: time, kind, function,
 * status, duration and caller, then its log lines and error, indented.
 *
 * <p>As {@code npx convex logs} does, successful executions that logged nothing are left out unless
 * {@code --success} is given: by default the stream shows what functions print and what fails.
 * {@code --history N} first prints the N most recent executions the server kept. When the server
 * says entries were lost (its log overflowed, or it restarted), a note on stderr says so instead of
 * leaving a silent gap. A server that goes away ends the command with its error and exit code.
 */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Stream the deployment's function executions: time, function, status, duration and log lines.")
final class LogsCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Option(
            names = "--history",
            paramLabel = "N",
            defaultValue = "0",
            description = "First print the N most recent executions the server kept (default: 0, only new ones).")
    private int history;

    @Option(
            names = "--success",
            description = "Also print successful executions that logged nothing (by default only failures and"
                    + " executions with log lines are printed).")
    private boolean success;

    @Override
    public Integer call() {
        if (history < 0) {
            throw CliException.usage("--history must be 0 or more, got " + history);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZoneId zone = ZoneId.systemDefault();
        DeploymentTarget deployment = target.target(parent.context());
        try (AdminClient admin = AdminClient.connect(deployment)) {
            err.println("Streaming the function logs of " + deployment.describe() + " (Ctrl-C stops)");
            err.flush();
            LogTail.follow(admin, history, this::shown, true, out, err, zone);
        }
        return 0;
    }

    /** Failures and executions with log lines; with {@code --success}, every execution. */
    private boolean shown(Json entry) {
        boolean succeeded = entry.string("status").filter("success"::equals).isPresent();
        return success || !succeeded || !entry.array("logLines").isEmpty();
    }
}
