package dev.slipway.server;

import dev.slipway.application.ApplicationException;
import dev.slipway.application.CodeVersionInfo;
import dev.slipway.application.PushRefusedException;
import dev.slipway.application.PushReport;
import dev.slipway.isolate.IsolateException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The code-version endpoints under {@code /d/<deployment>/admin/} (admin credentials only, see {@link
 * Auth}; docs/ADMIN-API.md), for skew protection and staged deploys (ARCHITECTURE §7):
 *
 * <ul>
 *   <li>{@code GET versions}: every stored version, newest first, with its state, pin and calls, and
 *       the deployment's retention of pinned versions.
 *   <li>{@code POST versions/retention} {@code {"retentionMs": n}}: how long a retired version stays
 *       pinned, stored in the deployment.
 *   <li>{@code POST promote} {@code {"versionId"?, "allowBreaking"?, "author"?}}: the staged version
 *       becomes current; answers the push report.
 *   <li>{@code POST rollback} {@code {"versionId"?, "dryRun"?, "author"?}}: an earlier version becomes
 *       current again once the data fits its schema; answers the push report.
 * </ul>
 *
 * A refused promote or rollback is a 400 {@code {code, message, report}} as for a push; after a switch
 * every subscription runs again.
 */
final class VersionsApi {
    private static final System.Logger LOG = System.getLogger(VersionsApi.class.getName());

    private VersionsApi() {}

    /** Whether {@code endpoint} is one of these. */
    static boolean handles(String endpoint) {
        return switch (endpoint) {
            case "versions", "versions/retention", "promote", "rollback" -> true;
            default -> false;
        };
    }

    static ApiResponse handle(Deployment deployment, String endpoint, ApiRequest request) {
        return switch (endpoint) {
            case "versions" -> {
                PushApi.requireMethod(request, "GET");
                Auth.requireAdmin(request, deployment, "Listing code versions");
                yield ApiResponse.json(200, versions(deployment));
            }
            case "versions/retention" -> {
                PushApi.requireMethod(request, "POST");
                Auth.requireAdmin(request, deployment, "Setting the retention of pinned versions");
                yield ApiResponse.json(200, retention(deployment, request));
            }
            case "promote" -> {
                PushApi.requireMethod(request, "POST");
                Auth.requireAdmin(request, deployment, "Promoting the staged version");
                JsonIn body = body(request, "the promote body");
                yield switchVersion(
                        deployment,
                        "promoted",
                        () -> deployment
                                .app()
                                .promote(
                                        body.optionalString("versionId"),
                                        body.bool("allowBreaking"),
                                        body.optionalString("author")));
            }
            case "rollback" -> {
                PushApi.requireMethod(request, "POST");
                Auth.requireAdmin(request, deployment, "Rolling back");
                JsonIn body = body(request, "the rollback body");
                yield switchVersion(
                        deployment,
                        "rolled back to",
                        () -> deployment
                                .app()
                                .rollback(
                                        body.optionalString("versionId"),
                                        body.bool("dryRun"),
                                        body.optionalString("author")));
            }
            default -> throw new IllegalArgumentException("not a versions endpoint: " + endpoint);
        };
    }

    /** An empty body counts as {@code {}}. */
    private static JsonIn body(ApiRequest request, String what) {
        String text = request.bodyText();
        return JsonIn.parse(text.isBlank() ? "{}" : text, what);
    }

    private static ApiResponse switchVersion(Deployment deployment, String verb, Supplier<PushReport> work) {
        PushReport report;
        try {
            report = deployment.withCodeLock(work);
        } catch (PushRefusedException e) {
            return PushApi.refusal(e);
        } catch (ApplicationException | IsolateException e) {
            throw new ApiException(status(e.code()), e.code(), String.valueOf(e.getMessage()));
        }
        if (report.switched()) {
            deployment.codeWatch().changed();
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: {1} code version {2} (was {3})",
                    deployment.name(),
                    verb,
                    report.versionId(),
                    report.previousVersionId().orElse("none"));
        }
        return ApiResponse.json(200, JsonOut.object(o -> PushApi.report(o, report)));
    }

    private static int status(String code) {
        return switch (code) {
            case ApplicationException.NO_STAGED_VERSION,
                    ApplicationException.NO_PREVIOUS_VERSION,
                    ApplicationException.VERSION_NOT_FOUND -> 404;
            case ApplicationException.PUSH_RACED -> 409;
            default -> 400;
        };
    }

    private static String retention(Deployment deployment, ApiRequest request) {
        JsonIn body = JsonIn.parse(request.bodyText(), "the retention body");
        String raw = body.raw("retentionMs")
                .orElseThrow(() -> ApiException.badRequest(
                        "BadJsonBody", "the retention body needs \"retentionMs\": <milliseconds, 0 or more>"));
        long millis;
        try {
            millis = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "BadJsonBody", "`retentionMs` must be a whole number of milliseconds, got " + raw);
        }
        if (millis < 0) {
            throw ApiException.badRequest("BadJsonBody", "`retentionMs` must not be negative, got " + millis);
        }
        deployment.app().retainPinnedVersionsFor(Duration.ofMillis(millis));
        return JsonOut.object(o -> o.field("retentionMs", millis));
    }

    private static String versions(Deployment deployment) {
        List<CodeVersionInfo> versions = deployment.app().versions();
        Optional<String> current = first(versions, CodeVersionInfo.State.CURRENT);
        Optional<String> staged = first(versions, CodeVersionInfo.State.STAGED);
        return JsonOut.object(o -> {
            o.field("deployment", deployment.name());
            nullable(o, "current", current);
            nullable(o, "staged", staged);
            o.field("retentionMs", deployment.app().pinnedVersionRetention().toMillis());
            o.arrayField("versions", a -> versions.forEach(v -> a.objectElement(e -> version(e, deployment, v))));
        });
    }

    private static void version(JsonOut e, Deployment deployment, CodeVersionInfo v) {
        e.field("versionId", v.versionId())
                .field("state", v.state().name().toLowerCase(Locale.ROOT))
                .field("createdAt", v.createdAtMillis());
        nullableLong(e, "retiredAt", v.retiredAtMillis());
        nullable(e, "author", v.author());
        v.git()
                .ifPresentOrElse(
                        git -> e.objectField("git", g -> {
                            nullable(g, "commit", git.commit());
                            nullable(g, "branch", git.branch());
                        }),
                        () -> e.rawField("git", "null"));
        e.field("pinned", v.pinned());
        nullableLong(e, "pinnedUntil", v.pinnedUntilMillis());
        e.field("pinnedCalls", v.pinnedCalls())
                .field("functions", v.functions().size())
                .field("modules", v.modulePaths().size())
                .field("hasSchema", v.hasSchema())
                .field("path", "/d/" + deployment.name() + "/v/" + v.versionId());
    }

    private static Optional<String> first(List<CodeVersionInfo> versions, CodeVersionInfo.State state) {
        return versions.stream()
                .filter(v -> v.state() == state)
                .map(CodeVersionInfo::versionId)
                .findFirst();
    }

    private static void nullable(JsonOut o, String name, Optional<String> value) {
        value.ifPresentOrElse(v -> o.field(name, v), () -> o.rawField(name, "null"));
    }

    private static void nullableLong(JsonOut o, String name, Optional<Long> value) {
        value.ifPresentOrElse(v -> o.field(name, v), () -> o.rawField(name, "null"));
    }
}
