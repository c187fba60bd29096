package dev.slipway.application;

import dev.slipway.application.PushReport.ApiCheck;
import dev.slipway.application.PushReport.ApiFinding;
import dev.slipway.application.PushReport.ApiRule;
import dev.slipway.application.PushReport.Severity;
import dev.slipway.application.ValidatorCoverage.Gap;
import dev.slipway.isolate.Visibility;
import dev.slipway.schema.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Gate 2 of a push (ARCHITECTURE §7): the pushed functions against those of the current version and
 * of every version still pinned by clients. A client built against an older version calls functions
 * by path with that version's arguments and expects its return values; this gate finds every change
 * that breaks such a call (an error, which blocks the push unless it allows breaking changes) or may
 * break some (a warning).
 *
 * <p>The rules ({@link ApiRule}):
 *
 * <ul>
 *   <li>Errors: a function removed (a rename shows as removed plus added, with a hint), its kind
 *       changed, public become internal; arguments that no longer accept what old callers may send (a
 *       new required argument, a union that lost a member, optional become required, a changed literal,
 *       an object that gained a required field, any other narrowing, at the deepest path that
 *       changed); a return type that widens.
 *   <li>Warnings: an argument removed (old callers that still pass it fail with an extra field, since
 *       Convex's object validators are exact); a return type that narrows.
 *   <li>Safe, with no finding: a new function, a new optional argument, an argument made optional, an
 *       argument widened (to a union, to {@code v.any()}, ...), a function made public.
 * </ul>
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Subtyping, not text.</b> Arguments compare as "the new validator accepts every value the
 *       old one accepts"; returns as "the old validator accepts every value the new one returns" (see
 *       {@link ValidatorCoverage}, which is sound and conservative for unions that only together accept
 *       a type). A missing returns validator is {@code v.any()}, and so is a missing args validator, so
 *       adding one to a function that had none is a narrowing of what it accepts: an error for args,
 *       since the gate cannot know what old callers pass.
 *   <li><b>Returned objects are open.</b> A returned object that gains a field does not widen the
 *       return type: clients read the fields they know and ignore others. It is reported as a
 *       narrowing (a warning), because every value now has the field. A field that disappears from a
 *       returned object, or becomes optional, widens it.
 *   <li><b>Internal functions</b> are reported at most as warnings: clients cannot call them, a pinned
 *       version runs its own internal functions, and pending jobs are gate 3's ({@link JobGate}).
 *   <li><b>Several versions.</b> Findings that are the same against several compared versions are
 *       reported once, listing the versions.
 * </ul>
 */
final class ApiCompatibility {
    private ApiCompatibility() {}

    /**
     * A version to compare with: its id and its API spec.
     *
     * @param versionId the version's id
     * @param functions its functions by path
     */
    record Baseline(String versionId, Map<FunctionPath, FunctionSpec> functions) {}

    /** Compares {@code next} with every baseline (the current version first). */
    static ApiCheck check(Map<FunctionPath, FunctionSpec> next, List<Baseline> baselines) {
        Map<Draft, List<String>> merged = new LinkedHashMap<>();
        for (Baseline baseline : baselines) {
            for (Draft draft : compare(baseline.functions(), next)) {
                merged.computeIfAbsent(draft, d -> new ArrayList<>()).add(baseline.versionId());
            }
        }
        List<ApiFinding> findings = new ArrayList<>();
        merged.forEach((d, versions) -> findings.add(new ApiFinding(
                d.severity(), d.rule(), d.function(), d.path(), d.before(), d.after(), d.message(), versions)));
        findings.sort(Comparator.comparing(ApiFinding::severity)
                .thenComparing(f -> f.function().toString())
                .thenComparing(ApiFinding::path));
        return new ApiCheck(baselines.stream().map(Baseline::versionId).toList(), findings);
    }

    /** A finding before it knows which versions it was found against. */
    record Draft(
            Severity severity,
            ApiRule rule,
            FunctionPath function,
            String path,
            Optional<String> before,
            Optional<String> after,
            String message) {}

