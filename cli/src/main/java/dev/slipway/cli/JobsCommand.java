package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway jobs list|cancel}: the deployment's scheduled functions ({@code GET admin/jobs},
 * {@code POST admin/jobs/cancel}; docs/ADMIN-API.md). {@code list} prints the jobs of one state
 * (pending by default) by scheduled time, one per line; {@code cancel ID} cancels a pending job. A job
 * that no longer exists, or that already started or finished, is an error naming it (exit 1).
 */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "List or cancel the deployment's scheduled functions.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.CancelJob.class})
final class JobsCommand implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code slipway jobs list [--state STATE] [--limit N]}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            versionProvider = SlipwayCommand.Version.class,
            description = "List scheduled functions by scheduled time: ID, SCHEDULED (local time), STATE, FUNCTION.")
    static final class ListJobs implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private JobsCommand jobs;

        @Mixin
        private TargetOptions target = new TargetOptions();

        @Option(
                names = "--state",
                paramLabel = "STATE",
                defaultValue = "pending",
                description = "pending (the default), inProgress, success, failed or canceled.")
        private String state = "pending";

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "100",
                description = "Print at most N jobs, 1-1000 (default: 100).")
        private int limit = 100;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 1000) {
                throw CliException.usage("--limit must be from 1 to 1000, got " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            DeploymentTarget deployment = target.target(jobs.parent.context());
            List<Json> found;
            try (AdminClient admin = AdminClient.connect(deployment)) {
                found = admin.get("jobs", Map.of("state", state, "limit", Integer.toString(limit)))
                        .array("jobs");
            }
            if (found.isEmpty()) {
                err.println("No " + state + " jobs on " + deployment.describe() + ".");
                err.flush();
                return 0;
            }
            ZoneId zone = ZoneId.systemDefault();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "SCHEDULED", "STATE", "FUNCTION"});
            for (Json job : found) {
                String when = job.number("scheduledTime")
                        .map(ms ->
                                TIME.format(Instant.ofEpochMilli(ms.longValue()).atZone(zone)))
                        .orElse("?");
                String jobState = job.string("state").orElse("?")
                        + job.string("error").map(e -> " (" + e + ")").orElse("");
                rows.add(new String[] {
                    job.string("id").orElse("?"),
                    when,
                    jobState,
                    job.string("name").orElse("?")
                });
            }
            int[] widths = new int[3];
            for (String[] row : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
                }
                out.println(line.append(row[3]));
            }
            out.flush();
            if (found.size() == limit) {
                err.println("(the first " + limit + " " + state + " jobs; there may be more: raise --limit)");
                err.flush();
            }
            return 0;
        }
    }

    /** {@code slipway jobs cancel ID}. */
    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            versionProvider = SlipwayCommand.Version.class,
            description = "Cancel a pending scheduled function, so it never runs.")
    static final class CancelJob implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private JobsCommand jobs;

        @Mixin
        private TargetOptions target = new TargetOptions();

        @Parameters(index = "0", paramLabel = "ID", description = "The job's id, as `slipway jobs list` shows it.")
        @SuppressWarnings("NullAway.Init") // set by picocli (required)
        private String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DeploymentTarget deployment = target.target(jobs.parent.context());
            try (AdminClient admin = AdminClient.connect(deployment)) {
                Json answer = admin.post("jobs/cancel", Json.object().put("id", id));
                out.println("Canceled job " + answer.string("id").orElse(id) + " on " + deployment.describe());
                out.flush();
            }
            return 0;
        }
    }
}
