package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prints the server's push report (docs/ADMIN-API.md, {@code POST push}), the one place that knows
 * its shape, for {@code deploy}, {@code dev} and {@code run --push}, and the same report of {@code
 * promote} and {@code rollback}: the version (pushed, staged, promoted or rolled back to), the functions, what
 * changed against the live version ({@code changes}: functions added {@code +}, removed {@code -} and
 * changed {@code ~}, tables, indexes, {@code schemaValidation}), the schema-against-data check with
 * its violations ({@code schemaCheck}), the function-API check ({@code apiCheck}: {@code ERR} and
 * {@code WARN} lines naming the function, the argument path and the old and new validators) and the
 * scheduled-job check ({@code jobCheck}), what to do about errors ({@code --allow-breaking}), and the
 * time each phase took. A field this CLI does not know
 * is printed as a readable tree under its own name, so a newer server's report is never hidden by an
 * older CLI; a field that is absent or {@code null} is skipped.
 */
final class PushReport {
    private static final Set<String> KNOWN = Set.of(
            "versionId",
            "previousVersionId",
            "kind",
            "dryRun",
            "switched",
            "unchanged",
            "staged",
            "promoted",
            "rolledBack",
            "functions",
            "schema",
            "httpRouter",
            "changes",
            "schemaCheck",
            "allowBreaking",
            "apiCheck",
            "jobCheck",
            "envCheck",
            "timings");
    private static final Set<String> KNOWN_CHANGES = Set.of("functions", "schemaValidation", "tables", "indexes");

    private PushReport() {}

    /**
     * Prints the report of a push (or a promote or rollback) the server accepted: a headline from its
     * {@code dryRun}, {@code unchanged}, {@code staged}, {@code promoted}, {@code rolledBack} and
     * {@code switched} flags, then the details.
     */
    static void printAccepted(Json report, DeploymentTarget target, PrintWriter out) {
        out.println(headline(report, target));
        printDetails(report, out);
        out.flush();
    }

    private static String headline(Json report, DeploymentTarget target) {
        String version = present(report, "versionId").map(PushReport::text).orElse("(unnamed)");
        Optional<String> previous = present(report, "previousVersionId").map(PushReport::text);
        String was = previous.map(p -> " (was " + p + ")").orElse("");
        String where = target.describe();
        boolean staged = report.bool("staged").orElse(false);
        if (report.bool("dryRun").orElse(false)) {
            String checked = switch (kind(report)) {
                case "rollback" -> "rolling back to version ";
                case "promote" -> "promoting version ";
                case "stage" -> "staging version ";
                default -> "version ";
            };
            return "Dry run: " + checked + version + was + " checked against " + where + "; nothing was changed.";
        }
        if (report.bool("rolledBack").orElse(false)) {
            return "Rolled back to version " + version + was + " on " + where + ".";
        }
        if (report.bool("promoted").orElse(false)) {
            return "Promoted version " + version + was + " on " + where + ".";
        }
        if (staged) {
            return "Staged version " + version + " on " + where
                    + previous.map(p -> "; version " + p + " stays current.").orElse(".");
        }
        if (report.bool("unchanged").orElse(false)) {
            return "Version " + version + " is already live on " + where + "; nothing changed.";
        }
        if (!report.bool("switched").orElse(true)) {
            return "Pushed version " + version + " to " + where + " without making it live.";
        }
        return "Pushed version " + version + was + " to " + where + ".";
    }

    /**
     * What the report is of: its {@code kind} ({@code push}, {@code stage}, {@code promote}, {@code
     * rollback}), or for a server that does not say, what its flags tell.
     */
    private static String kind(Json report) {
        return report.string("kind")
                .orElseGet(() -> report.bool("rolledBack").orElse(false)
                        ? "rollback"
                        : report.bool("promoted").orElse(false)
                                ? "promote"
                                : report.bool("staged").orElse(false) ? "stage" : "push");
    }

    /** Prints the report a refused push's error body carries ({@code {code, message, report}}). */
    static void printRefused(Json body, PrintWriter err) {
        printRefused(body, "Push", err);
    }

