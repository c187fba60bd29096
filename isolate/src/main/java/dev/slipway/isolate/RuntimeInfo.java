package dev.slipway.isolate;

import java.util.Objects;

/**
 * Which GraalJS runtime a {@link JsRuntime} got.
 *
 * @param mode optimizing (Truffle compiles hot JavaScript with Graal) or interpreter only
 * @param implementationName the polyglot engine's own name for it ({@code "GraalVM CE"}, {@code
 *     "Interpreted"})
 * @param graalVersion the GraalVM polyglot version
 */
public record RuntimeInfo(Mode mode, String implementationName, String graalVersion) {
    public RuntimeInfo {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(implementationName, "implementationName");
        Objects.requireNonNull(graalVersion, "graalVersion");
    }

    /** The two ways GraalJS can run. */
    public enum Mode {
        /** Truffle's optimizing runtime: the Graal compiler is on the upgrade module path with JVMCI on. */
        OPTIMIZING,
        /** The fallback runtime: AST interpretation only, 10-16x slower than V8. */
        INTERPRETER
    }

    @Override
    public String toString() {
        return (mode == Mode.OPTIMIZING ? "optimizing" : "interpreter-only") + " GraalJS runtime (" + implementationName
                + ", GraalVM " + graalVersion + ")";
    }
}
