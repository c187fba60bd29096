package dev.slipway.integration.functions;

import dev.slipway.application.Application;
import dev.slipway.application.FunctionCall;
import dev.slipway.application.FunctionPath;
import dev.slipway.application.FunctionResult;
import dev.slipway.isolate.HttpActionResult;
import dev.slipway.isolate.HttpHeader;
import dev.slipway.isolate.InvocationResult;
import dev.slipway.isolate.LogLine;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a fixture-app scenario (format in {@code src/test/fixture-app/README.md}) on a Slipway {@link
 * Application}, as an admin, and returns one result per call in the oracle's shape: {@code {"ok":
 * true, "value", "logs"}}, {@code {"ok": false, "message", "data"?, "logs"}} or {@code {"ok": false,
 * "skipped": true}}.
 */
final class ScenarioRunner {
    private final Application app;
    private final List<Map<String, Object>> results = new ArrayList<>();

    private ScenarioRunner(Application app) {
        this.app = app;
    }

    static List<Map<String, Object>> run(Application app, String scenarioJson) {
        ScenarioRunner runner = new ScenarioRunner(app);
        @SuppressWarnings("unchecked")
        Map<String, Object> scenario = (Map<String, Object>) JsonTree.parse(scenarioJson);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> calls =
                (List<Map<String, Object>>) java.util.Objects.requireNonNull(scenario.get("calls"), "calls");
        for (int i = 0; i < calls.size(); i++) {
            runner.results.add(runner.call(i, calls.get(i)));
        }
        return runner.results;
    }

    private Map<String, Object> call(int i, Map<String, Object> call) {
        try {
            if ("http".equals(call.get("kind"))) {
                return http(i, call);
            }
            Object args = resolve(call.getOrDefault("args", new LinkedHashMap<>()));
            return function(i, (String) call.getOrDefault("kind", ""), (String) call.getOrDefault("path", ""), args);
        } catch (Unresolved e) {
            Map<String, Object> skipped = new LinkedHashMap<>();
            skipped.put("ok", false);
            skipped.put("skipped", true);
            return skipped;
        }
    }

    private Map<String, Object> function(int i, String kind, String path, Object args) {
        Value decoded;
        FunctionPath functionPath;
        try {
            decoded = ConvexJson.decode(JsonTree.write(args));
            functionPath = FunctionPath.parse(path);
        } catch (SlipwayException e) {
            return failure(String.valueOf(e.getMessage()), Optional.empty(), List.of());
        }
        if (!(decoded instanceof Value.Obj obj)) {
            return failure("The arguments must be an object, got " + JsonTree.write(args), Optional.empty(), List.of());
        }
        FunctionCall call = new FunctionCall(
                functionPath, obj, FunctionCall.Caller.ADMIN, FunctionCall.RequestInfo.of("call-" + i));
        FunctionResult result = switch (kind) {
            case "query" -> app.query(call);
            case "mutation" -> app.mutation(call);
            case "action" -> app.action(call);
            default -> throw new IllegalArgumentException("call " + i + ": unknown kind " + kind);
        };
        return switch (result) {
            case FunctionResult.Success success -> {
                Map<String, Object> ok = new LinkedHashMap<>();
                ok.put("ok", true);
                ok.put("value", JsonTree.parse(ConvexJson.encode(success.value())));
                ok.put("logs", render(success.logLines()));
                yield ok;
            }
            case FunctionResult.Failure failure -> failure(failure.message(), failure.data(), failure.logLines());
        };
    }

    private Map<String, Object> http(int i, Map<String, Object> call) {
        String method = (String) call.getOrDefault("method", "GET");
        List<HttpHeader> headers = new ArrayList<>();
        if (call.get("headers") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> headers.add(new HttpHeader((String) name, (String) value)));
        }
        byte[] body = new byte[0];
        if (call.containsKey("json")) {
            body = JsonTree.write(resolve(call.get("json"))).getBytes(StandardCharsets.UTF_8);
            if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("content-type"))) {
                headers.add(new HttpHeader("content-type", "application/json"));
            }
        } else if (call.get("body") instanceof String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        HttpActionResult result = app.http(
                method,
                URI.create("http://fixture.test" + call.get("path")),
                headers,
                body,
                FunctionCall.RequestInfo.of("call-" + i));
        return switch (result.outcome()) {
            case HttpActionResult.Response response -> {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("status", new BigDecimal(response.status()));
                value.put(
                        "contentType",
                        response.headers().stream()
                                .filter(h -> h.name().equalsIgnoreCase("content-type"))
                                .map(h -> (Object) h.value())
                                .findFirst()
                                .orElse(JsonTree.NULL));
                value.put("body", new String(response.body(), StandardCharsets.UTF_8));
                Map<String, Object> ok = new LinkedHashMap<>();
                ok.put("ok", true);
                ok.put("value", value);
                ok.put("logs", render(result.logLines()));
                yield ok;
            }
            case InvocationResult.Failure failure ->
                failure(failure.message(), failure.errorDataJson().map(ConvexJson::decode), result.logLines());
        };
    }

    private static Map<String, Object> failure(String message, Optional<Value> data, List<LogLine> logs) {
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("ok", false);
        failure.put("message", message);
        data.ifPresent(d -> failure.put("data", JsonTree.parse(ConvexJson.encode(d))));
        failure.put("logs", render(logs));
        return failure;
    }

    private static List<Object> render(List<LogLine> lines) {
        return lines.stream().map(line -> (Object) line.render()).toList();
    }

    // ---- $ref ----------------------------------------------------------------------------------

    /** A {@code $ref} to a failed call or a path that is not there: the call is skipped. */
    private static final class Unresolved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unresolved() {
            super(null, null, false, false);
        }
    }

    private Object resolve(Object value) {
        return switch (value) {
            case Map<?, ?> map when map.size() == 1 && map.containsKey("$ref") -> lookup((List<?>) map.get("$ref"));
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put((String) k, resolve(v)));
                yield copy;
            }
            case List<?> list -> list.stream().map(this::resolve).toList();
            default -> value;
        };
    }

    private Object lookup(List<?> ref) {
        int k = ((BigDecimal) ref.get(0)).intValueExact();
        Map<String, Object> earlier = results.get(k);
        if (!Boolean.TRUE.equals(earlier.get("ok"))) {
            throw new Unresolved();
        }
        Object value = earlier.getOrDefault("value", JsonTree.NULL);
        String path = ref.size() > 1 ? (String) ref.get(1) : "";
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            value = switch (value) {
                case Map<?, ?> map when map.get(part) != null -> java.util.Objects.requireNonNull(map.get(part));
                case List<?> list
                when part.matches("\\d+") && Integer.parseInt(part) < list.size() -> list.get(Integer.parseInt(part));
                default -> throw new Unresolved();
            };
        }
        return value;
    }
}