    /**
     * Prints the report a refused push, promote ({@code what}: {@code "Promote"}) or rollback carries
     * in its error body; nothing when the body has none.
     */
    static void printRefused(Json body, String what, PrintWriter err) {
        present(body, "report").ifPresent(report -> {
            err.println(what + " report (version "
                    + present(report, "versionId").map(PushReport::text).orElse("?") + ", nothing was changed):");
            printDetails(report, err);
            err.flush();
        });
    }

    private static void printDetails(Json report, PrintWriter out) {
        printFunctions(report, out);
        present(report, "changes").ifPresent(changes -> printChanges(changes, out));
        present(report, "schemaCheck").ifPresent(check -> printSchemaCheck(check, out));
        present(report, "apiCheck").ifPresent(check -> printApiCheck(check, out));
        present(report, "jobCheck").ifPresent(check -> printJobCheck(check, out));
        present(report, "envCheck").ifPresent(check -> printEnvCheck(check, out));
        printBreakingAdvice(report, out);
        report.bool("schema").ifPresent(s -> out.println("Schema: " + (s ? "yes" : "none")));
        report.bool("httpRouter").ifPresent(r -> out.println("HTTP router: " + (r ? "yes" : "none")));
        printTimings(report, out);
        printOthers(report, KNOWN, out);
    }

    private static void printFunctions(Json report, PrintWriter out) {
        if (report.get("functions").isEmpty()) {
            return;
        }
        List<Json> functions = report.array("functions");
        out.println("Functions (" + functions.size() + "):");
        for (Json f : functions) {
            out.println("  " + f.string("kind").orElse("function") + " "
                    + f.string("path").orElse("?")
                    + f.string("visibility")
                            .filter(v -> !v.equals("public"))
                            .map(v -> " (" + v + ")")
                            .orElse(""));
        }
    }

    private static void printChanges(Json changes, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        for (Json c : changes.array("functions")) {
            Optional<Json> side = present(c, "after").or(() -> present(c, "before"));
            String kind = side.flatMap(s -> s.string("kind")).map(k -> k + " ").orElse("");
            List<String> what =
                    c.array("changed").stream().map(PushReport::text).toList();
            lines.add(mark(c) + " " + kind + c.string("path").orElse("?")
                    + (what.isEmpty() ? "" : ": " + String.join(", ", what) + " changed"));
        }
        for (Json c : changes.array("tables")) {
            lines.add(mark(c) + " table " + c.string("table").orElse("?")
                    + (c.string("change").orElse("").equals("changed") ? ": document validator changed" : ""));
        }
        for (Json c : changes.array("indexes")) {
            String before = present(c, "before").map(Json::text).orElse("");
            String after = present(c, "after").map(Json::text).orElse(before);
            lines.add(mark(c) + " index " + c.string("table").orElse("?") + "."
                    + c.string("name").orElse("?") + " "
                    + (c.string("change").orElse("").equals("changed") ? before + " -> " + after : after));
        }
        present(changes, "schemaValidation").ifPresent(v -> {
            Optional<Boolean> before = v.bool("before");
            Optional<Boolean> after = v.bool("after");
            if (!before.equals(after)) {
                lines.add("~ schemaValidation " + before.map(String::valueOf).orElse("(no schema)") + " -> "
                        + after.map(String::valueOf).orElse("(no schema)"));
            }
        });
        if (lines.isEmpty()) {
            out.println("Changes: none");
        } else {
            out.println("Changes:");
            lines.forEach(line -> out.println("  " + line));
        }
        printOthers(changes, KNOWN_CHANGES, out);
    }

