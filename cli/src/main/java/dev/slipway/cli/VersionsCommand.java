package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway versions}: the deployment's code versions ({@code GET admin/versions};
 * docs/ADMIN-API.md), newest first, one per line: id, state (current, staged or retired), when it was
 * pushed (local time), by whom, from which git commit and branch, whether clients still pin it (a
 * retired version until its retention ends), the calls made through its pinned URL, and how many
 * functions it has; {@code *} marks the current version and {@code +} the staged one. Then the
 * retention: how long a retired version stays reachable at its pinned URL.
 *
 * <p>{@code slipway versions retention DURATION} sets that retention ({@code POST
 * admin/versions/retention}): {@code 24h}, {@code 90m}, {@code 30s}, {@code 2d}, {@code 1h30m}, or
 * {@code 0} for off ({@link #parseDuration}).
 */
@Command(
        name = "versions",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = {
            "List the code versions: current, staged, and those clients still pin.",
            "Newest first; * marks the current version and + the staged one. `slipway versions retention"
                    + " DURATION` sets how long a retired version stays reachable at its pinned URL."
        },
        subcommands = {VersionsCommand.Retention.class})
final class VersionsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)(?![A-Za-z])");
    private static final Pattern UNKNOWN_UNIT = Pattern.compile("\\d+([A-Za-z]+)");
    private static final String[] HEADER = {
        "", "VERSION", "STATE", "CREATED", "AUTHOR", "GIT", "PINNED", "CALLS", "FUNCTIONS"
    };

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Option(names = "--json", description = "Print the server's answer as JSON, for scripts.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeploymentTarget deployment = target.target(parent.context());
        Json answer;
        try (AdminClient admin = AdminClient.connect(deployment)) {
            answer = admin.get("versions", Map.of());
        }
        if (json) {
            out.println(answer.pretty());
            out.flush();
            return 0;
        }
        List<Json> versions = answer.array("versions");
        if (versions.isEmpty()) {
            err.println("No versions on " + deployment.describe() + " yet: push one with `slipway deploy`.");
        } else {
            printTable(versions, ZoneId.systemDefault(), out);
            out.println("* current, + staged (reachable only at its pinned URL until `slipway promote`)");
        }
        out.println(retentionLine(answer));
        out.flush();
        err.flush();
        return 0;
    }

    /** The versions as aligned columns under {@link #HEADER}. */
    static void printTable(List<Json> versions, ZoneId zone, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Json v : versions) {
            rows.add(row(v, zone));
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String[] row(Json v, ZoneId zone) {
        String state = v.string("state").orElse("?");
        String mark = switch (state) {
            case "current" -> "*";
            case "staged" -> "+";
            default -> "";
        };
        return new String[] {
            mark,
            v.string("versionId").orElse("?"),
            state,
            time(v.number("createdAt"), zone).orElse("?"),
            v.string("author").orElse("-"),
            git(v),
            pinned(v, zone),
            v.number("pinnedCalls").map(Json.Num::text).orElse("0"),
            v.number("functions").map(Json.Num::text).orElse("?")
        };
    }

    /** {@code 3f2a9c0 (main)}: the short commit and the branch, {@code -} when unknown. */
    private static String git(Json v) {
        Optional<Json> git = v.get("git");
        Optional<String> commit = git.flatMap(g -> g.string("commit")).map(c -> c.length() > 7 ? c.substring(0, 7) : c);
        Optional<String> branch = git.flatMap(g -> g.string("branch"));
        if (commit.isEmpty() && branch.isEmpty()) {
            return "-";
        }
        return commit.orElse("?") + branch.map(b -> " (" + b + ")").orElse("");
    }

    /** {@code yes}, {@code no}, or for a retired version still pinned {@code until <time>}. */
    private static String pinned(Json v, ZoneId zone) {
        if (!v.bool("pinned").orElse(false)) {
            return "no";
        }
        Optional<String> until = time(v.number("pinnedUntil"), zone);
        return v.string("state").orElse("").equals("retired") && until.isPresent()
                ? "yes, until " + until.get()
                : "yes";
    }

    private static Optional<String> time(Optional<Json.Num> millis, ZoneId zone) {
        return millis.map(ms -> TIME.format(Instant.ofEpochMilli(ms.longValue()).atZone(zone)));
    }

    private static String retentionLine(Json answer) {
        Optional<Long> ms = answer.number("retentionMs").map(Json.Num::longValue);
        if (ms.isEmpty()) {
            return "Retention: not reported by the server";
        }
        if (ms.get() == 0) {
            return "Retention: off (a retired version is not kept for the clients pinning it; set one with `slipway"
                    + " versions retention DURATION`)";
        }
        return "Retention: a retired version stays reachable at its pinned URL for " + formatDuration(ms.get())
                + " (change it with `slipway versions retention DURATION`)";
    }

    /**
     * Parses a retention: one or more {@code <digits><unit>} parts, units {@code d}, {@code h},
     * {@code m}, {@code s} and {@code ms} ({@code 24h}, {@code 90m}, {@code 1h30m}), or {@code 0}
     * (off).
     *
     * @throws CliException (usage) naming the text and what is wrong with it: empty, negative, a number
     *     without a unit, an unknown unit, or too long
     */
    static Duration parseDuration(String text) {
        String s = text.strip();
        String usage = ": write a duration such as 24h, 90m, 30s, 2d or 1h30m, or 0 to turn retention off";
        if (s.isEmpty()) {
            throw CliException.usage("the retention is empty" + usage);
        }
        if (s.startsWith("-")) {
            throw CliException.usage("the retention '" + text + "' is negative" + usage);
        }
        if (s.chars().allMatch(Character::isDigit)) {
            if (s.chars().allMatch(c -> c == '0')) {
                return Duration.ZERO;
            }
            throw CliException.usage(
                    "the retention '" + text + "' has no unit: write " + s + "s, " + s + "m, " + s + "h or " + s + "d");
        }
        Matcher part = PART.matcher(s);
        long millis = 0;
        int at = 0;
        while (at < s.length()) {
            if (!part.find(at) || part.start() != at) {
                Matcher unit = UNKNOWN_UNIT.matcher(s.substring(at));
                throw CliException.usage("the retention '" + text + "' "
                        + (unit.lookingAt()
                                ? "has the unknown unit '" + unit.group(1) + "' (units: d, h, m, s, ms)"
                                : "is not a duration at '" + s.substring(at) + "'")
                        + usage);
            }
            millis = add(text, millis, part.group(1), part.group(2));
            at = part.end();
        }
        return Duration.ofMillis(millis);
    }

    private static long add(String text, long millis, String number, String unit) {
        long perUnit = switch (unit) {
            case "d" -> Duration.ofDays(1).toMillis();
            case "h" -> Duration.ofHours(1).toMillis();
            case "m" -> Duration.ofMinutes(1).toMillis();
            case "s" -> 1000;
            default -> 1; // ms
        };
        try {
            return Math.addExact(millis, Math.multiplyExact(Long.parseLong(number), perUnit));
        } catch (ArithmeticException | NumberFormatException e) {
            throw CliException.usage("the retention '" + text + "' is too long");
        }
    }

    /** {@code ms} in its largest whole unit: {@code 2d}, {@code 48h}... as {@code 24h}, {@code 90m}, {@code 1500ms}. */
    static String formatDuration(long ms) {
        if (ms == 0) {
            return "0";
        }
        if (ms % Duration.ofHours(1).toMillis() == 0) {
            return ms / Duration.ofHours(1).toMillis() + "h";
        }
        if (ms % Duration.ofMinutes(1).toMillis() == 0) {
            return ms / Duration.ofMinutes(1).toMillis() + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** {@code slipway versions retention DURATION}. */
    @Command(
            name = "retention",
            mixinStandardHelpOptions = true,
            versionProvider = SlipwayCommand.Version.class,
            description = "Set how long a retired version stays reachable at its pinned URL for the clients built"
                    + " against it (default 24h); 0 turns it off.")
    static final class Retention implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private VersionsCommand versions;

        @Mixin
        private TargetOptions target = new TargetOptions();

        @Parameters(index = "0", paramLabel = "DURATION", description = "24h, 90m, 30s, 2d, 1h30m..., or 0 for off.")
        @SuppressWarnings("NullAway.Init") // set by picocli (required)
        private String duration;

        @Override
        public Integer call() {
            Duration retention = parseDuration(duration);
            if (target.given() && versions.target.given()) {
                throw CliException.usage(
                        "the target options are given both before and after `retention`: give" + " them once");
            }
            // `slipway versions --prod retention 24h` means the production deployment too
            TargetOptions chosen = versions.target.given() ? versions.target : target;
            DeploymentTarget deployment = chosen.target(versions.parent.context());
            Json answer;
            try (AdminClient admin = AdminClient.connect(deployment)) {
                answer = admin.post("versions/retention", Json.object().put("retentionMs", retention.toMillis()));
            }
            long set = answer.number("retentionMs").map(Json.Num::longValue).orElse(retention.toMillis());
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    set == 0
                            ? "Retention on " + deployment.describe() + " is off: a retired version is no longer kept"
                                    + " for the clients pinning it."
                            : "Retired versions of " + deployment.describe() + " now stay reachable at their pinned"
                                    + " URL for " + formatDuration(set) + ".");
            out.flush();
            return 0;
        }
    }
}
