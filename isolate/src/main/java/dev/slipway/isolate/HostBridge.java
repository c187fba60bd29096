package dev.slipway.isolate;

import java.util.Map;
import java.util.Optional;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.jspecify.annotations.Nullable;

/**
 * The only host objects a context ever holds: the functions {@code core.js} receives as {@code host}
 * and keeps in its closure. Each forwards to the {@link Call} currently attached to the context.
 *
 * <p>Implementation notes. A Java exception thrown into JavaScript would show its class name there, so
 * nothing here throws: a failure is stored as the "last error" and signalled by returning {@code null},
 * and {@code core.js} turns it into a clean JavaScript error with {@code takeError()}. Only {@link
 * VirtualMachineError}s (out of memory, stack overflow) propagate, and GraalJS reports those as
 * resource exhaustion. Used by the context's current thread only (a context runs one thread at a
 * time), so the fields need no synchronization.
 */
final class HostBridge {
    private @Nullable Call call;
    private String lastError = "{\"message\":\"no error\"}";

    void attach(Call call) {
        this.call = call;
    }

    void detach() {
        this.call = null;
    }

    /** Records a developer-facing failure for {@code takeError()}; returns {@code null} to signal it. */
    @Nullable
    Object fail(String message, Optional<String> dataJson) {
        StringBuilder json = new StringBuilder("{\"message\":");
        JsonStrings.appendQuoted(json, message);
        dataJson.ifPresent(data -> {
            json.append(",\"data\":");
            JsonStrings.appendQuoted(json, data);
        });
        lastError = json.append('}').toString();
        return null;
    }

    ProxyObject proxy() {
        return ProxyObject.fromMap(Map.of(
                "syscall", guarded("syscall", a -> current().syscall(a[0].asString(), a[1].asString())),
                "asyncSyscall", guarded("asyncSyscall", a -> current().asyncSyscall(a[0].asString(), a[1].asString())),
                "takeError", (ProxyExecutable) a -> lastError,
                "log", guarded("log", a -> log(a[0].asString(), a[1].asString())),
                "timer", guarded("timer", a -> current().timer(a[0].asLong())),
                "cancel", guarded("cancel", a -> cancel(a[0].asInt())),
                "fetch",
                        guarded("fetch", a -> current().fetch(a[0].asString(), a[1].asString(), a[2].asString(), a[3])),
                "now", guarded("now", a -> now()),
                "elapsed", guarded("elapsed", a -> elapsed())));
    }

    private Call current() {
        Call c = call;
        if (c == null) {
            throw new NoCallException();
        }
        return c;
    }

    private @Nullable Object log(String level, String text) {
        Call c = call;
        if (c != null) {
            c.log(LogLevel.valueOf(level), text);
        }
        return null;
    }

    private @Nullable Object cancel(int ticket) {
        Call c = call;
        if (c != null) {
            c.cancel(ticket);
        }
        return null;
    }

    private Object now() {
        Call c = call;
        return c == null ? (double) System.currentTimeMillis() : (double) c.nowMillis();
    }

    private Object elapsed() {
        Call c = call;
        return c == null ? 0.0 : c.elapsedMillis();
    }

    /** A host function that never throws into JavaScript (see the class notes). */
    private ProxyExecutable guarded(String name, HostFunction function) {
        return arguments -> {
            try {
                return function.apply(arguments);
            } catch (NoCallException e) {
                return fail("The JavaScript runtime has no function call running (" + name + ")", Optional.empty());
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                Call c = call;
                if (c != null) {
                    c.hostFailure(name, e);
                }
                return fail("Internal server error in the JavaScript runtime (" + name + ")", Optional.empty());
            }
        };
    }

    @FunctionalInterface
    private interface HostFunction {
        @Nullable
        Object apply(Value[] arguments);
    }

    /** No call is attached: the prelude guards against this, so it only happens on a runtime bug. */
    private static final class NoCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoCallException() {
            super(null, null, false, false);
        }
    }
}
