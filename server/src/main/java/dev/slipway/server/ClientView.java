package dev.slipway.server;

import dev.slipway.application.FunctionCall;
import dev.slipway.application.FunctionResult;
import dev.slipway.control.DeploymentSettings;
import java.util.List;

/**
 * What a function's result shows the client that called it, by the deployment's settings (issue 6):
 * a dev deployment sends its log lines and full error messages to clients; a production, preview or
 * custom one sends neither, only a {@code ConvexError}'s data with a message that names the request
 * id, so the details stay in the server's function log ({@code slipway logs}). Admin callers (the CLI,
 * deploy keys) always see everything.
 */
final class ClientView {
    private ClientView() {}

    /** {@code result} as {@code call}'s caller may see it on a deployment with {@code settings}. */
    static FunctionResult of(FunctionCall call, FunctionResult result, DeploymentSettings settings) {
        if (call.caller() == FunctionCall.Caller.ADMIN) {
            return result;
        }
        boolean logs = settings.logsToClients();
        return switch (result) {
            case FunctionResult.Success s ->
                logs ? s : new FunctionResult.Success(s.value(), List.of(), s.reads(), s.commitTs());
            case FunctionResult.Failure f ->
                settings.errorDetailsToClients() && logs
                        ? f
                        : new FunctionResult.Failure(
                                settings.errorDetailsToClients() ? f.message() : redacted(call),
                                f.data(),
                                f.kind(),
                                logs ? f.logLines() : List.of(),
                                f.reads());
        };
    }

    private static String redacted(FunctionCall call) {
        return "[Request ID: " + call.request().requestId() + "] Server Error";
    }
}
