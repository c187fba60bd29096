package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
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
    /** How long one long poll waits on the server. */
    static final long WAIT_MILLIS = 30_000;

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
            AdminClient polling = admin.withTimeout(Duration.ofMillis(WAIT_MILLIS + 15_000));
            Json page = polling.get("logs", Map.of("tail", Integer.toString(history)));
            err.println("Streaming the function logs of " + deployment.describe() + " (Ctrl-C stops)");
            err.flush();
            while (true) {
                print(page, out, zone);
                String cursor = cursor(page);
                try {
                    page = polling.get(
                            "logs", Map.of("after", cursor, "wait", Long.toString(WAIT_MILLIS), "limit", "1000"));
                } catch (CliException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return 0; // stopped by the user (or the test)
                    }
                    throw e;
                }
                if (page.bool("truncated").orElse(false)) {
                    err.println("note: some executions were lost before these (the server restarted, or its log"
                            + " overflowed while this stream lagged)");
                    err.flush();
                }
            }
        }
    }

    private static String cursor(Json page) {
        return page.string("cursor")
                .orElseThrow(() -> CliException.failed("the server's log answer has no cursor: " + page.text()));
    }

    private void print(Json page, PrintWriter out, ZoneId zone) {
        for (Json entry : page.array("entries")) {
            boolean succeeded = entry.string("status").filter("success"::equals).isPresent();
            if (success || !succeeded || !entry.array("logLines").isEmpty()) {
                out.println(LogTail.format(entry, zone));
            }
        }
        out.flush();
    }
}
