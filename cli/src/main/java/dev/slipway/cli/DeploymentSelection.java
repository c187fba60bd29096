package dev.slipway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes which deployment an app talks to into its {@code .env.local}, as {@code deployment select}
 * (and {@code deployment create --select}) do: {@code SLIPWAY_DEPLOYMENT}, the deployment's name, and
 * {@code SLIPWAY_URL}, its client URL {@code http://host:port/d/<name>}, which is what a {@code
 * convex} client is constructed with. When {@code package.json} shows a frontend framework, its URL
 * variable gets the same URL: {@code VITE_CONVEX_URL} for Vite, {@code NEXT_PUBLIC_CONVEX_URL} for
 * Next.js. Every other line of the file stays as it was ({@link EnvFile}).
 */
final class DeploymentSelection {
    /** The URL variable of Vite apps. */
    static final String VITE_VAR = "VITE_CONVEX_URL";
    /** The URL variable of Next.js apps. */
    static final String NEXT_VAR = "NEXT_PUBLIC_CONVEX_URL";

    private DeploymentSelection() {}

    /** A deployment's client URL on the server at {@code serverUrl}. */
    static String clientUrl(String serverUrl, String name) {
        return serverUrl + "/d/" + name;
    }

    /**
     * Selects deployment {@code name} of the server at {@code serverUrl} for the app in {@code appDir}.
     *
     * @return the variables written, in order
     */
    static Map<String, String> select(Path appDir, String serverUrl, String name) {
        Map<String, String> values = variables(appDir, serverUrl, name);
        EnvFile.update(appDir.resolve(EnvFile.NAME), values);
        return values;
    }

    /**
     * {@link #select} plus {@code SLIPWAY_DEPLOY_KEY}: a deployment token for the app, so the key and
     * the URL in the file always name the same deployment.
     *
     * @return the variables written, in order
     */
    static Map<String, String> saveDeployKey(Path appDir, String serverUrl, String name, String secret) {
        Map<String, String> values = variables(appDir, serverUrl, name);
        values.put(DeploymentTarget.DEPLOY_KEY_VAR, secret);
        EnvFile.update(appDir.resolve(EnvFile.NAME), values);
        return values;
    }

    private static Map<String, String> variables(Path appDir, String serverUrl, String name) {
        String url = clientUrl(serverUrl, name);
        Map<String, String> values = new LinkedHashMap<>();
        values.put(DeploymentTarget.DEPLOYMENT_VAR, name);
        values.put(DeploymentTarget.URL_VAR, url);
        frameworkVariables(appDir).forEach(variable -> values.put(variable, url));
        return values;
    }

    /**
     * The URL variables of the frameworks {@code appDir/package.json} depends on (in {@code
     * dependencies} or {@code devDependencies}): {@code vite}, {@code next}. None without a {@code
     * package.json}.
     *
     * @throws CliException (failed) when {@code package.json} is not a JSON object, naming the file
     */
    static List<String> frameworkVariables(Path appDir) {
        Path file = appDir.resolve("package.json");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Json json;
        try {
            json = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CliException.failed("cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw CliException.failed(file + " is not valid JSON: " + e.getMessage());
        }
        if (!(json instanceof Json.Obj)) {
            throw CliException.failed(file + " is not a JSON object");
        }
        List<String> variables = new ArrayList<>();
        if (dependsOn(json, "vite")) {
            variables.add(VITE_VAR);
        }
        if (dependsOn(json, "next")) {
            variables.add(NEXT_VAR);
        }
        return variables;
    }

    private static boolean dependsOn(Json packageJson, String name) {
        return packageJson.get("dependencies").flatMap(d -> d.get(name)).isPresent()
                || packageJson.get("devDependencies").flatMap(d -> d.get(name)).isPresent();
    }
}