    /** What breaks, or may break, for callers of {@code old} when {@code next} replaces it. */
    static List<Draft> compare(Map<FunctionPath, FunctionSpec> old, Map<FunctionPath, FunctionSpec> next) {
        List<Draft> out = new ArrayList<>();
        List<FunctionSpec> sorted = old.values().stream()
                .sorted(Comparator.comparing(spec -> spec.path().toString()))
                .toList();
        for (FunctionSpec before : sorted) {
            Findings findings = new Findings(before, out);
            FunctionSpec after = next.get(before.path());
            if (after == null) {
                findings.add(
                        ApiRule.FUNCTION_REMOVED,
                        "",
                        Optional.empty(),
                        Optional.empty(),
                        describe(before) + " is removed: callers fail with \"Could not find public function\"."
                                + renameHint(before, old, next));
            } else if (before.kind() != after.kind()) {
                findings.add(
                        ApiRule.KIND_CHANGED,
                        "",
                        Optional.empty(),
                        Optional.empty(),
                        before.path() + " changes from " + kind(before) + " to " + kind(after)
                                + ": callers run it as a " + kind(before) + " and fail.");
            } else if (before.visibility() == Visibility.PUBLIC && after.visibility() == Visibility.INTERNAL) {
                findings.add(
                        ApiRule.BECAME_INTERNAL,
                        "",
                        Optional.empty(),
                        Optional.empty(),
                        describe(before) + " becomes internal: clients can no longer call it.");
            } else {
                arguments(findings, before, after);
                returns(findings, before, after);
            }
        }
        return out;
    }

    /** Collects the findings about one old function, at the severity its visibility allows. */
    private record Findings(FunctionSpec before, List<Draft> out) {
        void add(ApiRule rule, String path, Optional<String> old, Optional<String> now, String message) {
            boolean internal = before.visibility() == Visibility.INTERNAL;
            Severity severity = internal ? Severity.WARNING : rule.severity();
            String text = internal && rule.severity() == Severity.ERROR
                    ? message + " It is internal, so only functions, scheduled jobs (gate 3) and administrators"
                            + " call it: a warning."
                    : message;
            out.add(new Draft(severity, rule, before.path(), path, old, now, text));
        }
    }

    private static void arguments(Findings findings, FunctionSpec before, FunctionSpec after) {
        String fn = before.path().toString();
        for (Gap gap : ValidatorCoverage.gaps(after.args(), before.args())) {
            String path = "args" + gap.path();
            Optional<String> old = gap.narrowText();
            Optional<String> now = gap.wideText();
            boolean topLevel = gap.path().lastIndexOf('.') == 0 && !gap.path().contains("[");
            String field = gap.path().substring(gap.path().lastIndexOf('.') + 1);
            switch (gap.kind()) {
                case REQUIRED_FIELD_ADDED ->
                    findings.add(
                            topLevel ? ApiRule.REQUIRED_ARGUMENT_ADDED : ApiRule.REQUIRED_FIELD_ADDED,
                            path,
                            old,
                            now,
                            (topLevel
                                            ? fn + " has a new required argument `" + field + "` (" + text(now) + ")"
                                            : path + " of " + fn + " is a new required field (" + text(now) + ")")
                                    + ": callers built against the old version do not pass it and fail. Make it"
                                    + " v.optional(...) to keep them working.");
                case FIELD_BECAME_REQUIRED ->
                    findings.add(
                            ApiRule.OPTIONAL_BECAME_REQUIRED,
                            path,
                            old,
                            now,
                            path + " of " + fn + " was optional and is now required (" + text(now) + "): callers that"
                                    + " leave it out fail.");
                case FIELD_NOT_ACCEPTED ->
                    findings.add(
                            ApiRule.ARGUMENT_REMOVED,
                            path,
                            old,
                            now,
                            (topLevel
                                            ? fn + " no longer has the argument `" + field + "` (" + text(old) + ")"
                                            : path + " of " + fn + " no longer has the field `" + field + "` ("
                                                    + text(old) + ")")
                                    + ": callers that still pass it fail with an extra field.");
                case UNION_MEMBER ->
                    findings.add(
                            ApiRule.UNION_MEMBER_REMOVED,
                            path,
                            old,
                            now,
                            path + " of " + fn + " no longer accepts "
                                    + text(gap.lostText()) + " (was " + text(old) + ", now "
                                    + text(now) + "): callers that pass such a value fail.");
                case LITERAL ->
                    findings.add(
                            ApiRule.LITERAL_CHANGED,
                            path,
                            old,
                            now,
                            path + " of " + fn + " changes from " + text(old) + " to " + text(now) + ": callers that"
                                    + " pass " + text(old) + " fail.");
                case ANY ->
                    findings.add(
                            ApiRule.ARGUMENT_NARROWED,
                            path,
                            old,
                            now,
                            path + " of " + fn + " accepted any value (" + text(old)
                                    + (gap.path().isEmpty() ? ": no args validator" : "")
                                    + ") and now must match " + text(now) + ". The gate cannot know what callers"
                                    + " pass; if every caller fits, push with --allow-breaking.");
                case TYPE ->
                    findings.add(
                            ApiRule.ARGUMENT_NARROWED,
                            path,
                            old,
                            now,
                            path + " of " + fn + " narrows from " + text(old) + " to " + text(now) + ": values"
                                    + " callers may pass fail validation.");
            }
        }
    }

