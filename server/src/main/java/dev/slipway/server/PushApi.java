package dev.slipway.server;

import dev.slipway.application.ApplicationException;
import dev.slipway.application.FunctionSpec;
import dev.slipway.application.PushProgress;
import dev.slipway.application.PushRefusedException;
import dev.slipway.application.PushReport;
import dev.slipway.application.PushRequest;
import dev.slipway.isolate.IsolateException;
import dev.slipway.schema.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The push endpoints under {@code /d/<deployment>/admin/} (admin credentials only, see {@link Auth};
 * docs/ADMIN-API.md):
 *
 * <ul>
 *   <li>{@code POST push}: {@code {"modules": {...}, "dryRun", "allowBreaking", "stage", "author",
 *       "git": {"commit", "branch"}}} runs the application's push pipeline and answers its report. A
 *       refused gate is a 400 {@code {code, message, report}}; modules that do not load are a 400
 *       naming the module. The push holds the deployment's code lock, so no import runs meanwhile;
 *       after a switch every subscription runs again.
 *   <li>{@code GET push/progress}: where the running push is, for a client to poll while its push
 *       request is open; {@code {"active": false}} when none runs.
 * </ul>
 */
final class PushApi {
    private static final System.Logger LOG = System.getLogger(PushApi.class.getName());

    private PushApi() {}

    /** Whether {@code endpoint} is one of these. */
    static boolean handles(String endpoint) {
        return endpoint.equals("push") || endpoint.equals("push/progress");
    }

