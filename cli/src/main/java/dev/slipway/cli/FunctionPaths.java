package dev.slipway.cli;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import dev.slipway.value.ValueFormat;
import java.util.regex.Pattern;

/**
 * What {@code slipway run} reads and prints: the function name as people type it, {@code
 * ARGS_JSON}, and Convex values shown as plain JSON.
 */
final class FunctionPaths {
    private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_./-]+");
    private static final Pattern EXPORT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private FunctionPaths() {}

    /**
     * {@code messages:list}, {@code messages.js:list}, {@code convex/messages.ts:list}, {@code
     * dir/file:fn}, or a module alone for its default export → the canonical {@code
     * module:export}.
     *
     * @throws CliException (usage) naming what is wrong with the name
     */
    static String canonical(String name) {
        String trimmed = name.strip();
        int colon = trimmed.lastIndexOf(':');
        String module = colon < 0 ? trimmed : trimmed.substring(0, colon);
        String export = colon < 0 ? "default" : trimmed.substring(colon + 1);
        if (module.startsWith("convex/")) {
            module = module.substring("convex/".length());
        }
        module = module.replaceFirst("\\.(js|mjs|cjs|ts|tsx|mts|cts|jsx)$", "");
        if (module.isEmpty() || !MODULE.matcher(module).matches() || module.startsWith("/") || module.endsWith("/")) {
            throw CliException.usage("\"" + name + "\" is not a function name: expected module:export, e.g."
                    + " messages:list or admin/stats:summary");
        }
        if (!EXPORT.matcher(export).matches()) {
            throw CliException.usage("\"" + name + "\" is not a function name: the export \"" + export
                    + "\" is not a JavaScript identifier (expected module:export, e.g. messages:list)");
        }
        return module + ":" + export;
    }

    /**
     * Parses {@code ARGS_JSON}: a JSON object (JSON5's unquoted names, single quotes and trailing
     * commas allowed, as {@code npx convex run} allows them), read as Convex-JSON (so {@code
     * {"$integer": ...}} works), and answers it as Convex-JSON text.
     *
     * @throws CliException (usage) saying what is wrong and where
     */
    static String args(String text) {
        String json;
        try {
            json = Json.parseLenient(text).text();
        } catch (IllegalArgumentException e) {
            throw CliException.usage("ARGS_JSON is not valid JSON: " + e.getMessage() + " (got " + abbreviate(text)
                    + "; e.g. '{\"body\": \"hi\"}')");
        }
        Value value;
        try {
            value = ConvexJson.decode(json);
        } catch (SlipwayException e) {
            throw CliException.usage(
                    "ARGS_JSON is not a valid Convex value: " + e.getMessage() + " (got " + abbreviate(text) + ")");
        }
        if (!(value instanceof Value.Obj)) {
            throw CliException.usage("ARGS_JSON must be a JSON object of the function's arguments, e.g."
                    + " '{\"body\": \"hi\"}', got " + abbreviate(text));
        }
        return ConvexJson.encode(value);
    }

    /**
     * A Convex-JSON value as people read it: plain JSON (int64 as a string of digits, bytes as base64),
     * indented.
     */
    static String display(Json convexJson) {
        try {
            Value value = ConvexJson.decode(convexJson.text());
            return Json.parse(ValueFormat.JSON.encode(value)).pretty();
        } catch (SlipwayException | IllegalArgumentException e) {
            return convexJson.pretty(); // not a Convex value after all: show it as it came
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
