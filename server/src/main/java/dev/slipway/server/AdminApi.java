package dev.slipway.server;

import dev.slipway.application.ApplicationException;
import dev.slipway.application.DeployedCode;
import dev.slipway.application.FunctionSpec;
import dev.slipway.isolate.IsolateException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The admin API under {@code /d/<deployment>/admin/} (admin key only). For now: {@code POST push},
 * which takes {@code {"modules": {"messages.js": "<bundled source>", ...}}} (the bundles and {@code
 * schema.js}, as {@code npx convex} produces them), loads and analyzes them, applies the schema and
 * makes them the deployment's code. The answer names the new version and its functions; code that
 * does not load is a 400 naming the module.
 */
final class AdminApi {
    private AdminApi() {}

    static String routeName(String endpoint) {
        return endpoint.equals("push") ? "admin/push" : "admin/unknown";
    }

    static ApiResponse handle(Deployment deployment, String endpoint, ApiRequest request) {
        if (!endpoint.equals("push")) {
            throw ApiException.notFound("NotFound", "No admin endpoint /admin/" + endpoint + " (known: push)");
        }
        if (!request.isMethod("POST")) {
            throw new ApiException(405, "MethodNotAllowed", request.method() + " is not allowed here; use POST");
        }
        Auth.requireAdmin(request, deployment, "Pushing code");
        return push(deployment, request);
    }

    private static ApiResponse push(Deployment deployment, ApiRequest request) {
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
        DeployedCode deployed;
        try {
            deployed = deployment.push(modules);
        } catch (ApplicationException | IsolateException e) {
            throw ApiException.badRequest(e.code(), String.valueOf(e.getMessage()));
        }
        return ApiResponse.json(200, describe(deployed));
    }

    private static String describe(DeployedCode deployed) {
        return JsonOut.object(o -> o.field("versionId", deployed.versionId())
                .field("schema", deployed.schema().isPresent())
                .field("httpRouter", deployed.hasHttpRouter())
                .arrayField(
                        "functions",
                        a -> deployed.functions().values().stream()
                                .sorted(Comparator.comparing(spec -> spec.path().toString()))
                                .forEach(spec -> a.objectElement(f -> function(f, spec)))));
    }

    private static void function(JsonOut f, FunctionSpec spec) {
        f.field("path", spec.path().toString())
                .field("kind", spec.kind().displayName().toLowerCase(Locale.ROOT))
                .field("visibility", spec.visibility().name().toLowerCase(Locale.ROOT));
    }
}
