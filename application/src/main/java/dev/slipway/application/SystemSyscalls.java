package dev.slipway.application;

import dev.slipway.isolate.SyscallException;
import dev.slipway.value.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The syscalls every kind of function may issue that do not touch the database: identity, metadata,
 * and the features that are not enabled on this server yet (file storage), which
 * answer with an error that says so.
 */
final class SystemSyscalls {
    private SystemSyscalls() {}

    static Value async(String op, SyscallArgs args, CallContext call) {
        return switch (op) {
            case "1.0/getUserIdentity" -> Value.Null.INSTANCE; // no auth providers yet: always anonymous
            case "1.0/getFunctionMetadata" -> functionMetadata(call);
            case "1.0/getDeploymentMetadata" -> deploymentMetadata(call);
            case "1.0/getRequestMetadata" -> requestMetadata(call);
            case "1.0/createFunctionHandle" -> new Value.Str(FunctionHandles.handle(FunctionHandles.target(args)));
            case "1.0/auditLog" -> Value.Null.INSTANCE;
            case "1.0/schedule", "1.0/cancel_job" ->
                throw new SyscallException(op + " is only allowed in mutations; " + call.path() + " is a query");
            case "1.0/storageGenerateUploadUrl",
                    "1.0/storageGetUrl",
                    "1.0/storageGetMetadata",
                    "1.0/storageDelete",
                    "1.0/actions/storageGetUrl" ->
                throw new SyscallException("File storage (ctx.storage) is not enabled on this Slipway server");
            case "1.0/actions/vectorSearch" ->
                throw new SyscallException("Vector search is not enabled on this Slipway server");
            default -> throw unknown(op);
        };
    }

    static SyscallException unknown(String op) {
        return new SyscallException("Unknown async operation " + op + " (not supported by this Slipway server)");
    }

    private static Value functionMetadata(CallContext call) {
        Map<String, Value> meta = new LinkedHashMap<>();
        meta.put("name", new Value.Str(call.path().toString()));
        meta.put("componentPath", new Value.Str(""));
        return Value.Obj.of(meta);
    }

    private static Value deploymentMetadata(CallContext call) {
        Map<String, Value> meta = new LinkedHashMap<>();
        meta.put("name", new Value.Str(call.deployment()));
        meta.put("region", Value.Null.INSTANCE);
        meta.put("class", new Value.Str("self-hosted"));
        return Value.Obj.of(meta);
    }

    private static Value requestMetadata(CallContext call) {
        if (call.kind() == CallContext.Kind.QUERY) {
            throw new SyscallException("RequestMetadataNotAllowed: request metadata is not available in queries, whose"
                    + " results are cached and shared between requests");
        }
        Map<String, Value> meta = new LinkedHashMap<>();
        meta.put("ip", call.request().ip().<Value>map(Value.Str::new).orElse(Value.Null.INSTANCE));
        meta.put(
                "userAgent",
                call.request().userAgent().<Value>map(Value.Str::new).orElse(Value.Null.INSTANCE));
        meta.put("requestId", new Value.Str(call.request().requestId()));
        meta.put(
                "scheduledFunctionId",
                call.request().scheduledJob().<Value>map(Value.Str::new).orElse(Value.Null.INSTANCE));
        meta.put("authToken", Value.Null.INSTANCE);
        return Value.Obj.of(meta);
    }
}
