package dev.slipway.application;

import dev.slipway.application.PushProgress.Phase;
import dev.slipway.application.PushReport.PhaseTiming;
import dev.slipway.application.PushReport.SchemaCheck;
import dev.slipway.database.Database;
import dev.slipway.database.IndexBackfill;
import dev.slipway.database.MutationRunner;
import dev.slipway.isolate.Analysis;
import dev.slipway.isolate.CodeVersion;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.schema.Schema;
import dev.slipway.schema.SchemaException;
import dev.slipway.schema.Validator;
import dev.slipway.value.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * One push of code (ARCHITECTURE §7): analyze → diff against the current version → gate 2 (the
 * function API against the current and every pinned version, {@link ApiCompatibility}) → gate 3
 * (pending scheduled jobs against the new functions, {@link JobGate}) → gate 1 (existing documents
 * against the new schema) → refuse with the complete report when a gate fails → a dry run stops here
 * → store the modules, create and backfill new indexes → switch code, schema and indexes in one
 * transaction → drop removed indexes.
 *
 * <p>The same pipeline serves every {@link PushReport.Kind}:
 *
 * <ul>
 *   <li><b>Push</b>: as above. It supersedes a staged version (retired, and its staged schema
 *       cleared, in the switch transaction).
 *   <li><b>Stage</b> ({@link PushRequest#stage()}): every gate and every backfill as for a push, then
 *       the stage transaction instead of the switch: the version is stored as staged (reachable only at
 *       its pinned URL) and its schema becomes the database's staged schema, which every write must
 *       satisfy from then on besides the active one. Changed indexes stay built under their temporary
 *       names and removed ones stay, since the current code still runs.
 *   <li><b>Promote</b> ({@link Application#promote}): the staged version's stored modules, pushed
 *       without gate 1 (the staged schema held every write since the gate ran at staging, so the data
 *       cannot fail it); gates 2 and 3 run again (pinned versions and pending jobs may have changed).
 *       The indexes the stage built are found and switched in; the switch transaction also clears the
 *       staged schema.
 *   <li><b>Rollback</b> ({@link Application#rollback}): an earlier version's stored modules, pushed
 *       with gate 1 against its schema (the data written since it stopped being current may not fit
 *       it) and with gates 2 and 3 reported but not blocking.
 * </ul>
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Nothing before the gates writes.</b> Analysis runs the modules in a fresh context; the diff
 *       and the gates only read. So a refused push and a dry run leave the store exactly as it was.
 *       Every gate runs before any refusal, so a refused push and a dry run carry one complete report.
 *       Gates 2 and 3 refuse ({@code BreakingChanges}) unless the push allows breaking changes; gate
 *       1 always refuses ({@code SchemaValidationFailed}, which wins when both refuse).
 *   <li><b>The switch</b> is one system transaction: rebuilt indexes take their names ({@link
 *       IndexPlan}), the schema document is replaced (or deleted when the push has none), the version
 *       becomes current in {@code _code_versions} ({@link CodeVersions}), and the crons of {@code
 *       crons.js} are registered. Right after it commits the application serves the new code.
 *   <li><b>Writes during the push.</b> Documents written after the gate's snapshot were checked only
 *       against the old schema. Before switching, the push takes the application's user-write lock (no
 *       mutation of this application commits while it is held) and asks the write log whether a
 *       checked table changed since the snapshot; if one did, it releases the lock, checks again at a
 *       new snapshot, and retries, {@value #SWITCH_ATTEMPTS} times at most. Writers outside this
 *       application (none today besides imports) are not held by the lock; a database-level pending
 *       schema would close that gap too. Under the same lock, gate 3 checks again when jobs were
 *       written since it read them ({@link JobGate}).
 *   <li><b>Failure after index creation</b> (a failed backfill, a refused re-check, a failed switch)
 *       drops the indexes this push created, so the indexes stay as they were.
 * </ul>
 */
final class CodePush {
    private static final System.Logger LOG = System.getLogger(CodePush.class.getName());
    /** How often the switch re-checks tables written during the push before giving up. */
    static final int SWITCH_ATTEMPTS = 3;

    private final Application app;
    private final Database db;
    private final JsRuntime runtime;
    private final ApplicationOptions options;
    private final PushListener listener;
    private final PushReport.Kind kind;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private long startedAt;

    CodePush(
            Application app,
            Database db,
            JsRuntime runtime,
            ApplicationOptions options,
            PushListener listener,
            PushReport.Kind kind) {
        this.app = app;
        this.kind = kind;
        this.db = db;
        this.runtime = runtime;
        this.options = options;
        this.listener = listener;
    }

    /** What analysis found in the pushed modules. */
    private record Analyzed(
            CodeVersion version,
            Map<FunctionPath, FunctionSpec> functions,
            Optional<Schema> schema,
            List<CronJobs.Spec> crons,
            boolean httpRouter) {}

    /** What the push found before its gate: the analysis and the diff against the current version. */
    private record Findings(
            String versionId,
            Optional<String> previous,
            boolean dryRun,
            Analyzed analyzed,
            Optional<Schema> before,
            List<PushReport.FunctionChange> functionChanges,
            PushReport.SchemaValidationChange schemaValidation,
            List<PushReport.TableChange> tableChanges,
            List<PushReport.IndexChange> indexChanges,
            PushReport.ApiCheck apiCheck,
            Set<FunctionPath> affected,
            PushReport.EnvCheck envCheck) {

        static Findings of(
                String versionId,
                Optional<String> previous,
                boolean dryRun,
                Analyzed analyzed,
                Optional<Schema> before,
                Map<FunctionPath, FunctionSpec> functionsBefore,
                List<ApiCompatibility.Baseline> baselines,
                PushReport.EnvCheck envCheck) {
            return new Findings(
                    versionId,
                    previous,
                    dryRun,
                    analyzed,
                    before,
                    PushDiff.functions(functionsBefore, analyzed.functions()),
                    PushDiff.schemaValidation(before, analyzed.schema()),
                    PushDiff.tables(before, analyzed.schema()),
                    PushDiff.indexes(before, analyzed.schema()),
                    ApiCompatibility.check(analyzed.functions(), baselines),
                    JobGate.affected(functionsBefore, analyzed.functions()),
                    envCheck);
        }
    }

    /** What the three gates found. */
    private record Gates(SchemaCheck schema, PushReport.ApiCheck api, PushReport.JobCheck jobs) {}

    /**
     * Runs the push.
     *
     * @throws PushRefusedException when existing documents fail the new schema, or the push breaks
     *     callers or pending jobs without {@link PushRequest#allowBreaking()}; nothing changed
     * @throws ApplicationException ({@link ApplicationException#INVALID_MODULES}) when the modules do
     *     not load or analyze, naming the module
     */
    PushReport push(PushRequest request) {
        startedAt = options.clockMillis().getAsLong();
        String versionId = versionId(request.modules());
        progress(PushProgress.of(versionId, Phase.ANALYZING, startedAt));
        Optional<DeployedCode> current = app.deployed();
        Optional<String> previous = current.map(DeployedCode::versionId);
        if (current.isPresent()
                && current.get().versionId().equals(versionId)
                && current.get().version().modules().equals(new TreeMap<>(request.modules()))) {
            if (kind == PushReport.Kind.STAGE) {
                throw new ApplicationException(
                        ApplicationException.ALREADY_CURRENT,
                        "Code version " + versionId + " is already current; there is nothing to stage");
            }
            return unchanged(current.get(), request);
        }
        Analyzed analyzed = time("analyzing", () -> analyze(versionId, request.modules()));
        Findings found = time(
                "diffing",
                () -> Findings.of(
                        versionId,
                        previous,
                        request.dryRun(),
                        analyzed,
                        db.catalog().schema(),
                        current.map(DeployedCode::functions).orElse(Map.of()),
                        baselines(current),
                        EnvReferences.check(
                                request.modules(),
                                current.map(c -> c.version().modules()).orElse(Map.of()),
                                app.environmentNow().keySet())));
        IndexPlan plan = IndexPlan.of(db.catalog(), analyzed.schema());

        JobGate.Outcome jobs = found.affected().isEmpty()
                ? JobGate.check(db, Set.of(), analyzed.functions())
                : time("jobs", () -> JobGate.check(db, found.affected(), analyzed.functions()));
        // a promoted version's schema held every write since staging (see the class notes)
        List<String> tables = kind == PushReport.Kind.PROMOTE
                ? List.of()
                : SchemaGate.tablesToCheck(found.before(), analyzed.schema());
        Optional<SchemaGate.Outcome> gate = time("validating", () -> check(found, tables));
        SchemaCheck check = gate.map(SchemaGate.Outcome::check).orElseGet(() -> SchemaCheck.skipped(enforced(found)));
        Gates gates = new Gates(check, found.apiCheck(), jobs.check());
        PushReport checked = report(found, false, gates, request);
        if (!check.passed() || checked.breaking()) {
            throw refused(checked);
        }
        if (request.dryRun()) {
            return checked;
        }

        progress(PushProgress.of(versionId, Phase.WRITING_MODULES, startedAt));
        time("modules", () -> {
            CodeVersions.storeModules(db, runner(), request.modules());
            return true;
        });
        List<IndexPlan.Built> built = time("backfilling", () -> build(versionId, plan));
        SchemaCheck finalCheck;
        try {
            finalCheck = time("switching", () -> switchTo(request, found, plan, gate, tables, jobs));
        } catch (RuntimeException e) {
            undo(built, e);
            throw e;
        }
        if (kind != PushReport.Kind.STAGE && plan.changesAnything()) {
            progress(PushProgress.of(versionId, Phase.DROPPING, startedAt));
            time("dropping", () -> {
                try {
                    runner().runSystem(tx -> {
                        plan.drop(tx);
                        return true;
                    });
                } catch (SlipwayException e) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "deployment {0}: version {1} is live, but dropping its removed indexes failed (the next"
                                    + " push drops them): {2}",
                            options.deployment(),
                            versionId,
                            e.getMessage());
                }
                return true;
            });
        }
        return report(
                found, kind != PushReport.Kind.STAGE, new Gates(finalCheck, found.apiCheck(), jobs.check()), request);
    }

    // ---- phases ------------------------------------------------------------------------------

    private Analyzed analyze(String versionId, Map<String, String> modules) {
        CodeVersion version = runtime.load(options.deployment(), versionId, modules, app.environmentNow());
        Analysis analysis;
        try {
            analysis = runtime.analyze(version).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw invalid(String.valueOf(cause.getMessage()));
        }
        Map<FunctionPath, FunctionSpec> functions = functions(analysis);
        Optional<Schema> schema = analysis.schemaJson().map(CodePush::parseSchema);
        List<CronJobs.Spec> crons = analysis.cronsJson()
                .map(json -> CronJobs.parse(json, functions))
                .orElse(List.of());
        return new Analyzed(
                version, functions, schema, crons, !analysis.httpRoutes().isEmpty());
    }

    private Optional<SchemaGate.Outcome> check(Findings found, List<String> tables) {
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        Schema schema = found.analyzed().schema().orElseThrow();
        return Optional.of(SchemaGate.check(
                db,
                schema,
                tables,
                (table, step, steps, documents) -> progress(new PushProgress(
                        found.versionId(), Phase.VALIDATING, Optional.of(table), step, steps, documents, startedAt))));
    }

    /** Creates the new and rebuilt indexes and waits for every backfill, reporting progress. */
    private List<IndexPlan.Built> build(String versionId, IndexPlan plan) {
        List<IndexPlan.Built> built = runner().runSystem(plan::create).value();
        try {
            for (int i = 0; i < built.size(); i++) {
                await(versionId, built.get(i), i + 1, built.size());
            }
        } catch (RuntimeException e) {
            undo(built, e);
            throw e;
        }
        return built;
    }

    private void await(String versionId, IndexPlan.Built built, int step, int steps) {
        String target = built.build().table() + "." + built.build().name();
        CompletableFuture<Void> ready = db.awaitIndexReady(built.id());
        while (true) {
            long indexed = db.indexBackfills().stream()
                    .filter(b -> b.id().equals(built.id()))
                    .mapToLong(IndexBackfill::documentsIndexed)
                    .findFirst()
                    .orElse(0);
            progress(new PushProgress(
                    versionId, Phase.BACKFILLING, Optional.of(target), step, steps, indexed, startedAt));
            try {
                ready.get(250, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // still backfilling: report progress again
            } catch (ExecutionException e) {
                throw new ApplicationException(
                        ApplicationException.INDEX_BACKFILL_FAILED,
                        "Backfilling index " + target + " failed: "
                                + String.valueOf((e.getCause() == null ? e : e.getCause()).getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplicationException(
                        ApplicationException.PUSH_INTERRUPTED,
                        "The push was interrupted while backfilling index " + target);
            }
        }
    }

    /**
     * Switches to the pushed version once no checked table changed since the gate's snapshot (see the
     * class notes); returns the check the switch relied on.
     */
    private SchemaCheck switchTo(
            PushRequest request,
            Findings found,
            IndexPlan plan,
            Optional<SchemaGate.Outcome> firstGate,
            List<String> tables,
            JobGate.Outcome jobs) {
        Optional<SchemaGate.Outcome> gate = firstGate;
        for (int attempt = 1; ; attempt++) {
            progress(PushProgress.of(found.versionId(), Phase.SWITCHING, startedAt));
            Lock lock = app.userWriteLock();
            lock.lock();
            try {
                if (gate.isEmpty() || SchemaGate.unchangedSince(db, gate.get(), db.lastCommitted())) {
                    recheckJobs(request, found, gate, jobs);
                    if (kind == PushReport.Kind.STAGE) {
                        commitStage(request, found);
                    } else {
                        commitSwitch(request, found, plan);
                    }
                    return gate.map(SchemaGate.Outcome::check).orElseGet(() -> SchemaCheck.skipped(enforced(found)));
                }
            } finally {
                lock.unlock();
            }
            if (attempt == SWITCH_ATTEMPTS) {
                throw new ApplicationException(
                        ApplicationException.PUSH_RACED,
                        "Tables " + tables + " were written while the push checked them, " + SWITCH_ATTEMPTS
                                + " times over; nothing was switched. Push again when writes to them calm down.");
            }
            gate = check(found, tables);
            SchemaCheck again = gate.map(SchemaGate.Outcome::check).orElseThrow();
            if (!again.passed()) {
                throw refused(report(found, false, new Gates(again, found.apiCheck(), jobs.check()), request));
            }
        }
    }

    /**
     * Under the user-write lock: checks the pending jobs again when jobs were written since gate 3
     * read them (jobs scheduled while the push ran), and refuses when one of them now fails it.
     */
    private void recheckJobs(
            PushRequest request, Findings found, Optional<SchemaGate.Outcome> gate, JobGate.Outcome jobs) {
        if (request.allowBreaking() || JobGate.unchangedSince(db, jobs, db.lastCommitted())) {
            return;
        }
        JobGate.Outcome again =
                JobGate.check(db, found.affected(), found.analyzed().functions());
        if (!again.check().passed()) {
            SchemaCheck check =
                    gate.map(SchemaGate.Outcome::check).orElseGet(() -> SchemaCheck.skipped(enforced(found)));
            throw refused(report(found, false, new Gates(check, found.apiCheck(), again.check()), request));
        }
    }

    /** The versions gate 2 compares with: the current one, then every other version still pinned. */
    private List<ApiCompatibility.Baseline> baselines(Optional<DeployedCode> current) {
        List<ApiCompatibility.Baseline> baselines = new ArrayList<>();
        current.ifPresent(c -> baselines.add(new ApiCompatibility.Baseline(c.versionId(), c.functions())));
        for (ApiCompatibility.Baseline pinned : app.pinnedBaselines()) {
            if (current.map(c -> !c.versionId().equals(pinned.versionId())).orElse(true)) {
                baselines.add(pinned);
            }
        }
        return baselines;
    }

    private static CodeVersions.NewVersion newVersion(PushRequest request, Findings found) {
        Analyzed analyzed = found.analyzed();
        return new CodeVersions.NewVersion(
                found.versionId(),
                analyzed.version().contentHash(),
                request.modules(),
                analyzed.functions(),
                analyzed.schema(),
                analyzed.httpRouter(),
                request.author(),
                request.git());
    }

    /**
     * The stage transaction: the version is stored as staged and its schema becomes the staged schema
     * (a version without one clears it), superseding what was staged before.
     */
    private void commitStage(PushRequest request, Findings found) {
        CodeVersions.NewVersion version = newVersion(request, found);
        runner().runSystem(tx -> {
            found.analyzed()
                    .schema()
                    .ifPresentOrElse(schema -> tx.setStagedSchema(schema, found.versionId()), tx::clearStagedSchema);
            CodeVersions.stage(tx, version, options.clockMillis().getAsLong());
            return true;
        });
        app.staged();
    }

    private void commitSwitch(PushRequest request, Findings found, IndexPlan plan) {
        Analyzed analyzed = found.analyzed();
        CodeVersions.NewVersion version = newVersion(request, found);
        runner().runSystem(tx -> {
            long now = options.clockMillis().getAsLong();
            plan.switchIn(tx);
            analyzed.schema().ifPresentOrElse(tx::setSchema, tx::clearSchema);
            tx.clearStagedSchema(); // promoted, or superseded by this version
            CodeVersions.makeCurrent(tx, version, now);
            CronJobs.register(tx, analyzed.crons(), now);
            return true;
        });
        app.switched(new DeployedCode(
                found.versionId(), analyzed.version(), analyzed.functions(), analyzed.schema(), analyzed.httpRouter()));
    }

    private void undo(List<IndexPlan.Built> built, RuntimeException cause) {
        if (built.stream().noneMatch(IndexPlan.Built::created)) {
            return;
        }
        try {
            runner().runSystem(tx -> {
                IndexPlan.undo(tx, built);
                return true;
            });
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    // ---- report ------------------------------------------------------------------------------

    private PushReport unchanged(DeployedCode current, PushRequest request) {
        Optional<Schema> schema = db.catalog().schema();
        return new PushReport(
                current.versionId(),
                Optional.of(current.versionId()),
                request.dryRun(),
                false,
                true,
                sorted(current.functions()),
                current.schema().isPresent(),
                current.hasHttpRouter(),
                List.of(),
                PushDiff.schemaValidation(schema, schema),
                List.of(),
                List.of(),
                SchemaCheck.skipped(schema.map(Schema::schemaValidation).orElse(false)),
                request.allowBreaking(),
                PushReport.ApiCheck.none(),
                PushReport.JobCheck.none(),
                timings(),
                EnvReferences.check(
                        request.modules(),
                        current.version().modules(),
                        app.environmentNow().keySet()),
                kind);
    }

    private PushReport report(Findings found, boolean switched, Gates gates, PushRequest request) {
        Analyzed analyzed = found.analyzed();
        return new PushReport(
                found.versionId(),
                found.previous(),
                found.dryRun(),
                switched,
                false,
                sorted(analyzed.functions()),
                analyzed.schema().isPresent(),
                analyzed.httpRouter(),
                found.functionChanges(),
                found.schemaValidation(),
                found.tableChanges(),
                found.indexChanges(),
                gates.schema(),
                request.allowBreaking(),
                gates.api(),
                gates.jobs(),
                timings(),
                found.envCheck(),
                kind);
    }

    private static boolean enforced(Findings found) {
        return found.analyzed().schema().map(Schema::schemaValidation).orElse(false);
    }

    private static List<FunctionSpec> sorted(Map<FunctionPath, FunctionSpec> functions) {
        return functions.values().stream()
                .sorted(Comparator.comparing(spec -> spec.path().toString()))
                .toList();
    }

    private List<PhaseTiming> timings() {
        List<PhaseTiming> out = new ArrayList<>();
        timings.forEach((phase, millis) -> out.add(new PhaseTiming(phase, millis)));
        return out;
    }

    /** Most findings of gates 2 and 3 the refusal's message lists; the report has them all. */
    private static final int MESSAGE_LINES = 10;

    private static PushRefusedException refused(PushReport report) {
        StringBuilder message = new StringBuilder();
        if (!report.schemaCheck().passed()) {
            message.append("Schema validation failed: existing documents do not match the new schema; nothing was"
                    + " changed.");
            appendViolations(message, report.schemaCheck().violations());
        }
        if (report.breaking()) {
            if (!message.isEmpty()) {
                message.append('\n');
            }
            message.append("Breaking changes: the push breaks callers of the deployed functions or pending scheduled"
                    + " jobs; nothing was changed. Push with allowBreaking ("
                    + (report.kind() == PushReport.Kind.PROMOTE
                            ? "slipway promote --allow-breaking"
                            : "slipway deploy --allow-breaking")
                    + ") to go ahead anyway.");
            appendBreaking(message, report);
        }
        return new PushRefusedException(
                report.schemaCheck().passed()
                        ? PushRefusedException.BREAKING_CHANGES
                        : PushRefusedException.SCHEMA_VALIDATION_FAILED,
                message.toString(),
                report);
    }

    private static void appendViolations(StringBuilder message, List<PushReport.Violation> violations) {
        int shown = 0;
        for (PushReport.Violation v : violations) {
            if (shown++ == 10) {
                message.append("\n  ... and ").append(violations.size() - 10).append(" more");
                break;
            }
            message.append("\n  table \"")
                    .append(v.table())
                    .append("\", ")
                    .append(v.path().isEmpty() ? "the document" : "field " + v.path())
                    .append(": expected ")
                    .append(v.expected())
                    .append(", found ")
                    .append(v.found())
                    .append(" in ")
                    .append(v.count())
                    .append(v.count() == 1 ? " document" : " documents")
                    .append(" (e.g. ")
                    .append(String.join(", ", v.sampleIds()))
                    .append(')');
        }
    }

    private static void appendBreaking(StringBuilder message, PushReport report) {
        List<String> lines = new ArrayList<>();
        if (report.apiBlocks()) {
            report.apiCheck().findings().stream()
                    .filter(f -> f.severity() == PushReport.Severity.ERROR)
                    .forEach(f -> lines.add("ERR " + f.message()));
        }
        report.jobCheck()
                .problems()
                .forEach(j -> lines.add("ERR scheduled job " + j.jobId() + " (" + j.function() + ", due "
                        + java.time.Instant.ofEpochMilli(j.scheduledTime()) + "): " + j.reason()));
        long more = report.jobCheck().more();
        for (int i = 0; i < lines.size() && i < MESSAGE_LINES; i++) {
            message.append("\n  ").append(lines.get(i));
        }
        more += Math.max(0, lines.size() - MESSAGE_LINES);
        if (more > 0) {
            message.append("\n  ... and ").append(more).append(" more (see the report)");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private <T> T time(String phase, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            timings.merge(phase, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Long::sum);
        }
    }

    private void progress(PushProgress progress) {
        app.pushProgress(progress);
        try {
            listener.onProgress(progress);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a push listener failed; the push goes on", e);
        }
    }

    private MutationRunner runner() {
        return new MutationRunner(db, options.retries(), System::nanoTime, Thread::sleep, options.seeds());
    }

    private static Map<FunctionPath, FunctionSpec> functions(Analysis analysis) {
        Map<FunctionPath, FunctionSpec> functions = new HashMap<>();
        for (Analysis.AnalyzedFunction f : analysis.functions()) {
            if (f.kind() == FunctionKind.HTTP_ACTION) {
                continue; // reached through the router, not by path
            }
            FunctionPath path = new FunctionPath(f.module(), f.exportName());
            Validator args =
                    f.argsJson().map(json -> parseValidator(path, "args", json)).orElse(new Validator.Any());
            Optional<Validator> returns = f.returnsJson().map(json -> parseValidator(path, "returns", json));
            functions.put(path, new FunctionSpec(path, f.kind(), f.visibility(), args, returns));
        }
        return functions;
    }

    private static Validator parseValidator(FunctionPath path, String which, String json) {
        try {
            return Validator.parse(json);
        } catch (SchemaException e) {
            throw invalid("the " + which + " validator of " + path + " is invalid: " + e.getMessage());
        }
    }

    private static Schema parseSchema(String json) {
        try {
            return Schema.parse(json);
        } catch (SlipwayException e) {
            throw invalid("schema.js: " + e.getMessage());
        }
    }

    /** The first 12 hex digits of SHA-256 over every module path and source. */
    static String versionId(Map<String, String> modules) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> module : new TreeMap<>(modules).entrySet()) {
                sha.update(module.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(module.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ApplicationException invalid(String message) {
        return new ApplicationException(ApplicationException.INVALID_MODULES, "Invalid code push: " + message);
    }
}