    private static void returns(Findings findings, FunctionSpec before, FunctionSpec after) {
        String fn = before.path().toString();
        Validator old = before.returns().orElse(new Validator.Any());
        Validator now = after.returns().orElse(new Validator.Any());
        List<String> widened = new ArrayList<>();
        for (Gap gap : ValidatorCoverage.gaps(old, now)) {
            if (gap.kind() == ValidatorCoverage.GapKind.FIELD_NOT_ACCEPTED) {
                continue; // a new field in a returned object: clients ignore what they do not know
            }
            String path = "returns" + gap.path();
            widened.add(path);
            String what = after.returns().isEmpty()
                    ? fn + " no longer declares a returns validator, so it may return any value"
                    : switch (gap.kind()) {
                        case REQUIRED_FIELD_ADDED -> path + " of " + fn + " may now be missing";
                        case FIELD_BECAME_REQUIRED -> path + " of " + fn + " becomes optional";
                        case UNION_MEMBER, LITERAL, ANY, TYPE, FIELD_NOT_ACCEPTED ->
                            path + " of " + fn + " widens from " + text(gap.wideText()) + " to " + text(gap.lostText());
                    };
            findings.add(
                    ApiRule.RETURNS_WIDENED,
                    path,
                    gap.wideText(),
                    gap.lostText(),
                    what + ": callers built against the old version may get values they do not expect.");
        }
        for (Gap gap : ValidatorCoverage.gaps(now, old)) {
            String path = "returns" + gap.path();
            if (widened.contains(path)) {
                continue;
            }
            String what;
            if (before.returns().isEmpty()) {
                what = fn + " now declares what it returns (" + text(gap.wideText()) + "; it declared nothing before)";
            } else if (gap.kind() == ValidatorCoverage.GapKind.REQUIRED_FIELD_ADDED) {
                what = path + " of " + fn + " is a new field in every returned value";
            } else if (gap.kind() == ValidatorCoverage.GapKind.FIELD_NOT_ACCEPTED) {
                what = path + " of " + fn + " is no longer returned";
            } else {
                what = path + " of " + fn + " narrows from " + text(gap.lostText()) + " to " + text(gap.wideText());
            }
            findings.add(
                    ApiRule.RETURNS_NARROWED,
                    path,
                    gap.narrowText(),
                    gap.wideText(),
                    what + ": harmless unless callers rely on values it no longer returns.");
        }
    }

    /** When a function of the same kind and arguments was added: the hint that this may be a rename. */
    private static String renameHint(
            FunctionSpec removed, Map<FunctionPath, FunctionSpec> old, Map<FunctionPath, FunctionSpec> next) {
        List<String> twins = next.values().stream()
                .filter(spec -> !old.containsKey(spec.path()))
                .filter(spec -> spec.kind() == removed.kind() && spec.args().equals(removed.args()))
                .map(spec -> spec.path().toString())
                .sorted()
                .toList();
        if (twins.isEmpty()) {
            return "";
        }
        return " " + String.join(", ", twins) + (twins.size() == 1 ? " was" : " were") + " added with the same kind"
                + " and arguments: if this is a rename, keep " + removed.path() + " as well until no client calls it.";
    }

    private static String describe(FunctionSpec spec) {
        return spec.path() + " (" + kind(spec) + ")";
    }

    private static String kind(FunctionSpec spec) {
        return spec.kind().displayName().toLowerCase(Locale.ROOT);
    }

    private static String text(Optional<String> validator) {
        return validator.orElse("absent");
    }
}
