/**
 * The JavaScript function runtime on GraalJS. {@link dev.slipway.isolate.JsRuntime} owns one shared
 * engine, loads bundled code versions ({@link dev.slipway.isolate.CodeVersion}), analyzes them, and
 * runs queries, mutations, actions and HTTP actions in sandboxed contexts pooled per code version. The
 * bundled {@code convex/server} inside user code reaches the host only through {@code
 * globalThis.Convex}, whose syscalls land in a {@link dev.slipway.isolate.SyscallHandler} supplied per
 * invocation. Everything else (contexts, the event loop, the watchdog, the prelude) is package-private.
 */
@NullMarked
package dev.slipway.isolate;

import org.jspecify.annotations.NullMarked;
