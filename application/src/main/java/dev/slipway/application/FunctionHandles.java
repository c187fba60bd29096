package dev.slipway.application;

import dev.slipway.isolate.SyscallException;
import java.util.Optional;

/**
 * Function addresses in syscalls: a UDF path ({@code name}), a function handle ({@code
 * functionHandle}, made by {@code createFunctionHandle}) or a component reference ({@code
 * reference}). A handle here is {@code function://} followed by the canonical function path; it is
 * stable for as long as the function exists. Components are not supported, so a reference is an
 * error that says so.
 */
final class FunctionHandles {
    private static final String PREFIX = "function://";

    private FunctionHandles() {}

    /** The function a syscall addresses. */
    static FunctionPath target(SyscallArgs args) {
        Optional<String> name = args.optionalString("name");
        if (name.isPresent()) {
            return FunctionPath.parse(name.get());
        }
        Optional<String> handle = args.optionalString("functionHandle");
        if (handle.isPresent()) {
            return fromHandle(handle.get());
        }
        if (args.optionalString("reference").isPresent()) {
            throw new SyscallException("Component function references are not supported by this Slipway server");
        }
        throw new SyscallException("The call names no function: it needs a name or a function handle");
    }

    static String handle(FunctionPath path) {
        return PREFIX + path;
    }

    static FunctionPath fromHandle(String handle) {
        if (!handle.startsWith(PREFIX) || handle.length() == PREFIX.length()) {
            throw new SyscallException("Invalid function handle \"" + handle + "\"");
        }
        return FunctionPath.parse(handle.substring(PREFIX.length()));
    }
}
