package dev.slipway.application;

import dev.slipway.schema.Validator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a push found and did ({@link Application#push}): the new version, what changed against the
 * current one, the three gates (gate 1: existing documents against the new schema; gate 2: the
 * function API against the current and every pinned version; gate 3: pending scheduled jobs against
 * the new functions), and how long each phase took. A refused push carries its report in {@link
 * PushRefusedException}; a dry run returns the same complete report and changes nothing.
 *
 * @param versionId the pushed version's id
 * @param previousVersionId the current version before the push, if there was one
 * @param dryRun whether this was a dry run (nothing changed)
 * @param switched whether the pushed version is now current
 * @param unchanged whether the modules were identical to the current version's (nothing was done)
 * @param functions every function of the pushed version, sorted by path
 * @param hasSchema whether the pushed version has a schema
 * @param hasHttpRouter whether the pushed version's {@code http.js} exports a router
 * @param functionChanges the functions added, removed or changed, sorted by path
 * @param schemaValidation the schema's {@code schemaValidation} before and after
 * @param tableChanges the tables whose document validator was added, removed or changed
 * @param indexChanges the database indexes added, removed or changed (declared in the schemas)
 * @param schemaCheck gate 1
 * @param allowBreaking whether the push asked to go through despite errors of gates 2 and 3
 * @param apiCheck gate 2
 * @param jobCheck gate 3
 * @param timings wall-clock time per phase that ran, in order
 * @param envCheck the environment variables the pushed code reads, against those the deployment has
 * @param kind what the push did with the version: made it current, staged it, promoted the staged
 *     one, or rolled back to an earlier one
 */
public record PushReport(
        String versionId,
        Optional<String> previousVersionId,
        boolean dryRun,
        boolean switched,
        boolean unchanged,
        List<FunctionSpec> functions,
        boolean hasSchema,
        boolean hasHttpRouter,
        List<FunctionChange> functionChanges,
        SchemaValidationChange schemaValidation,
        List<TableChange> tableChanges,
        List<IndexChange> indexChanges,
        SchemaCheck schemaCheck,
        boolean allowBreaking,
        ApiCheck apiCheck,
        JobCheck jobCheck,
        List<PhaseTiming> timings,
        EnvCheck envCheck,
        Kind kind) {

    public PushReport {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(previousVersionId, "previousVersionId");
        functions = List.copyOf(functions);
        functionChanges = List.copyOf(functionChanges);
        Objects.requireNonNull(schemaValidation, "schemaValidation");
        tableChanges = List.copyOf(tableChanges);
        indexChanges = List.copyOf(indexChanges);
        Objects.requireNonNull(schemaCheck, "schemaCheck");
        Objects.requireNonNull(apiCheck, "apiCheck");
        Objects.requireNonNull(jobCheck, "jobCheck");
        timings = List.copyOf(timings);
        Objects.requireNonNull(envCheck, "envCheck");
        Objects.requireNonNull(kind, "kind");
    }

    /** What a push does with its version. */
    public enum Kind {
        /** A push that makes the version current ({@link Application#push}). */
        PUSH,
        /** A staged push: the version is reachable only at its pinned URL ({@link PushRequest#stage()}). */
        STAGE,
        /** The staged version made current ({@link Application#promote}). */
        PROMOTE,
        /** An earlier version made current again ({@link Application#rollback}). */
        ROLLBACK
    }

    /** How something differs from the current version. */
    public enum Change {
        ADDED,
        REMOVED,
        CHANGED
    }

    /** The parts of a function that can change. */
    public enum FunctionAspect {
        KIND,
        VISIBILITY,
        ARGS,
        RETURNS
    }

    /**
     * A function added, removed or changed.
     *
     * @param path where it is
     * @param change what happened to it
     * @param changed for {@link Change#CHANGED}, what changed (empty otherwise)
     * @param before the current version's function, unless added
     * @param after the pushed version's function, unless removed
     */
    public record FunctionChange(
            FunctionPath path,
            Change change,
            List<FunctionAspect> changed,
            Optional<FunctionSpec> before,
            Optional<FunctionSpec> after) {
        public FunctionChange {
            changed = List.copyOf(changed);
        }
    }

    /**
     * The {@code schemaValidation} flag of the current and of the pushed schema; empty where there is
     * no schema.
     */
    public record SchemaValidationChange(Optional<Boolean> before, Optional<Boolean> after) {}

    /**
     * A table whose document validator changed.
     *
     * @param table the table
     * @param change added to the schema, removed from it, or a changed validator
     * @param before the current schema's document validator, unless added
     * @param after the pushed schema's document validator, unless removed
     */
    public record TableChange(String table, Change change, Optional<Validator> before, Optional<Validator> after) {}

    /**
     * A database index declared differently.
     *
     * @param table its table
     * @param name its name
     * @param change added, removed, or the same name over other fields (rebuilt before the switch)
     * @param before the current schema's fields, unless added
     * @param after the pushed schema's fields, unless removed
     */
    public record IndexChange(
            String table, String name, Change change, Optional<List<String>> before, Optional<List<String>> after) {
        public IndexChange {
            before = before.map(List::copyOf);
            after = after.map(List::copyOf);
        }
    }

    /**
     * Gate 1: the existing documents of every table whose document validator changed (or that newly
     * gets one), checked against the pushed schema at one snapshot.
     *
     * @param enforced false when the pushed schema does not enforce document types ({@code
     *     schemaValidation: false}, or no schema): then nothing is checked
     * @param tables each table checked, with its number of documents
     * @param violations the problems found, grouped; empty when the check passed
     */
    public record SchemaCheck(boolean enforced, List<TableChecked> tables, List<Violation> violations) {
        public SchemaCheck {
            tables = List.copyOf(tables);
            violations = List.copyOf(violations);
        }

        /** A check with nothing to do. */
        static SchemaCheck skipped(boolean enforced) {
            return new SchemaCheck(enforced, List.of(), List.of());
        }

        /** Whether every document passed. */
        public boolean passed() {
            return violations.isEmpty();
        }
    }

    /** A table gate 1 checked, and how many documents it held at the snapshot. */
    public record TableChecked(String table, long documents) {}

    /**
     * Documents that fail the pushed schema the same way.
     *
     * @param table their table
     * @param path where in the document: {@code .author.name}, {@code .tags[2]}; empty for the
     *     document as a whole
     * @param expected the validator found there ({@code v.float64()}), or {@code absent} for a field the
     *     validator does not declare
     * @param found the type found ({@code string}, {@code float64}, ...), {@code missing} for an absent
     *     required field, or {@code id of table <t>} for an id of another table
     * @param count how many documents fail this way
     * @param sampleIds up to 5 of their ids
     */
    public record Violation(
            String table, String path, String expected, String found, long count, List<String> sampleIds) {
        public Violation {
            sampleIds = List.copyOf(sampleIds);
        }
    }

    /**
     * Whether gates 2 and 3 block this push: they found an error and the push did not ask for {@link
     * #allowBreaking()}. Gate 2 never blocks a promote: the stage ran it against the same current
     * version and a superset of the pinned ones (nothing else becomes current or pinned while a version
     * stays staged), so what it finds now was refused or allowed then.
     */
    public boolean breaking() {
        return !allowBreaking && (apiBlocks() || !jobCheck.passed());
    }

    /** Whether gate 2's errors count against this push (see {@link #breaking()}). */
    boolean apiBlocks() {
        return kind != Kind.PROMOTE && !apiCheck.passed();
    }

    /** How serious a finding of gate 2 or 3 is. */
    public enum Severity {
        /** Breaks clients or jobs: blocks the push unless it allows breaking changes. */
        ERROR,
        /** May break some callers; reported, never blocking. */
        WARNING
    }

    /**
     * The rules of gate 2 (ARCHITECTURE §7, in the spirit of {@code buf breaking}). Each names what
     * changed; {@link #severity()} is the severity for a public function. A change to an internal
     * function is at most a {@link Severity#WARNING}: clients cannot call it, a pinned version calls its
     * own internal functions, and pending jobs are gate 3's.
     */
    public enum ApiRule {
        /** A function is gone (a rename shows as removed plus added). */
        FUNCTION_REMOVED(Severity.ERROR),
        /** Query, mutation or action: another kind than before. */
        KIND_CHANGED(Severity.ERROR),
        /** A public function became internal. */
        BECAME_INTERNAL(Severity.ERROR),
        /** A new top-level argument that callers must pass. */
        REQUIRED_ARGUMENT_ADDED(Severity.ERROR),
        /** An object inside an argument gained a required field. */
        REQUIRED_FIELD_ADDED(Severity.ERROR),
        /** An optional argument or field became required. */
        OPTIONAL_BECAME_REQUIRED(Severity.ERROR),
        /** A union no longer accepts one of its members. */
        UNION_MEMBER_REMOVED(Severity.ERROR),
        /** A literal changed. */
        LITERAL_CHANGED(Severity.ERROR),
        /** Any other narrowing of an argument's type (another type, another table's ids, {@code v.any()} no longer). */
        ARGUMENT_NARROWED(Severity.ERROR),
        /** The function may now return values its callers did not expect. */
        RETURNS_WIDENED(Severity.ERROR),
        /** An argument (or a field of one) is gone: callers that still pass it fail with an extra field. */
        ARGUMENT_REMOVED(Severity.WARNING),
        /** The function returns fewer kinds of values than before. */
        RETURNS_NARROWED(Severity.WARNING);

        private final Severity severity;

        ApiRule(Severity severity) {
            this.severity = severity;
        }

        /** The severity of this change to a public function. */
        public Severity severity() {
            return severity;
        }

        /** The rule's name in the JSON report: {@code functionRemoved}, {@code requiredArgumentAdded}, ... */
        public String apiName() {
            StringBuilder out = new StringBuilder();
            boolean upper = false;
            for (char c : name().toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    out.append(upper ? c : Character.toLowerCase(c));
                    upper = false;
                }
            }
            return out.toString();
        }
    }

    /**
     * Gate 2: the pushed functions against the current version and every version still pinned.
     *
     * @param comparedWith the versions compared with, the current one first
     * @param findings what breaks or may break, errors first, then by function and path
     */
    public record ApiCheck(List<String> comparedWith, List<ApiFinding> findings) {
        public ApiCheck {
            comparedWith = List.copyOf(comparedWith);
            findings = List.copyOf(findings);
        }

        /** A check with nothing to compare with (the first push). */
        static ApiCheck none() {
            return new ApiCheck(List.of(), List.of());
        }

        /** Whether no finding is an error. */
        public boolean passed() {
            return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
        }
    }

    /**
     * One change of the function API.
     *
     * @param severity error (blocks) or warning
     * @param rule which rule
     * @param function the function, as the version compared with names it
     * @param path where: empty for the function itself, else {@code args}, {@code args.author.name},
     *     {@code args.tags[]} (array elements), {@code args.scores[*]} (record values), {@code returns},
     *     {@code returns.items[].id}
     * @param before the old validator there, as {@code v.*} text ({@code v.optional(v.string())} for an
     *     optional field), when it has one
     * @param after the new validator there, when it has one
     * @param message what changed and what it does to callers
     * @param versions the compared versions that have this function as before
     */
    public record ApiFinding(
            Severity severity,
            ApiRule rule,
            FunctionPath function,
            String path,
            Optional<String> before,
            Optional<String> after,
            String message,
            List<String> versions) {
        public ApiFinding {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            versions = List.copyOf(versions);
        }
    }

    /**
     * Gate 3: the pending scheduled jobs against the pushed functions.
     *
     * @param checked how many pending jobs call a function the push removes or changes (only they can
     *     newly fail, so only they are checked)
     * @param problems jobs that would fail under the pushed code, by scheduled time, at most {@link
     *     JobGate#MAX_LISTED}
     * @param more how many more jobs would fail than {@code problems} lists
     */
    public record JobCheck(long checked, List<JobProblem> problems, long more) {
        public JobCheck {
            problems = List.copyOf(problems);
        }

        /** A check with nothing to check. */
        static JobCheck none() {
            return new JobCheck(0, List.of(), 0);
        }

        /** Whether no pending job would fail. */
        public boolean passed() {
            return problems.isEmpty() && more == 0;
        }
    }

    /**
     * The environment variables the pushed code reads ({@code process.env.NAME} and {@code
     * process.env["NAME"]} in its modules; a name computed at run time is not seen), against the
     * deployment's variables and the current version's references. A push never changes variables
     * ({@code slipway env} does); this shows what to set before or after it. Never blocking.
     *
     * @param referenced every name the pushed code reads, sorted
     * @param missing the referenced names the deployment has no value for (they read as {@code
     *     undefined}), sorted
     * @param added names the pushed code reads and the current version does not, sorted
     * @param removed names the current version reads and the pushed code does not (a variable that may
     *     no longer be needed), sorted
     */
    public record EnvCheck(List<String> referenced, List<String> missing, List<String> added, List<String> removed) {
        public EnvCheck {
            referenced = List.copyOf(referenced);
            missing = List.copyOf(missing);
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    /**
     * A pending job the pushed code cannot run (always an error).
     *
     * @param jobId its {@code _scheduled_functions} id
     * @param function the function it calls, as stored ({@code messages.js:send})
     * @param scheduledTime when it is due (ms since the epoch)
     * @param reason why it would fail: the function is gone or no longer a mutation or action, or its
     *     stored arguments fail the new validator (the validation message)
     */
    public record JobProblem(String jobId, String function, long scheduledTime, String reason) {}

    /** How long a phase took ({@code analyzing}, {@code diffing}, {@code validating}, ...). */
    public record PhaseTiming(String phase, long millis) {}
}
