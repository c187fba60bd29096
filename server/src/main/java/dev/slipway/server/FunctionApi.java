package dev.slipway.server;

import dev.slipway.application.Application;
import dev.slipway.application.DeployedCode;
import dev.slipway.application.FunctionCall;
import dev.slipway.application.FunctionCall.Caller;
import dev.slipway.application.FunctionPath;
import dev.slipway.application.FunctionResult;
import dev.slipway.application.FunctionSpec;
import dev.slipway.database.DatabaseException;
import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.EncodedTs;
import dev.slipway.sync.protocol.ProtocolException;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import dev.slipway.value.ValueFormat;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Convex's HTTP function API under {@code /d/<deployment>/api/} (interface reference §3): {@code
 * query} (POST and GET), {@code mutation}, {@code action}, {@code function}, {@code run/<path>},
 * {@code query_ts}, {@code query_at_ts}, {@code query_batch}, and {@code debug_event}.
 *
 * <p>A function's own failure (it threw, bad arguments, unknown function) is a 200 with {@code
 * {"status":"error"}}; a request that cannot be run at all (malformed JSON, bad path, unknown format,
 * bad credentials) is a 4xx with {@code {code, message}}. Arguments come as an object or as a
 * one-element array of one (what {@code ConvexHttpClient} sends), always as Convex-JSON; {@code
 * format} shapes only the returned value and error data.
 */
final class FunctionApi {
    private final Metrics metrics;

