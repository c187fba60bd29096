package dev.slipway.isolate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.jspecify.annotations.Nullable;

/**
 * One GraalJS context for one code version: the prelude already evaluated, the modules imported so
 * far (each evaluated once per context), and the driver functions of {@code core.js}.
 *
 * <p>Implementation notes. A context is single-threaded: the pool leases it to one {@link Call} at a
 * time, and the call uses it from whichever pool thread runs its current step, never two at once. The
 * only methods other threads call are {@link #interrupt} and {@link #close}, which GraalJS allows
 * concurrently. A context that hit a limit, was interrupted, failed to import a module, or whose call
 * changed shared built-ins is {@link #poison()}ed and closed instead of going back to the pool.
 */
final class JsContext {
    private static final System.Logger LOG = System.getLogger(JsContext.class.getName());

    private final CodeVersion version;
    private final Context context;
    private final HostBridge bridge;
    private final Function<String, Source> loaders;
    private final Value beginImport;
    private final Value begin;
    private final Value invoke;
    private final Value invokeHttp;
    private final Value deliverSyscall;
    private final Value deliverFetch;
    private final Value fireTimer;
    private final Value poll;
    private final Value end;
    private final Value describe;
    private final Map<String, Value> namespaces = new HashMap<>();
    private volatile boolean poisoned;
    private long lastUsedNanos;
    private int calls;

    JsContext(CodeVersion version, Context context, HostBridge bridge, Value driver, Function<String, Source> loaders) {
        this.version = version;
        this.context = context;
        this.bridge = bridge;
        this.loaders = loaders;
        this.beginImport = driver.getMember("beginImport");
        this.begin = driver.getMember("begin");
        this.invoke = driver.getMember("invoke");
        this.invokeHttp = driver.getMember("invokeHttp");
        this.deliverSyscall = driver.getMember("deliverSyscall");
        this.deliverFetch = driver.getMember("deliverFetch");
        this.fireTimer = driver.getMember("fireTimer");
        this.poll = driver.getMember("poll");
        this.end = driver.getMember("end");
        this.describe = driver.getMember("describe");
    }

    CodeVersion version() {
        return version;
    }

    HostBridge bridge() {
        return bridge;
    }

    /**
     * The namespace of {@code modulePath}, evaluating it (and what it imports) on first use, in import
     * mode configured by {@code importConfig}.
     *
     * @throws ModuleFailure when evaluation throws; the context is then poisoned
     */
    Value namespace(String modulePath, String importConfig) {
        Value cached = namespaces.get(modulePath);
        if (cached != null) {
            return cached;
        }
        beginImport.executeVoid(importConfig);
        Value namespace;
        try {
            namespace = context.eval(loaders.apply(modulePath)).getMember("m");
        } catch (PolyglotException e) {
            if (!e.isGuestException() || e.isInterrupted() || e.isCancelled() || e.isResourceExhausted()) {
                throw e;
            }
            poison();
            throw new ModuleFailure(modulePath, e);
        }
        namespaces.put(modulePath, namespace);
        return namespace;
    }

    void begin(String config) {
        begin.executeVoid(config);
    }

    void invoke(Value function, String kind, String argsJson, String requestId, String udfPath) {
        invoke.executeVoid(function, kind, argsJson, requestId, udfPath);
    }

    void invokeHttp(Value router, String method, String url, String path, String headersJson, @Nullable String body) {
        invokeHttp.executeVoid(router, method, url, path, headersJson, body);
    }

    void deliverSyscall(int ticket, boolean ok, String payload, @Nullable String data) {
        deliverSyscall.executeVoid(ticket, ok, payload, data);
    }

    void deliverFetch(int ticket, boolean ok, String meta, @Nullable String body) {
        deliverFetch.executeVoid(ticket, ok, meta, body);
    }

    void fireTimer(int ticket) {
        fireTimer.executeVoid(ticket);
    }

    /** The settled outcome object, or a null value while the call runs. */
    Value poll() {
        return poll.execute();
    }

    /** Ends the call in JavaScript; false when it changed shared built-ins (the context is then poisoned). */
    boolean end() {
        boolean clean = end.execute().asBoolean();
        if (!clean) {
            poison();
        }
        return clean;
    }

    Value describe(Value namespace, String modulePath) {
        return describe.execute(namespace, modulePath);
    }

    /** Restarts the statement count; called by the context's thread before each run of JavaScript. */
    void resetLimits() {
        context.resetLimits();
    }

    void poison() {
        poisoned = true;
    }

    boolean poisoned() {
        return poisoned;
    }

    void touch(long nanos) {
        lastUsedNanos = nanos;
        calls++;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    int calls() {
        return calls;
    }

    /**
     * Stops JavaScript running in this context, from another thread: an interrupt, escalated to a
     * forced close when the code does not stop within {@code grace}. Poisons the context.
     */
    void interrupt(Duration grace) {
        poison();
        try {
            context.interrupt(grace);
        } catch (TimeoutException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "JavaScript did not stop within {0} of an interrupt; closing its context",
                    grace);
            closeForcibly();
        } catch (IllegalStateException | PolyglotException e) {
            // already closed or closing: nothing is running any more
        }
    }

    void close() {
        try {
            context.close();
        } catch (IllegalStateException | PolyglotException e) {
            closeForcibly();
        }
    }

    private void closeForcibly() {
        try {
            context.close(true);
        } catch (IllegalStateException | PolyglotException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a context failed", e);
        }
    }

    /** A module's top level threw while it was evaluated. */
    static final class ModuleFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient InvocationResult.Failure failure;

        ModuleFailure(String modulePath, PolyglotException cause) {
            super("evaluating " + modulePath + " failed", null, false, false);
            this.failure = Outcomes.guestFailure(cause, "Failed to load " + modulePath + ": ");
        }

        InvocationResult.Failure failure() {
            return failure;
        }
    }
}