    private static void printSchemaCheck(Json check, PrintWriter out) {
        List<Json> tables = check.array("tables");
        List<Json> violations = check.array("violations");
        long documents = tables.stream()
                .mapToLong(t -> t.number("documents").map(Json.Num::longValue).orElse(0L))
                .sum();
        if (!check.bool("enforced").orElse(true)) {
            out.println("Schema check: off (the schema does not enforce document types)");
        } else if (violations.isEmpty()) {
            if (!tables.isEmpty()) {
                out.println("Schema check: passed (" + documents + (documents == 1 ? " document" : " documents")
                        + " in " + tables.size() + (tables.size() == 1 ? " table" : " tables") + ")");
            }
        } else {
            out.println("Schema check: FAILED, existing documents do not match the new schema:");
            for (Json v : violations) {
                long count = v.number("count").map(Json.Num::longValue).orElse(0L);
                List<String> ids =
                        v.array("sampleIds").stream().map(PushReport::text).toList();
                out.println(
                        "  " + v.string("table").orElse("?") + v.string("path").orElse("") + ": expected "
                                + v.string("expected").orElse("?") + ", found "
                                + v.string("found").orElse("?") + " in "
                                + count + (count == 1 ? " document" : " documents")
                                + (ids.isEmpty() ? "" : " (e.g. " + String.join(", ", ids) + ")"));
            }
        }
    }

    private static void printApiCheck(Json check, PrintWriter out) {
        List<String> compared =
                check.array("comparedWith").stream().map(PushReport::text).toList();
        if (compared.isEmpty()) {
            return; // the first push: nothing to compare with
        }
        String against = "the live version " + compared.getFirst()
                + (compared.size() > 1 ? " and pinned " + String.join(", ", compared.subList(1, compared.size())) : "");
        List<Json> findings = check.array("findings");
        if (findings.isEmpty()) {
            out.println("API check: passed against " + against);
            return;
        }
        long errors = findings.stream().filter(PushReport::isError).count();
        long warnings = findings.size() - errors;
        out.println("API check against " + against + ": " + count(errors, "error") + ", " + count(warnings, "warning"));
        for (Json f : findings) {
            List<String> versions =
                    f.array("versions").stream().map(PushReport::text).toList();
            String where = versions.isEmpty() || versions.equals(compared)
                    ? ""
                    : " [against " + String.join(", ", versions) + "]";
            String validators = present(f, "before").isPresent()
                            || present(f, "after").isPresent()
                    ? "\n         " + present(f, "before").map(PushReport::text).orElse("absent") + " -> "
                            + present(f, "after").map(PushReport::text).orElse("absent")
                    : "";
            out.println("  " + (isError(f) ? "ERR " : "WARN") + " "
                    + f.string("message").orElse("?") + where + validators);
        }
    }

    private static void printJobCheck(Json check, PrintWriter out) {
        long checked = check.number("checked").map(Json.Num::longValue).orElse(0L);
        List<Json> problems = check.array("problems");
        long more = check.number("more").map(Json.Num::longValue).orElse(0L);
        if (problems.isEmpty() && more == 0) {
            if (checked > 0) {
                out.println("Job check: passed (" + count(checked, "pending job") + " of changed functions can still"
                        + " run)");
            }
            return;
        }
        out.println("Job check: FAILED, " + count(problems.size() + more, "pending job")
                + " cannot run under the new code:");
        for (Json p : problems) {
            String due = p.number("scheduledTime")
                    .map(ms -> java.time.Instant.ofEpochMilli(ms.longValue()).toString())
                    .orElse("?");
            out.println("  ERR  job " + p.string("jobId").orElse("?") + " "
                    + p.string("function").orElse("?") + " due " + due + ": "
                    + p.string("reason").orElse("?"));
        }
        if (more > 0) {
            out.println("  ... and " + more + " more");
        }
    }

