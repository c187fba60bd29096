package dev.slipway.application;

import dev.slipway.isolate.CodeVersion;
import dev.slipway.schema.Schema;
import java.util.Map;
import java.util.Optional;

/**
 * The code a deployment runs: one pushed set of modules, loaded in the runtime with the deployment's
 * environment variables, and what analysis found in it.
 *
 * @param versionId the content hash of the modules (a short hex string)
 * @param version the loaded modules in the runtime
 * @param functions every exported function by path
 * @param schema the schema of {@code schema.js}, when the app has one
 * @param hasHttpRouter whether {@code http.js} exports a router
 */
public record DeployedCode(
        String versionId,
        CodeVersion version,
        Map<FunctionPath, FunctionSpec> functions,
        Optional<Schema> schema,
        boolean hasHttpRouter) {

    public DeployedCode {
        functions = Map.copyOf(functions);
    }

    /**
     * The same code under environment variables {@code environment} ({@link CodeVersion#withEnvironment}):
     * this when they are unchanged, else a copy whose calls run in contexts loaded with the new values.
     */
    public DeployedCode withEnvironment(Map<String, String> environment) {
        CodeVersion next = version.withEnvironment(environment);
        return next == version ? this : new DeployedCode(versionId, next, functions, schema, hasHttpRouter);
    }

    /** The function at {@code path}, if the code exports one there. */
    public Optional<FunctionSpec> function(FunctionPath path) {
        return Optional.ofNullable(functions.get(path));
    }
}
