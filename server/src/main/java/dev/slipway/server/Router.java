package dev.slipway.server;

import dev.slipway.application.ApplicationException;
import dev.slipway.isolate.IsolateException;
import dev.slipway.value.SlipwayException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Routes every HTTP request (ARCHITECTURE §9) and turns whatever goes wrong into a {@code {code,
 * message}} answer, so one bad request never harms another:
 *
 * <ul>
 *   <li>{@code /health}, {@code /metrics};
 *   <li>{@code /control/...}: the control API ({@link ControlApi}): teams, projects, deployments and
 *       credentials;
 *   <li>{@code /d/<deployment>/api/...}: the function API ({@link FunctionApi});
 *   <li>{@code /d/<deployment>/v/<version>/api/...}: the same, running code version {@code <version>}
 *       (see {@link #pinnedVersion}), over HTTP and over its WebSocket sync
 *       ({@link DeploymentSyncBackend});
 *   <li>{@code /d/<deployment>/http/...}: HTTP actions ({@link HttpActions});
 *   <li>{@code /d/<deployment>/admin/...}: the admin API ({@link AdminApi}).
 * </ul>
 *
 * Every request to a deployment runs inside it ({@link Deployment#serve}), so deleting the deployment
 * waits for it; the deployments are looked up in the {@link DeploymentRegistry} at each request.
 *
 * <p>The function API answers CORS as Convex does ({@link Cors}). The WebSocket sync endpoint ({@code .../api/<client version>/sync}) is taken by the transport
 * before routing; a plain request to it gets a 400.
 */
final class Router {
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final DeploymentRegistry deployments;
    private final ControlApi control;
    private final ServerConfig config;
    private final Metrics metrics;
    private final FunctionApi api;
    private final HttpActions actions;

    Router(DeploymentRegistry deployments, ControlApi control, ServerConfig config, Metrics metrics) {
        this.deployments = deployments;
        this.control = control;
        this.config = config;
        this.metrics = metrics;
        this.api = new FunctionApi(metrics);
        this.actions = new HttpActions(metrics);
    }

    /**
     * Whether the body of a request to {@code rawPath} is handed to the route as a stream instead of
     * being read first: an import, whose file may be larger than memory.
     */
    boolean streamsBody(String rawPath) {
        return rawPath.startsWith("/d/") && rawPath.endsWith("/admin/import");
    }

    /** The largest body accepted for a request to {@code rawPath}. */
    long maxBodyBytes(String rawPath) {
        return rawPath.endsWith("/admin/push") ? config.maxPushBytes() : config.maxRequestBytes();
    }

    /** The answer to a body over {@link #maxBodyBytes}. */
    ApiResponse tooLarge(ApiRequest request, long limit) {
        ApiResponse response = ApiResponse.error(new ApiException(
                413,
                "PayloadTooLarge",
                "The request body is larger than the limit of " + limit + " bytes for " + request.rawPath()));
        metrics.request("too_large", 413, 0);
        return response;
    }

    /** Answers {@code request}; never throws. */
    ApiResponse handle(ApiRequest request) {
        long start = System.nanoTime();
        Route route = route(request);
        ApiResponse response;
        try {
            response = route.cors() && request.isMethod("OPTIONS")
                    ? Cors.preflight(request)
                    : route.handler().get();
        } catch (ApiException e) {
            response = ApiResponse.error(e);
        } catch (ApplicationException e) {
            response = ApiResponse.error(ApiException.badRequest(e.code(), String.valueOf(e.getMessage())));
        } catch (IsolateException e) {
            LOG.log(System.Logger.Level.WARNING, "JavaScript runtime failure on " + request.rawPath(), e);
            response = ApiResponse.error(new ApiException(503, e.code(), String.valueOf(e.getMessage())));
        } catch (SlipwayException e) {
            LOG.log(System.Logger.Level.WARNING, "request " + request.rawPath() + " failed", e);
            response = ApiResponse.error(new ApiException(500, e.code(), String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "internal error on " + request.method() + " " + request.rawPath(), e);
            response = ApiResponse.error(new ApiException(
                    500,
                    "InternalServerError",
                    "Internal server error: " + e.getClass().getSimpleName()));
        }
        if (route.cors()) {
            response = Cors.decorate(request, response);
        }
        metrics.request(route.name(), response.status(), System.nanoTime() - start);
        return response;
    }

    /** A route name (for metrics), the work to answer it, and whether browsers may call it cross-origin. */
    private record Route(String name, Supplier<ApiResponse> handler, boolean cors) {
        Route(String name, Supplier<ApiResponse> handler) {
            this(name, handler, false);
        }
    }

    private Route route(ApiRequest request) {
        String path = request.rawPath();
        if (path.equals("/health")) {
            return new Route("health", () -> ApiResponse.json(200, JsonOut.object(o -> o.field("status", "ok"))));
        }
        if (path.equals("/metrics")) {
            return new Route(
                    "metrics",
                    () -> ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        }
        if (ControlApi.handles(path)) {
            return new Route(ControlApi.routeName(path), () -> control.handle(request));
        }
        if (!path.startsWith("/d/")) {
            return new Route("unknown", () -> {
                throw notFound(request);
            });
        }
        String rest = path.substring("/d/".length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String within = slash < 0 ? "" : rest.substring(slash + 1);
        Optional<Deployment> deployment = deployments.get(name);
        if (deployment.isEmpty()) {
            return new Route("unknown", () -> {
                throw ApiException.notFound(
                        "DeploymentNotFound",
                        "No deployment named \"" + name + "\" on this server (it serves " + deployments.names() + ")");
            });
        }
        Route inner = within(deployment.get(), within, request);
        return new Route(inner.name(), () -> deployment.get().serve(inner.handler()), inner.cors());
    }

    private Route within(Deployment deployment, String path, ApiRequest request) {
        if (path.startsWith("api/")) {
            String endpoint = path.substring("api/".length());
            return new Route(FunctionApi.routeName(endpoint), () -> api.handle(deployment, endpoint, request), true);
        }
        if (path.startsWith("v/")) {
            String[] parts = path.split("/", 3);
            if (parts.length == 3 && parts[2].startsWith("api/")) {
                String endpoint = parts[2].substring("api/".length());
                // the calls run code version parts[1] (see pinnedVersion): the application answers a
                // version it does not have, or one retired past its retention, with an error the client shows
                return new Route(
                        FunctionApi.routeName(endpoint), () -> api.handle(deployment, endpoint, request), true);
            }
        }
        if (path.equals("http") || path.startsWith("http/")) {
            String route = path.equals("http") ? "" : path.substring("http/".length());
            return new Route("http_action", () -> actions.handle(deployment, route, request));
        }
        if (path.startsWith("admin/")) {
            String endpoint = path.substring("admin/".length());
            return new Route(AdminApi.routeName(endpoint), () -> AdminApi.handle(deployment, endpoint, request));
        }
        return new Route("unknown", () -> {
            throw notFound(request);
        });
    }

    private static final java.util.regex.Pattern PINNED = java.util.regex.Pattern.compile("^/d/[^/]+/v/([^/]+)/api/.*");

    /**
     * The code version a function-API path pins ({@code /d/<deployment>/v/<version>/api/...}), whose
     * calls run that version's functions against the deployment's data (skew protection, ARCHITECTURE
     * §7); empty for the unpinned {@code /d/<deployment>/api/...}.
     */
    static Optional<String> pinnedVersion(String rawPath) {
        java.util.regex.Matcher m = PINNED.matcher(rawPath);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private ApiException notFound(ApiRequest request) {
        String example = deployments.names().stream().findFirst().orElse("<deployment>");
        return ApiException.notFound(
                "NotFound",
                "No route for " + request.method() + " " + request.rawPath() + ". Deployment APIs are under /d/"
                        + "<deployment>/api/..., e.g. /d/" + example + "/api/query; HTTP actions under /d/" + example
                        + "/http/...; the control API under /control/... (docs/ADMIN-API.md)");
    }
}