    /**
     * The environment variables the code reads: a warning for each one the deployment has no value
     * for, and the references added or removed against the current version.
     */
    private static void printEnvCheck(Json check, PrintWriter out) {
        List<String> referenced = strings(check.array("referenced"));
        List<String> missing = strings(check.array("missing"));
        List<String> added = strings(check.array("added"));
        List<String> removed = strings(check.array("removed"));
        if (referenced.isEmpty() && removed.isEmpty()) {
            return;
        }
        out.println("Environment variables read by the code: "
                + (referenced.isEmpty() ? "none" : String.join(", ", referenced)));
        for (String name : missing) {
            out.println("  WARN " + name + " is not set on this deployment (it reads as undefined): slipway env set "
                    + name + " <value>");
        }
        if (!added.isEmpty()) {
            out.println("  newly read: " + String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            out.println("  no longer read: " + String.join(", ", removed));
        }
    }

    private static List<String> strings(List<Json> values) {
        return values.stream()
                .map(v -> v instanceof Json.Str(String text) ? text : v.text())
                .toList();
    }

    /** What to do about errors of the API and job checks, or that the push went through despite them. */
    private static void printBreakingAdvice(Json report, PrintWriter out) {
        boolean apiErrors = present(report, "apiCheck")
                .map(c -> c.array("findings").stream().anyMatch(PushReport::isError))
                .orElse(false);
        boolean jobErrors = present(report, "jobCheck")
                .map(c -> !c.array("problems").isEmpty()
                        || c.number("more").map(Json.Num::longValue).orElse(0L) > 0)
                .orElse(false);
        if (!apiErrors && !jobErrors) {
            return;
        }
        if (report.bool("allowBreaking").orElse(false)) {
            out.println("Breaking changes allowed (--allow-breaking): clients of the old functions and the jobs"
                    + " listed fail once this version is live.");
        } else {
            out.println("Fix: keep the old functions and arguments working (add instead of rename or remove; make"
                    + " new arguments optional) and let pending jobs finish or cancel them (slipway jobs cancel),"
                    + " or push anyway with --allow-breaking.");
        }
    }

    private static boolean isError(Json finding) {
        return finding.string("severity").orElse("").equals("error");
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static void printTimings(Json report, PrintWriter out) {
        List<String> phases = new ArrayList<>();
        for (Json t : report.array("timings")) {
            phases.add(t.string("phase").orElse("?") + " "
                    + t.number("millis").map(Json.Num::text).orElse("?") + " ms");
        }
        if (!phases.isEmpty()) {
            out.println("Took: " + String.join(", ", phases));
        }
    }

    private static void printOthers(Json object, Set<String> known, PrintWriter out) {
        if (object instanceof Json.Obj obj) {
            Map<String, Json> rest = new LinkedHashMap<>(obj.fields());
            rest.keySet().removeAll(known);
            rest.forEach((name, value) -> printField(name, value, out, 0));
        }
    }

    /** The field {@code name} unless it is absent or {@code null}. */
    private static Optional<Json> present(Json object, String name) {
        return object.get(name).filter(v -> !(v instanceof Json.Null));
    }

    private static String mark(Json change) {
        return switch (change.string("change").orElse("")) {
            case "added" -> "+";
            case "removed" -> "-";
            default -> "~";
        };
    }

    private static String text(Json value) {
        return value instanceof Json.Str s ? s.value() : value.text();
    }

    /** A field as {@code Name: value}, or {@code Name:} and its contents indented under it. */
    private static void printField(String name, Json value, PrintWriter out, int depth) {
        String indent = "  ".repeat(depth);
        if (isLeaf(value)) {
            out.println(indent + label(name) + ": " + leaf(value));
        } else {
            out.println(indent + label(name) + ":");
            printTree(value, out, depth + 1);
        }
    }

    private static void printTree(Json value, PrintWriter out, int depth) {
        String indent = "  ".repeat(depth);
        switch (value) {
            case Json.Obj obj -> obj.fields().forEach((name, v) -> printField(name, v, out, depth));
            case Json.Arr arr -> {
                for (Json element : arr.elements()) {
                    if (isLeaf(element)) {
                        out.println(indent + "- " + leaf(element));
                    } else {
                        out.println(indent + "-");
                        printTree(element, out, depth + 1);
                    }
                }
            }
            default -> out.println(indent + leaf(value));
        }
    }

    /** {@code indexDiff} → {@code Index diff}. */
    static String label(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0) {
                out.append(Character.toUpperCase(c));
            } else if (Character.isUpperCase(c)) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(c == '_' ? ' ' : c);
            }
        }
        return out.toString();
    }

    private static boolean isLeaf(Json value) {
        return switch (value) {
            case Json.Obj o -> o.fields().isEmpty();
            case Json.Arr a -> a.elements().isEmpty();
            default -> true;
        };
    }

    private static String leaf(Json value) {
        return switch (value) {
            case Json.Str s -> s.value();
            case Json.Obj o -> "none";
            case Json.Arr a -> "none";
            default -> value.text();
        };
    }
}
