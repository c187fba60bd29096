package dev.slipway.server;

/**
 * The admin API under {@code /d/<deployment>/admin/} (admin key only; docs/ADMIN-API.md): dispatches
 * each endpoint to its handler ({@link PushApi} for {@code push} and {@code push/progress}, {@link VersionsApi} for {@code
 * versions}, {@code promote} and {@code rollback}, {@link
 * EnvApi} for {@code env}, and the data, logs and jobs handlers).
 */
final class AdminApi {
    private AdminApi() {}

    static String routeName(String endpoint) {
        if (DataApi.handles(endpoint)) {
            return "admin/" + endpoint;
        }
        if (endpoint.equals("logs") || endpoint.equals("jobs") || endpoint.equals("jobs/cancel")) {
            return "admin/" + endpoint;
        }
        if (PushApi.handles(endpoint) || VersionsApi.handles(endpoint) || EnvApi.handles(endpoint)) {
            return "admin/" + endpoint;
        }
        return "admin/unknown";
    }

    static ApiResponse handle(Deployment deployment, String endpoint, ApiRequest request) {
        if (DataApi.handles(endpoint)) {
            return DataApi.handle(deployment, endpoint, request);
        }
        if (endpoint.equals("logs")) {
            return LogsApi.handle(deployment, request);
        }
        if (endpoint.equals("jobs") || endpoint.equals("jobs/cancel")) {
            return JobsApi.handle(deployment, endpoint, request);
        }
        if (PushApi.handles(endpoint)) {
            return PushApi.handle(deployment, endpoint, request);
        }
        if (VersionsApi.handles(endpoint)) {
            return VersionsApi.handle(deployment, endpoint, request);
        }
        if (EnvApi.handles(endpoint)) {
            return EnvApi.handle(deployment, request);
        }
        throw ApiException.notFound(
                "NotFound", "No admin endpoint /admin/" + endpoint + " (the admin API is listed in docs/ADMIN-API.md)");
    }
}
