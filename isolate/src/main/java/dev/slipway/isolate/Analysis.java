package dev.slipway.isolate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link JsRuntime#analyze} found in a code version (interface reference §5.3, §5.8-5.10).
 *
 * @param functions every registered function exported by a module outside {@code _deps/}, in module
 *     then export order
 * @param httpRoutes the routes of {@code http.js}'s default-exported router, in {@code getRoutes()}
 *     order; empty without one
 * @param schemaJson {@code schema.js}'s default export {@code .export()}, JSON text
 * @param cronsJson {@code crons.js}'s default export {@code .export()}, JSON text
 */
public record Analysis(
        List<AnalyzedFunction> functions,
        List<HttpRoute> httpRoutes,
        Optional<String> schemaJson,
        Optional<String> cronsJson) {

    public Analysis {
        functions = List.copyOf(functions);
        httpRoutes = List.copyOf(httpRoutes);
        Objects.requireNonNull(schemaJson, "schemaJson");
        Objects.requireNonNull(cronsJson, "cronsJson");
    }

    /** The function exported as {@code exportName} from {@code module}, if it is registered. */
    public Optional<AnalyzedFunction> function(String module, String exportName) {
        return functions.stream()
                .filter(f -> f.module().equals(module) && f.exportName().equals(exportName))
                .findFirst();
    }

    /**
     * One registered function.
     *
     * @param module the module path, e.g. {@code "messages.js"}
     * @param exportName the export, {@code "default"} for a default export
     * @param kind from the {@code isQuery}/{@code isMutation}/{@code isAction}/{@code isHttp} flag
     * @param visibility {@code isPublic} or {@code isInternal}; HTTP actions are always public
     * @param argsJson {@code exportArgs()} text; empty for HTTP actions, which have none
     * @param returnsJson {@code exportReturns()} text; empty when it is {@code null} (no returns
     *     validator) and for HTTP actions
     */
    public record AnalyzedFunction(
            String module,
            String exportName,
            FunctionKind kind,
            Visibility visibility,
            Optional<String> argsJson,
            Optional<String> returnsJson) {
        public AnalyzedFunction {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(exportName, "exportName");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(visibility, "visibility");
            Objects.requireNonNull(argsJson, "argsJson");
            Objects.requireNonNull(returnsJson, "returnsJson");
        }
    }

    /**
     * One route of the HTTP router.
     *
     * @param path an exact path ({@code "/hello"}) or a prefix followed by {@code *} ({@code "/files/*"}),
     *     as {@code getRoutes()} shows it
     * @param method {@code GET}, {@code POST}, ...
     */
    public record HttpRoute(String path, String method) {
        public HttpRoute {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(method, "method");
        }
    }
}
