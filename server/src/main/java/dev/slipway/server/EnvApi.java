package dev.slipway.server;

import dev.slipway.application.ApplicationException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The environment variables of a deployment, under {@code /d/<deployment>/admin/} (admin key only;
 * docs/ADMIN-API.md):
 *
 * <ul>
 *   <li>{@code GET env}: {@code {"variables": [{"name", "value"}]}}, sorted by name.
 *   <li>{@code POST env}: {@code {"changes": [{"name": "A", "value": "x"}, {"name": "B", "value":
 *       null}]}} (null removes) applies every change in one transaction and answers the variables
 *       after it. A broken rule is a 400 with Convex's code naming the variable, and nothing changes.
 *       Functions may read {@code process.env} anywhere, so every subscription runs again.
 * </ul>
 */
final class EnvApi {
    private EnvApi() {}

    /** Whether {@code endpoint} is this one. */
    static boolean handles(String endpoint) {
        return endpoint.equals("env");
    }

    static ApiResponse handle(Deployment deployment, ApiRequest request) {
        if (request.isMethod("GET")) {
            Auth.requireAdmin(request, deployment, "Reading environment variables");
            return ApiResponse.json(200, variables(deployment.app().environment()));
        }
        if (!request.isMethod("POST")) {
            throw new ApiException(405, "MethodNotAllowed", request.method() + " is not allowed here; use GET or POST");
        }
        Auth.requireAdmin(request, deployment, "Changing environment variables");
        Map<String, Optional<String>> changes = changes(request);
        SortedMap<String, String> after = deployment.app().setEnvironment(changes);
        deployment.codeWatch().changed();
        return ApiResponse.json(200, variables(after));
    }

    private static Map<String, Optional<String>> changes(ApiRequest request) {
        JsonIn body = JsonIn.parse(request.bodyText(), "the env body");
        Map<String, Optional<String>> changes = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (String element : body.array("changes")) {
            JsonIn change = JsonIn.parse(element, "changes[" + index++ + "]");
            String name = change.string("name");
            if (!seen.add(name)) {
                throw ApiException.badRequest(
                        ApplicationException.ENV_VAR_NAME_NOT_UNIQUE,
                        "The environment variable \"" + name + "\" appears more than once in the change");
            }
            changes.put(name, change.optionalString("value"));
        }
        return changes;
    }

    private static String variables(SortedMap<String, String> variables) {
        return JsonOut.object(o -> o.arrayField(
                "variables",
                a -> variables.forEach((name, value) ->
                        a.objectElement(v -> v.field("name", name).field("value", value)))));
    }
}
