package dev.slipway.isolate;

import java.io.OutputStream;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The one engine and the one context configuration (ARCHITECTURE §6): every context shares the
 * engine, so parsed and compiled code is shared, and every context is built the same way, which
 * sharing requires.
 *
 * <ul>
 *   <li>{@link SandboxPolicy#CONSTRAINED}: the policy validates the rest of the configuration.
 *   <li>Host access: none. {@code HostAccess.NONE} still allows mutable target mappings, which
 *       CONSTRAINED refuses, so they are switched off; JavaScript sees host objects only as the
 *       bridge's proxies.
 *   <li>I/O: only the version's {@link ModuleFileSystem} (read-only, in memory; see there why not
 *       {@code IOAccess.NONE}).
 *   <li>{@code js.load}, {@code js.print} and {@code js.graal-builtin} off (no {@code load}, {@code
 *       print}, {@code Graal}); CONSTRAINED has no {@code Java} or {@code Polyglot} global anyway.
 *       {@code js.text-encoding} on for TextEncoder/TextDecoder; {@code js.esm-eval-returns-exports}
 *       so evaluating a module yields its namespace. Time zone UTC, as Convex pins it.
 *   <li>Output streams discarded (console is the runtime's own); the engine's error stream is logged.
 *   <li>One {@link ResourceLimits} with the statement limit, reset before every run of JavaScript; it
 *       counts user code only ({@link #countsStatements}).
 * </ul>
 */
final class Sandbox implements AutoCloseable {
    private static final HostAccess HOST_ACCESS =
            HostAccess.newBuilder(HostAccess.NONE).allowMutableTargetMappings().build();

    private final Engine engine;
    private final RuntimeInfo info;
    private final Prelude prelude;
    private final ResourceLimits limits;
    private final ConcurrentMap<String, Source> loaders = new ConcurrentHashMap<>();

    private Sandbox(Engine engine, Prelude prelude, ResourceLimits limits) {
        this.engine = engine;
        this.prelude = prelude;
        this.limits = limits;
        String implementation = engine.getImplementationName();
        RuntimeInfo.Mode mode = implementation.equalsIgnoreCase("Interpreted")
                ? RuntimeInfo.Mode.INTERPRETER
                : RuntimeInfo.Mode.OPTIMIZING;
        // Maven-published GraalVM jars report "Development Build" as the engine version; the jar knows better.
        String version = engine.getVersion();
        String packaged = Engine.class.getPackage().getImplementationVersion();
        this.info = new RuntimeInfo(mode, implementation, packaged != null ? packaged : version);
    }

    static Sandbox create(RuntimeOptions options) {
        Engine engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(new EngineLog())
                .build();
        try {
            ResourceLimits limits = ResourceLimits.newBuilder()
                    .statementLimit(options.statementLimit(), Sandbox::countsStatements)
                    .build();
            return new Sandbox(engine, Prelude.load(), limits);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * Whether the statement limit counts the statements of {@code source}: user code (the bundled
     * modules, {@code eval}) does; the runtime's own prelude does not, since it runs after every call
     * (the built-ins check) and between steps, and an uncounted statement is one the engine does not
     * instrument at all. The prelude's loops are bounded, and the watchdog's time limit covers it too.
     */
    private static boolean countsStatements(Source source) {
        return !source.getName().startsWith(Prelude.SOURCE_PREFIX);
    }

    RuntimeInfo info() {
        return info;
    }

    /** A new context for {@code version}, with the whole prelude evaluated. */
    JsContext newContext(CodeVersion version) {
        Context context = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HOST_ACCESS)
                .allowIO(IOAccess.newBuilder().fileSystem(version.fileSystem()).build())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .timeZone(ZoneId.of("UTC"))
                .resourceLimits(limits)
                .option("js.esm-eval-returns-exports", "true")
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .option("js.text-encoding", "true")
                .build();
        try {
            HostBridge bridge = new HostBridge();
            Value inspect = context.eval(prelude.inspect());
            Value driver = context.eval(prelude.core()).execute(bridge.proxy(), inspect);
            for (Source web : prelude.web()) {
                context.eval(web);
            }
            context.eval(prelude.finish()).execute(driver.getMember("internal"));
            return new JsContext(version, context, bridge, driver, this::loader);
        } catch (PolyglotException e) {
            context.close(true);
            String where = e.getSourceLocation() == null
                    ? ""
                    : " at " + e.getSourceLocation().getSource().getName() + ":"
                            + e.getSourceLocation().getStartLine();
            throw new IsolateException(
                    IsolateException.INTERNAL, "The runtime prelude failed" + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The module that imports {@code modulePath} and exports its namespace as {@code m}. Modules are
     * evaluated through an import, never as a source of their own, so GraalJS's module map keeps one
     * instance per path even when entry modules import each other.
     */
    private Source loader(String modulePath) {
        return loaders.computeIfAbsent(
                modulePath,
                path -> Source.newBuilder(
                                "js",
                                "import * as m from "
                                        + JsonStrings.quote(
                                                ModuleFileSystem.pathOf(path).toString()) + ";\nexport { m };\n",
                                Prelude.SOURCE_PREFIX + "load/" + path)
                        .mimeType("application/javascript+module")
                        .cached(true)
                        .buildLiteral());
    }

    @Override
    public void close() {
        engine.close(true);
    }
}