    FunctionApi(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The route name for metrics of {@code endpoint} (the path after {@code api/}). */
    static String routeName(String endpoint) {
        if (endpoint.startsWith("run/")) {
            return "api/run";
        }
        if (endpoint.endsWith("/sync")) {
            return "api/sync";
        }
        return switch (endpoint) {
            case "query", "mutation", "action", "function", "query_ts", "query_at_ts", "query_batch", "debug_event" ->
                "api/" + endpoint;
            default -> "api/unknown";
        };
    }

    ApiResponse handle(Deployment deployment, String endpoint, ApiRequest request) {
        if (endpoint.startsWith("run/")) {
            requireMethod(request, "POST");
            return run(deployment, endpoint.substring("run/".length()), request);
        }
        if (endpoint.endsWith("/sync") && endpoint.indexOf('/') == endpoint.lastIndexOf('/')) {
            throw ApiException.badRequest(
                    "WebSocketUpgradeRequired",
                    "/api/<version>/sync is the WebSocket sync endpoint; open it as a WebSocket");
        }
        return switch (endpoint) {
            case "query" ->
                request.isMethod("GET") ? queryGet(deployment, request) : call(deployment, request, Kind.QUERY);
            case "mutation" -> call(deployment, post(request), Kind.MUTATION);
            case "action" -> call(deployment, post(request), Kind.ACTION);
            case "function" -> call(deployment, post(request), Kind.ANY);
            case "query_ts" -> queryTs(deployment);
            case "query_at_ts" -> queryAtTs(deployment, post(request));
            case "query_batch" -> queryBatch(deployment, post(request));
            case "debug_event" -> ApiResponse.json(200, "{}");
            default ->
                throw ApiException.notFound(
                        "NotFound",
                        "No API endpoint /api/" + endpoint + " (known: query, mutation, action, function, run/<path>,"
                                + " query_ts, query_at_ts, query_batch, <version>/sync)");
        };
    }

    private enum Kind {
        QUERY("query"),
        MUTATION("mutation"),
        ACTION("action"),
        ANY("function");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    // ---- endpoints ---------------------------------------------------------------------------

    private ApiResponse call(Deployment deployment, ApiRequest request, Kind kind) {
        requireMethod(request, "POST");
        JsonIn body = JsonIn.parse(request.bodyText(), "the request body");
        if (body.optionalString("componentPath").filter(p -> !p.isEmpty()).isPresent()) {
            throw ApiException.badRequest(
                    "ComponentsNotSupported", "Components are not supported yet: componentPath must be absent or \"\"");
        }
        ValueFormat format = format(body.optionalString("format"), request);
        FunctionCall call = functionCall(deployment, request, body.string("path"), args(body));
        return ApiResponse.json(200, udfResponse(execute(deployment, call, kind), format));
    }

    private ApiResponse queryGet(Deployment deployment, ApiRequest request) {
        String path = request.queryParam("path")
                .orElseThrow(() -> ApiException.badRequest("BadQueryString", "GET /api/query needs ?path=<function>"));
        Value.Obj args =
                request.queryParam("args").map(FunctionApi::argsFromText).orElse(Value.Obj.empty());
        ValueFormat format = format(request.queryParam("format"), request);
        FunctionCall call = functionCall(deployment, request, path, args);
        return ApiResponse.json(200, udfResponse(execute(deployment, call, Kind.QUERY), format));
    }

    private ApiResponse run(Deployment deployment, String rawPath, ApiRequest request) {
        List<String> parts = new ArrayList<>();
        for (String part : rawPath.split("/", -1)) {
            try {
                parts.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(
                        "BadFunctionPath", "The path segment \"" + part + "\" is not percent-encoded correctly");
            }
        }
        if (parts.size() < 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest(
                    "MissingIdentifier", "Path or function name not provided in path, e.g. /api/run/messages/list");
        }
        String function = parts.removeLast();
        JsonIn body = JsonIn.parse(request.bodyText(), "the request body");
        ValueFormat format =
                body.optionalString("format").map(FunctionApi::parseFormat).orElse(ValueFormat.JSON);
        FunctionCall call = functionCall(deployment, request, String.join("/", parts) + ":" + function, args(body));
        return ApiResponse.json(200, udfResponse(execute(deployment, call, Kind.ANY), format));
    }

    private static ApiResponse queryTs(Deployment deployment) {
        Timestamp ts = deployment.database().lastCommitted();
        return ApiResponse.json(200, JsonOut.object(o -> o.field("ts", EncodedTs.encode(ts))));
    }

    private ApiResponse queryAtTs(Deployment deployment, ApiRequest request) {
        JsonIn body = JsonIn.parse(request.bodyText(), "the request body");
        Timestamp ts = timestamp(body.string("ts"));
        ValueFormat format = format(body.optionalString("format"), request);
        FunctionCall call = functionCall(deployment, request, body.string("path"), args(body));
        FunctionResult result = queryAt(deployment, call, ts);
        return ApiResponse.json(200, udfResponse(result, format));
    }

    private ApiResponse queryBatch(Deployment deployment, ApiRequest request) {
        JsonIn body = JsonIn.parse(request.bodyText(), "the request body");
        List<String> queries = body.array("queries");
        Timestamp ts = deployment.database().lastCommitted();
        List<String> results = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            JsonIn query = JsonIn.parse(queries.get(i), "queries[" + i + "]");
            ValueFormat format = format(query.optionalString("format"), request);
            FunctionCall call = functionCall(deployment, request, query.string("path"), args(query));
            results.add(udfResponse(queryAt(deployment, call, ts), format));
        }
        return ApiResponse.json(200, JsonOut.object(o -> o.arrayField("results", a -> results.forEach(a::rawElement))));
    }

    // ---- running -----------------------------------------------------------------------------

    private FunctionResult execute(Deployment deployment, FunctionCall call, Kind kind) {
        Application app = deployment.app();
        FunctionResult result = switch (kind) {
            case QUERY -> app.query(call);
            case MUTATION -> app.mutation(call);
            case ACTION -> app.action(call);
            case ANY -> app.run(call);
        };
        metrics.functionCall(kind == Kind.ANY ? kindOf(app, call.path()) : kind.label, "http", Calls.succeeded(result));
        return forClient(deployment, call, result);
    }

    private FunctionResult queryAt(Deployment deployment, FunctionCall call, Timestamp ts) {
        try {
            FunctionResult result = deployment.app().queryAt(call, ts);
            metrics.functionCall("query", "http", Calls.succeeded(result));
            return forClient(deployment, call, result);
        } catch (DatabaseException e) {
            throw ApiException.badRequest(e.code(), String.valueOf(e.getMessage()));
        }
    }

    /** The result as the caller may see it on this deployment ({@link ClientView}). */
    static FunctionResult forClient(Deployment deployment, FunctionCall call, FunctionResult result) {
        return ClientView.of(call, result, deployment.controlGate().settings(deployment.name()));
    }

    private static String kindOf(Application app, FunctionPath path) {
        return app.deployed()
                .flatMap((DeployedCode code) -> code.function(path))
                .map((FunctionSpec spec) -> spec.kind().displayName().toLowerCase(Locale.ROOT))
                .orElse("unknown");
    }

    // ---- request parts -----------------------------------------------------------------------

    private static FunctionCall functionCall(Deployment deployment, ApiRequest request, String path, Value.Obj args) {
        Caller caller = Auth.caller(request, deployment);
        FunctionCall.RequestInfo unpinned =
                new FunctionCall.RequestInfo(Calls.requestId(), request.remoteIp(), request.header("User-Agent"));
        FunctionCall.RequestInfo info =
                Router.pinnedVersion(request.rawPath()).map(unpinned::pinnedTo).orElse(unpinned);
        return new FunctionCall(FunctionPath.parse(path), args, caller, info);
    }

    /** The call's one argument object: {@code args} as an object, a one-element array of one, or absent. */
    static Value.Obj args(JsonIn body) {
        return body.raw("args").map(FunctionApi::argsFromText).orElse(Value.Obj.empty());
    }

    private static Value.Obj argsFromText(String json) {
        Value value;
        try {
            value = dev.slipway.value.ConvexJson.decode(json);
        } catch (SlipwayException e) {
            throw ApiException.badRequest("InvalidArgs", "args is not a valid Convex value: " + e.getMessage());
        }
        return switch (value) {
            case Value.Obj obj -> obj;
            case Value.Array array when array.elements().isEmpty() -> Value.Obj.empty();
            case Value.Array array
            when array.elements().size() == 1 && array.elements().getFirst() instanceof Value.Obj obj -> obj;
            default ->
                throw ApiException.badRequest(
                        "InvalidArgs",
                        "args must be an object, or an array holding one object, got " + abbreviate(json));
        };
    }

    private static ValueFormat format(Optional<String> format, ApiRequest request) {
        return format.map(FunctionApi::parseFormat)
                .orElseGet(() -> ClientVersion.defaultFormat(request.header("Convex-Client")));
    }

    private static ValueFormat parseFormat(String wire) {
        try {
            return ValueFormat.parse(wire);
        } catch (SlipwayException e) {
            throw ApiException.badRequest(e.code(), String.valueOf(e.getMessage()));
        }
    }

    private static Timestamp timestamp(String encoded) {
        try {
            return EncodedTs.decode(encoded, "ts");
        } catch (ProtocolException e) {
            throw ApiException.badRequest("InvalidTimestamp", String.valueOf(e.getMessage()));
        }
    }

    private static ApiRequest post(ApiRequest request) {
        requireMethod(request, "POST");
        return request;
    }

    private static void requireMethod(ApiRequest request, String... allowed) {
        if (Arrays.stream(allowed).noneMatch(request::isMethod)) {
            throw new ApiException(
                    405,
                    "MethodNotAllowed",
                    request.method() + " is not allowed here; use " + String.join(" or ", allowed));
        }
    }

    private static String abbreviate(String json) {
        return json.length() <= 60 ? json : json.substring(0, 57) + "...";
    }

    // ---- responses ---------------------------------------------------------------------------

    /** The {@code UdfResponse} body: {@code {status, value | errorMessage, errorData?, logLines?}}. */
    static String udfResponse(FunctionResult result, ValueFormat format) {
        return JsonOut.object(o -> {
            switch (result) {
                case FunctionResult.Success s -> {
                    o.field("status", "success").rawField("value", format.encode(s.value()));
                    logLines(o, s.logLines());
                }
                case FunctionResult.Failure f -> {
                    o.field("status", "error").field("errorMessage", f.message());
                    f.data().ifPresent(data -> o.rawField("errorData", format.encode(data)));
                    logLines(o, f.logLines());
                }
            }
        });
    }

    private static void logLines(JsonOut o, List<dev.slipway.isolate.LogLine> lines) {
        if (!lines.isEmpty()) {
            o.arrayField("logLines", a -> Calls.render(lines).forEach(a::element));
        }
    }
}
