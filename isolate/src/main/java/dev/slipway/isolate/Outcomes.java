package dev.slipway.isolate;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/** Turns what JavaScript produced (outcome objects, guest exceptions, stacks) into results. */
final class Outcomes {
    private static final Pattern FRAME = Pattern.compile("^\\s+at .*");
    /** Module files live at {@code /<path>} in the context's file system; developers know them as {@code <path>}. */
    private static final Pattern ROOT = Pattern.compile("(\\(|at )/(?=[^/\\s])");

    private Outcomes() {}

    /** A failure from the outcome object {@code core.js} settled with ({@code ok: false}). */
    static InvocationResult.Failure failure(org.graalvm.polyglot.Value outcome) {
        String message = outcome.getMember("message").asString();
        String stack = frames(string(outcome, "stack").orElse(""));
        Optional<String> data = string(outcome, "data");
        if (data.isPresent()) {
            try {
                ConvexJson.decode(data.get());
            } catch (SlipwayException e) {
                return InvocationResult.Failure.developer("ConvexError with invalid data: " + e.getMessage(), stack);
            }
        }
        return new InvocationResult.Failure(message, data, stack, InvocationResult.FailureKind.DEVELOPER);
    }

    /** A failure for a guest exception that escaped to Java (module evaluation, a broken driver call). */
    static InvocationResult.Failure guestFailure(PolyglotException e, String prefix) {
        String message = e.getMessage();
        StringBuilder stack = new StringBuilder();
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame()) {
                continue;
            }
            SourceSection location = frame.getSourceLocation();
            String where = location == null
                    ? "unknown"
                    : location.getSource().getName() + ":" + location.getStartLine() + ":" + location.getStartColumn();
            if (where.startsWith(Prelude.SOURCE_PREFIX)) {
                continue;
            }
            String name = frame.getRootName();
            stack.append(stack.isEmpty() ? "" : "\n")
                    .append("    at ")
                    .append(name == null || name.isEmpty() || name.equals(":program") ? "<module>" : name)
                    .append(" (")
                    .append(where)
                    .append(')');
        }
        String text = message == null || message.isEmpty() ? "Uncaught" : "Uncaught " + message;
        return InvocationResult.Failure.developer(
                prefix + text, ROOT.matcher(stack).replaceAll("$1"));
    }

    /**
     * The frame lines of a JavaScript {@code Error.stack} (the first lines repeat the message), without
     * the runtime's own frames, with module paths as developers know them ({@code messages.js:3:7}).
     */
    static String frames(String jsStack) {
        List<String> lines = new ArrayList<>();
        for (String line : jsStack.split("\n", -1)) {
            if (FRAME.matcher(line).matches() && !line.contains(Prelude.SOURCE_PREFIX)) {
                lines.add("    " + ROOT.matcher(line.strip()).replaceAll("$1"));
            }
        }
        return String.join("\n", lines);
    }

    static Optional<String> string(org.graalvm.polyglot.Value object, String member) {
        org.graalvm.polyglot.Value value = object.getMember(member);
        return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }

    /** The name/value pairs of a JSON array of two-string arrays, as {@code core.js} writes headers. */
    static List<HttpHeader> headers(String json) {
        List<HttpHeader> headers = new ArrayList<>();
        if (ConvexJson.decode(json) instanceof Value.Array(List<Value> pairs)) {
            for (Value pair : pairs) {
                if (pair instanceof Value.Array(List<Value> nv)
                        && nv.size() == 2
                        && nv.get(0) instanceof Value.Str(String name)
                        && nv.get(1) instanceof Value.Str(String value)) {
                    headers.add(new HttpHeader(name, value));
                }
            }
        }
        return headers;
    }
}
