package dev.slipway.server;

import dev.slipway.application.FunctionResult;
import dev.slipway.isolate.LogLine;
import dev.slipway.sync.protocol.Outcome;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Small conversions shared by the HTTP API and the sync backend. */
final class Calls {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Calls() {}

    /** A fresh request id: 16 hex digits. */
    static String requestId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Log lines as the client prints them: {@code [LOG] 'text'}. */
    static List<String> render(List<LogLine> lines) {
        return lines.stream().map(LogLine::render).toList();
    }

    /** A function result as the sync protocol reports it. */
    static Outcome outcome(FunctionResult result) {
        return switch (result) {
            case FunctionResult.Success s -> new Outcome.Success(s.value(), render(s.logLines()));
            case FunctionResult.Failure f -> new Outcome.Failure(f.message(), f.data(), render(f.logLines()));
        };
    }

    static boolean succeeded(FunctionResult result) {
        return result instanceof FunctionResult.Success;
    }
}
