package dev.slipway.isolate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JavaScript function runtime: one shared GraalJS engine, code versions loaded into it, and calls
 * of their functions in sandboxed contexts pooled per version (ARCHITECTURE §6, interface reference
 * §5-6).
 *
 * <p>Threads: JavaScript runs on a bounded pool of platform threads ({@link RuntimeOptions#threads()});
 * one scheduler thread fires timers and runs the {@link Watchdog}; interrupts run on their own threads
 * because they may block; {@code fetch} does its I/O on virtual threads. Every method returns at once;
 * the futures complete on a pool thread. Thread-safe.
 *
 * <p>Creation fails when GraalJS runs interpreter-only (the JVM lacks JVMCI or the Graal compiler on
 * the upgrade module path) unless {@link RuntimeOptions#allowInterpreter()}; the runtime logs which
 * mode it got.
 */
public final class JsRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JsRuntime.class.getName());
    private static final long THREAD_STACK_BYTES = 16L << 20;
    private static final ThreadLocal<@Nullable JsRuntime> RUNTIME_OF_THREAD = new ThreadLocal<>();

    private final RuntimeOptions options;
    private final Sandbox sandbox;
    private final ContextPool pool;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService killer;
    private final Watchdog watchdog;
    private final Fetcher fetcher;
    private final Services services;
    private final CompletableFuture<Integer> prewarmed = new CompletableFuture<>();
    private volatile boolean closed;

    private JsRuntime(RuntimeOptions options, Sandbox sandbox) {
        this.options = options;
        this.sandbox = sandbox;
        this.pool = new ContextPool(sandbox, options);
        this.executor = new ThreadPoolExecutor(
                options.threads(),
                options.threads(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                ownThreads(Thread.ofPlatform()
                        .name("slipway-js-", 0)
                        .daemon(true)
                        .stackSize(THREAD_STACK_BYTES)
                        .factory()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("slipway-js-watchdog").daemon(true).factory());
        this.killer = Executors.newCachedThreadPool(Thread.ofPlatform()
                .name("slipway-js-interrupt-", 0)
                .daemon(true)
                .factory());
        this.watchdog = new Watchdog(scheduler, options.heapPressure());
        this.fetcher = new Fetcher(options.maxFetchResponseBytes());
        this.services = new Services(options, executor, scheduler, killer, watchdog, pool, fetcher, new SecureRandom());
    }

    /**
     * Starts a runtime.
     *
     * @throws IsolateException {@link IsolateException#INTERPRETER_ONLY} when GraalJS has no optimizing
     *     runtime and the options do not allow the interpreter
     */
    public static JsRuntime create(RuntimeOptions options) {
        Sandbox sandbox = Sandbox.create(options);
        RuntimeInfo info = sandbox.info();
        if (info.mode() == RuntimeInfo.Mode.INTERPRETER) {
            if (!options.allowInterpreter()) {
                sandbox.close();
                throw new IsolateException(
                        IsolateException.INTERPRETER_ONLY,
                        "GraalJS is running interpreter-only (10-16x slower than V8): start the JVM with"
                                + " -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI and the Graal compiler jars on"
                                + " --upgrade-module-path (as ./slipway does), or allow the interpreter explicitly"
                                + " (--allow-interpreter)");
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "JavaScript runtime: {0}; functions run 10-16x slower than on V8",
                    info);
        } else {
            LOG.log(System.Logger.Level.INFO, "JavaScript runtime: {0}", info);
        }
        return new JsRuntime(options, sandbox);
    }

    public RuntimeInfo info() {
        return sandbox.info();
    }

    public RuntimeOptions options() {
        return options;
    }

    /**
     * Loads a bundled code version: module path ({@code "messages.js"}, {@code "_deps/abc.js"}) to ES
     * module source. Nothing is evaluated yet; contexts import modules when first needed.
     *
     * @throws IsolateException {@link IsolateException#INVALID_MODULE_PATH} for a path that is not a
     *     relative {@code .js} path without {@code .} or {@code ..} segments
     */
    public CodeVersion load(String deployment, String versionId, Map<String, String> modules) {
        return load(deployment, versionId, modules, Map.of());
    }

    /**
     * {@link #load(String, String, Map)} with the environment variables {@code process.env} shows to
     * the version's modules, at import and in every call (see {@link CodeVersion#withEnvironment}).
     */
    public CodeVersion load(
            String deployment, String versionId, Map<String, String> modules, Map<String, String> environment) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(versionId, "versionId");
        TreeMap<String, String> sorted = new TreeMap<>();
        modules.forEach((path, source) -> {
            checkModulePath(path);
            sorted.put(path, Objects.requireNonNull(source, path));
        });
        TreeMap<String, String> env = new TreeMap<>();
        environment.forEach(
                (name, value) -> env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name)));
        return new CodeVersion(
                this,
                deployment,
                versionId,
                sorted,
                hash(sorted),
                options.clock().millis(),
                env);
    }

    private static void checkModulePath(String path) {
        boolean valid = path.endsWith(".js") && !path.startsWith("/") && !path.contains("\\") && !path.contains("//");
        for (String segment : path.split("/", -1)) {
            valid &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
        }
        if (!valid) {
            throw new IsolateException(
                    IsolateException.INVALID_MODULE_PATH,
                    "Module path '" + path + "' is not a relative .js path inside the functions directory");
        }
    }

    /** SHA-256 (hex) over every entry's key and value, in key order. */
    static String hash(SortedMap<String, String> modules) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            modules.forEach((path, source) -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(source.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Evaluates every module of {@code version} outside {@code _deps/} and describes what it exports:
     * registered functions with their kind, visibility and validators, the HTTP routes, the schema and
     * the crons. Module top-level code sees the version's {@link CodeVersion#environment()}. Fails with
     * {@link IsolateException#MODULE_EVALUATION_FAILED} (naming the module) when a module throws at
     * import.
     */
    public CompletableFuture<Analysis> analyze(CodeVersion version) {
        return run(new CallSpec.Analyze(version), result -> switch (result.settled()) {
            case Call.Settled.Described d -> d.analysis();
            case Call.Settled.Failed f ->
                throw new IsolateException(IsolateException.MODULE_EVALUATION_FAILED, withStack(f.failure()));
            case Call.Settled.Json j -> throw unexpected(j);
            case Call.Settled.Http h -> throw unexpected(h);
        });
    }

    /** Calls a registered query, mutation or action. */
    public CompletableFuture<InvocationResult> invoke(Invocation invocation) {
        if (invocation.kind() == FunctionKind.HTTP_ACTION) {
            return CompletableFuture.completedFuture(failed(InvocationResult.Failure.developer(
                    "HTTP actions are called through their router (JsRuntime.invokeHttp), not directly", "")));
        }
        long size = LogSink.utf8Length(invocation.argsJson());
        if (size > options.maxArgumentBytes()) {
            return CompletableFuture.completedFuture(failed(InvocationResult.Failure.system(
                    "Function arguments are too large (actual: " + size + " bytes, limit: " + options.maxArgumentBytes()
                            + " bytes, RuntimeOptions.maxArgumentBytes)")));
        }
        return run(
                new CallSpec.Function(invocation),
                result -> new InvocationResult(
                        switch (result.settled()) {
                            case Call.Settled.Json j -> new InvocationResult.Success(j.json());
                            case Call.Settled.Failed f -> f.failure();
                            case Call.Settled.Http h -> throw unexpected(h);
                            case Call.Settled.Described d -> throw unexpected(d);
                        },
                        result.logLines()));
    }

    /**
     * Serves an HTTP request with {@code http.js}'s router: {@code lookup(path, method)}, then the
     * handler's {@code invokeHttpAction(request)}. An unrouted path (or no {@code http.js}) answers 404
     * {@code No HttpAction routed for <path>}.
     */
    public CompletableFuture<HttpActionResult> invokeHttp(HttpInvocation invocation) {
        if (invocation.body().length > options.maxArgumentBytes()) {
            return CompletableFuture.completedFuture(new HttpActionResult(
                    InvocationResult.Failure.system("The HTTP request body is too large (actual: "
                            + invocation.body().length + " bytes, limit: " + options.maxArgumentBytes()
                            + " bytes, RuntimeOptions.maxArgumentBytes)"),
                    java.util.List.of()));
        }
        return run(
                new CallSpec.Http(invocation),
                result -> new HttpActionResult(
                        switch (result.settled()) {
                            case Call.Settled.Http h -> h.response();
                            case Call.Settled.Failed f -> f.failure();
                            case Call.Settled.Json j -> throw unexpected(j);
                            case Call.Settled.Described d -> throw unexpected(d);
                        },
                        result.logLines()));
    }

    /** Marks the pool's threads, so a call made from inside a running call can run inline. */
    private ThreadFactory ownThreads(ThreadFactory factory) {
        return task -> factory.newThread(() -> {
            RUNTIME_OF_THREAD.set(this);
            task.run();
        });
    }

    /**
     * Starts a call on the pool, or, when called from one of the pool's threads (a syscall handler
     * calling back into the runtime for a nested {@code ctx.runQuery}), right here: the calling step
     * is parked in its syscall anyway, and waiting for a pool thread could deadlock a bounded pool.
     * The nested call gets its own context; GraalJS lets a thread enter a second context while it is
     * inside the first.
     */
    private <T> CompletableFuture<T> run(CallSpec spec, Function<Call.Result, T> shape) {
        if (spec.version().owner() != this) {
            return CompletableFuture.failedFuture(new IsolateException(
                    IsolateException.UNKNOWN_VERSION, spec.version() + " was not loaded by this runtime"));
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        if (RUNTIME_OF_THREAD.get() == this) {
            start(spec, shape, future);
            return future;
        }
        try {
            executor.execute(() -> start(spec, shape, future));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(
                    new IsolateException(IsolateException.CLOSED, "The JavaScript runtime is closed"));
        }
        return future;
    }

    private <T> void start(CallSpec spec, Function<Call.Result, T> shape, CompletableFuture<T> future) {
        JsContext context;
        try {
            context = pool.lease(spec.version());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        Call call = new Call(services, context, spec);
        var _ = call.result().whenComplete((result, error) -> {
            if (error != null) {
                future.completeExceptionally(error);
                return;
            }
            try {
                future.complete(shape.apply(result));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        call.start();
    }

    private static InvocationResult failed(InvocationResult.Failure failure) {
        return new InvocationResult(failure, java.util.List.of());
    }

    private static String withStack(InvocationResult.Failure failure) {
        return failure.stack().isEmpty() ? failure.message() : failure.message() + "\n" + failure.stack();
    }

    private static IllegalStateException unexpected(Call.Settled settled) {
        return new IllegalStateException(
                "unexpected outcome " + settled.getClass().getSimpleName());
    }

    /**
     * Starts warming the engine in the background (returns at once): {@link
     * RuntimeOptions#prewarmInvocations()} calls of a built-in workload that exercises what bundled
     * {@code convex/server} code does (JSON, promises, syscalls, console), one after another so real
     * calls interleave. GraalJS's compiler needs tens of seconds of CPU to warm up; doing it at boot
     * keeps that cost off the first requests.
     */
    public void prewarm() {
        Prewarm.start(this, options.prewarmInvocations(), prewarmed);
    }

    /** Completes with the number of successful warm-up calls once the warm-up is over; for tests and health checks. */
    CompletableFuture<Integer> prewarmed() {
        return prewarmed;
    }

    boolean isClosed() {
        return closed;
    }

    ContextPool pool() {
        return pool;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    /** Stops everything: running calls fail, contexts and the engine close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchdog.terminateAll(Termination.shutdown());
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        watchdog.close();
        scheduler.shutdownNow();
        killer.shutdownNow();
        fetcher.close();
        pool.close();
        sandbox.close();
        prewarmed.complete(0);
    }
}
