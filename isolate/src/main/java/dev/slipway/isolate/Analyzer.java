package dev.slipway.isolate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * Reads what a code version exports: every module outside {@code _deps/} is imported and described by
 * {@code core.js} ({@code describe}), which finds registered functions by their {@code isQuery} /
 * {@code isMutation} / {@code isAction} / {@code isHttp} flags, and reads the default exports of
 * {@code http.js} ({@code getRoutes()}), {@code schema.js} and {@code crons.js} ({@code export()}).
 */
final class Analyzer {
    private Analyzer() {}

    /**
     * @param importModule imports a module into {@code context} and returns its namespace
     * @throws JsContext.ModuleFailure when a module throws at import or while it is described
     */
    static Analysis analyze(CodeVersion version, JsContext context, Function<String, Value> importModule) {
        List<Analysis.AnalyzedFunction> functions = new ArrayList<>();
        List<Analysis.HttpRoute> routes = new ArrayList<>();
        Optional<String> schema = Optional.empty();
        Optional<String> crons = Optional.empty();
        for (String path : version.modules().keySet()) {
            if (path.startsWith("_deps/")) {
                continue;
            }
            Value described = describe(context, path, importModule.apply(path));
            Value list = described.getMember("functions");
            for (long i = 0; i < list.getArraySize(); i++) {
                functions.add(function(path, list.getArrayElement(i)));
            }
            Value routeList = described.getMember("routes");
            for (long i = 0; !routeList.isNull() && i < routeList.getArraySize(); i++) {
                Value route = routeList.getArrayElement(i);
                routes.add(new Analysis.HttpRoute(
                        route.getMember("path").asString(),
                        route.getMember("method").asString()));
            }
            if (Outcomes.string(described, "schema").isPresent()) {
                schema = Outcomes.string(described, "schema");
            }
            if (Outcomes.string(described, "crons").isPresent()) {
                crons = Outcomes.string(described, "crons");
            }
        }
        return new Analysis(functions, routes, schema, crons);
    }

    private static Value describe(JsContext context, String path, Value namespace) {
        try {
            return context.describe(namespace, path);
        } catch (PolyglotException e) {
            if (!e.isGuestException() || e.isInterrupted() || e.isCancelled() || e.isResourceExhausted()) {
                throw e;
            }
            throw new JsContext.ModuleFailure(path, e);
        }
    }

    private static Analysis.AnalyzedFunction function(String path, Value f) {
        FunctionKind kind = switch (f.getMember("kind").asString()) {
            case "Query" -> FunctionKind.QUERY;
            case "Mutation" -> FunctionKind.MUTATION;
            case "Action" -> FunctionKind.ACTION;
            default -> FunctionKind.HTTP_ACTION;
        };
        Visibility visibility =
                f.getMember("visibility").asString().equals("internal") ? Visibility.INTERNAL : Visibility.PUBLIC;
        return new Analysis.AnalyzedFunction(
                path,
                f.getMember("name").asString(),
                kind,
                visibility,
                Outcomes.string(f, "args"),
                Outcomes.string(f, "returns"));
    }
}
