package dev.slipway.application;

import java.util.regex.Pattern;

/**
 * The address of a function: a module path in the app's {@code convex/} directory ({@code
 * "messages.js"}, {@code "admin/stats.js"}) and an export name ({@code "list"}, or {@code "default"}).
 *
 * <p>Clients name functions as Convex does: {@code "messages:list"}, {@code "admin/stats:daily"},
 * {@code "messages.js:list"}, or a bare module ({@code "messages"}) for its default export. {@link
 * #parse} accepts each of these; {@link #toString()} gives the canonical client form, without {@code
 * .js} ({@code "messages:list"}, and the bare module for a default export).
 */
public record FunctionPath(String module, String export) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** @throws ApplicationException ({@link ApplicationException#INVALID_FUNCTION_PATH}) naming the bad part */
    public FunctionPath {
        checkModule(module);
        if (!IDENTIFIER.matcher(export).matches()) {
            throw invalid(module + ":" + export, "the export name \"" + export + "\" is not a JavaScript identifier");
        }
    }

    /**
     * Parses a client function path.
     *
     * @throws ApplicationException ({@link ApplicationException#INVALID_FUNCTION_PATH}) for an empty
     *     path, an absolute or {@code ..} module path, or an export that is not an identifier
     */
    public static FunctionPath parse(String path) {
        int colon = path.lastIndexOf(':');
        String module = colon < 0 ? path : path.substring(0, colon);
        String export = colon < 0 ? "default" : path.substring(colon + 1);
        if (module.isEmpty()) {
            throw invalid(path, "the module path is empty");
        }
        return new FunctionPath(module.endsWith(".js") ? module : module + ".js", export);
    }

    /** The module path without {@code .js}, as Convex shows it. */
    public String moduleName() {
        return module.substring(0, module.length() - ".js".length());
    }

    @Override
    public String toString() {
        return export.equals("default") ? moduleName() : moduleName() + ":" + export;
    }

    private static void checkModule(String module) {
        if (!module.endsWith(".js") || module.length() == ".js".length()) {
            throw invalid(module, "a module path must name a .js module, such as \"messages.js\"");
        }
        for (String segment : module.split("/", -1)) {
            if (segment.isEmpty()
                    || segment.equals("..")
                    || segment.equals(".")
                    || !SEGMENT.matcher(segment).matches()) {
                throw invalid(
                        module,
                        "the module path segment \"" + segment + "\" is not allowed (use relative paths of letters,"
                                + " digits, _, - and .)");
            }
        }
    }

    private static ApplicationException invalid(String path, String why) {
        return new ApplicationException(
                ApplicationException.INVALID_FUNCTION_PATH, "Invalid function path \"" + path + "\": " + why);
    }
}