    static ApiResponse handle(Deployment deployment, String endpoint, ApiRequest request) {
        if (endpoint.equals("push/progress")) {
            requireMethod(request, "GET");
            Auth.requireAdmin(request, deployment, "Reading the push progress");
            return ApiResponse.json(200, progress(deployment.app().pushProgress()));
        }
        requireMethod(request, "POST");
        Auth.requireAdmin(request, deployment, "Pushing code");
        PushRequest push = parse(request);
        PushReport report;
        try {
            report = deployment.withCodeLock(() -> deployment.app().push(push));
        } catch (PushRefusedException e) {
            return refusal(e);
        } catch (ApplicationException | IsolateException e) {
            int status = e.code().equals(ApplicationException.PUSH_RACED) ? 409 : 400;
            throw new ApiException(status, e.code(), String.valueOf(e.getMessage()));
        }
        if (report.kind() == PushReport.Kind.STAGE && !report.dryRun()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: staged code version {1} ({2} functions)",
                    deployment.name(),
                    report.versionId(),
                    report.functions().size());
        }
        if (report.switched()) {
            deployment.codeWatch().changed();
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: pushed code version {1} ({2} functions)",
                    deployment.name(),
                    report.versionId(),
                    report.functions().size());
        }
        return ApiResponse.json(200, JsonOut.object(o -> report(o, report)));
    }

    /** A refused push, promote or rollback: 400 {@code {code, message, report}}. */
    static ApiResponse refusal(PushRefusedException e) {
        return ApiResponse.json(
                400,
                JsonOut.object(o -> o.field("code", e.code())
                        .field("message", String.valueOf(e.getMessage()))
                        .objectField("report", r -> report(r, e.report()))));
    }

    static void requireMethod(ApiRequest request, String method) {
        if (!request.isMethod(method)) {
            throw new ApiException(405, "MethodNotAllowed", request.method() + " is not allowed here; use " + method);
        }
    }

    // ---- request -----------------------------------------------------------------------------

    private static PushRequest parse(ApiRequest request) {
        JsonIn body = JsonIn.parse(request.bodyText(), "the push body");
        JsonIn modulesJson = body.object("modules")
                .orElseThrow(() -> ApiException.badRequest(
                        "BadJsonBody", "the push body needs \"modules\": {\"<path>.js\": \"<source>\", ...}"));
        Map<String, String> modules = new LinkedHashMap<>();
        for (String path : modulesJson.names()) {
            modules.put(path, modulesJson.string(path));
        }
        if (modules.isEmpty()) {
            throw ApiException.badRequest("InvalidModules", "the push has no modules");
        }
        Optional<PushRequest.GitInfo> git = body.object("git")
                .map(g -> new PushRequest.GitInfo(g.optionalString("commit"), g.optionalString("branch")));
        return new PushRequest(
                modules,
                body.bool("dryRun"),
                body.bool("allowBreaking"),
                body.optionalString("author"),
                git,
                body.bool("stage"));
    }

    // ---- answers -----------------------------------------------------------------------------

    static String progress(Optional<PushProgress> progress) {
        if (progress.isEmpty()) {
            return JsonOut.object(o -> o.field("active", false));
        }
        PushProgress p = progress.get();
        return JsonOut.object(o -> {
            o.field("active", true)
                    .field("versionId", p.versionId())
                    .field("phase", p.phase().apiName());
            p.target().ifPresentOrElse(t -> o.field("target", t), () -> o.rawField("target", "null"));
            o.field("step", p.step())
                    .field("steps", p.steps())
                    .field("documents", p.documents())
                    .field("startedAt", p.startedAtMillis())
                    .field("message", p.message());
        });
    }

    /** The fields of a push report (docs/ADMIN-API.md). */
    static void report(JsonOut o, PushReport report) {
        o.field("versionId", report.versionId());
        optional(o, "previousVersionId", report.previousVersionId());
        o.field("dryRun", report.dryRun())
                .field("switched", report.switched())
                .field("unchanged", report.unchanged())
                .field("kind", lower(report.kind()))
                .field("staged", report.kind() == PushReport.Kind.STAGE && !report.dryRun())
                .field("promoted", report.kind() == PushReport.Kind.PROMOTE && report.switched())
                .field("rolledBack", report.kind() == PushReport.Kind.ROLLBACK && report.switched())
                .field("schema", report.hasSchema())
                .field("httpRouter", report.hasHttpRouter())
                .arrayField(
                        "functions",
                        a -> report.functions()
                                .forEach(spec -> a.objectElement(
                                        f -> f.field("path", spec.path().toString())
                                                .field("kind", kind(spec))
                                                .field("visibility", visibility(spec)))))
                .objectField("changes", c -> changes(c, report))
                .objectField("schemaCheck", s -> schemaCheck(s, report.schemaCheck()))
                .field("allowBreaking", report.allowBreaking())
                .objectField("apiCheck", a -> apiCheck(a, report.apiCheck()))
                .objectField("jobCheck", j -> jobCheck(j, report.jobCheck()))
                .objectField("envCheck", e -> envCheck(e, report.envCheck()))
                .arrayField(
                        "timings",
                        a -> report.timings()
                                .forEach(t -> a.objectElement(
                                        e -> e.field("phase", t.phase()).field("millis", t.millis()))));
    }

    private static void changes(JsonOut c, PushReport report) {
        c.arrayField(
                "functions",
                a -> report.functionChanges()
                        .forEach(change -> a.objectElement(f -> {
                            f.field("path", change.path().toString()).field("change", lower(change.change()));
                            f.arrayField(
                                    "changed", list -> change.changed().forEach(aspect -> list.element(lower(aspect))));
                            spec(f, "before", change.before());
                            spec(f, "after", change.after());
                        })));
        c.objectField("schemaValidation", v -> {
            optionalBool(v, "before", report.schemaValidation().before());
            optionalBool(v, "after", report.schemaValidation().after());
        });
        c.arrayField(
                "tables",
                a -> report.tableChanges()
                        .forEach(t -> a.objectElement(e -> {
                            e.field("table", t.table()).field("change", lower(t.change()));
                            validator(e, "before", t.before());
                            validator(e, "after", t.after());
                        })));
        c.arrayField(
                "indexes",
                a -> report.indexChanges()
                        .forEach(i -> a.objectElement(e -> {
                            e.field("table", i.table()).field("name", i.name()).field("change", lower(i.change()));
                            fields(e, "before", i.before());
                            fields(e, "after", i.after());
                        })));
    }

    private static void schemaCheck(JsonOut s, PushReport.SchemaCheck check) {
        s.field("passed", check.passed())
                .field("enforced", check.enforced())
                .arrayField(
                        "tables",
                        a -> check.tables()
                                .forEach(t -> a.objectElement(
                                        e -> e.field("table", t.table()).field("documents", t.documents()))))
                .arrayField(
                        "violations",
                        a -> check.violations()
                                .forEach(v -> a.objectElement(e -> e.field("table", v.table())
                                        .field("path", v.path())
                                        .field("expected", v.expected())
                                        .field("found", v.found())
                                        .field("count", v.count())
                                        .arrayField(
                                                "sampleIds",
                                                ids -> v.sampleIds().forEach(ids::element)))));
    }

    private static void apiCheck(JsonOut a, PushReport.ApiCheck check) {
        a.field("passed", check.passed())
                .arrayField("comparedWith", list -> check.comparedWith().forEach(list::element))
                .arrayField(
                        "findings",
                        list -> check.findings()
                                .forEach(f -> list.objectElement(e -> {
                                    e.field("severity", lower(f.severity()))
                                            .field("rule", f.rule().apiName())
                                            .field("function", f.function().toString())
                                            .field("path", f.path());
                                    optional(e, "before", f.before());
                                    optional(e, "after", f.after());
                                    e.field("message", f.message())
                                            .arrayField(
                                                    "versions",
                                                    v -> f.versions().forEach(v::element));
                                })));
    }

    private static void jobCheck(JsonOut j, PushReport.JobCheck check) {
        j.field("passed", check.passed())
                .field("checked", check.checked())
                .arrayField(
                        "problems",
                        list -> check.problems()
                                .forEach(p -> list.objectElement(e -> e.field("jobId", p.jobId())
                                        .field("function", p.function())
                                        .field("scheduledTime", p.scheduledTime())
                                        .field("reason", p.reason()))))
                .field("more", check.more());
    }

    private static void envCheck(JsonOut e, PushReport.EnvCheck check) {
        e.arrayField("referenced", list -> check.referenced().forEach(list::element))
                .arrayField("missing", list -> check.missing().forEach(list::element))
                .arrayField("added", list -> check.added().forEach(list::element))
                .arrayField("removed", list -> check.removed().forEach(list::element));
    }

    private static void spec(JsonOut o, String name, Optional<FunctionSpec> spec) {
        if (spec.isEmpty()) {
            o.rawField(name, "null");
            return;
        }
        FunctionSpec s = spec.get();
        o.objectField(name, f -> {
            f.field("kind", kind(s))
                    .field("visibility", visibility(s))
                    .rawField("args", s.args().toJson());
            validator(f, "returns", s.returns());
        });
    }

    private static void validator(JsonOut o, String name, Optional<Validator> validator) {
        o.rawField(name, validator.map(Validator::toJson).orElse("null"));
    }

    private static void fields(JsonOut o, String name, Optional<List<String>> fields) {
        if (fields.isEmpty()) {
            o.rawField(name, "null");
        } else {
            o.arrayField(name, a -> fields.get().forEach(a::element));
        }
    }

    private static void optional(JsonOut o, String name, Optional<String> value) {
        value.ifPresentOrElse(v -> o.field(name, v), () -> o.rawField(name, "null"));
    }

    private static void optionalBool(JsonOut o, String name, Optional<Boolean> value) {
        value.ifPresentOrElse(v -> o.field(name, v), () -> o.rawField(name, "null"));
    }

    private static String kind(FunctionSpec spec) {
        return spec.kind().displayName().toLowerCase(Locale.ROOT);
    }

    private static String visibility(FunctionSpec spec) {
        return spec.visibility().name().toLowerCase(Locale.ROOT);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
