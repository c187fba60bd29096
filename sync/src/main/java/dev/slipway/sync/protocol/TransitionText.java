package dev.slipway.sync.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.slipway.sync.protocol.ServerMessage.QueryFailed;
import dev.slipway.sync.protocol.ServerMessage.QueryRemoved;
import dev.slipway.sync.protocol.ServerMessage.QueryUpdated;
import dev.slipway.sync.protocol.ServerMessage.StateModification;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link Transition} as JSON text straight into a {@link StringBuilder}: the same text the
 * JSON generator writes (same fields, same order, same string escapes, no spaces), without a
 * generator and its buffers per message, and with the values' text from a {@link ValueText}. A
 * Transition is what a server writes to every watching socket when a shared query changes, so this
 * is the encoding that runs ten thousand times for one commit.
 */
final class TransitionText {
    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private TransitionText() {}

    static String write(Transition t, ValueText values) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"type\":\"Transition\",\"startVersion\":");
        version(out, t.startVersion());
        out.append(",\"endVersion\":");
        version(out, t.endVersion());
        out.append(",\"modifications\":[");
        List<StateModification> modifications = t.modifications();
        for (int i = 0; i < modifications.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            modification(out, modifications.get(i), values);
        }
        out.append(']');
        if (t.clientClockSkew().isPresent()) {
            out.append(",\"clientClockSkew\":").append(t.clientClockSkew().getAsLong());
        }
        if (t.serverTs().isPresent()) {
            out.append(",\"serverTs\":").append(t.serverTs().getAsLong());
        }
        return out.append('}').toString();
    }

    private static void version(StringBuilder out, StateVersion v) {
        out.append("{\"querySet\":").append(v.querySet());
        out.append(",\"identity\":").append(v.identity());
        out.append(",\"ts\":");
        string(out, EncodedTs.encode(v.ts()));
        out.append('}');
    }

    private static void modification(StringBuilder out, StateModification m, ValueText values) {
        switch (m) {
            case QueryUpdated u -> {
                out.append("{\"type\":\"QueryUpdated\",\"queryId\":").append(u.queryId());
                out.append(",\"value\":").append(values.json(u.value()));
                logLines(out, u.logLines());
                journal(out, u.journal());
            }
            case QueryFailed f -> {
                out.append("{\"type\":\"QueryFailed\",\"queryId\":").append(f.queryId());
                out.append(",\"errorMessage\":");
                string(out, f.errorMessage());
                logLines(out, f.logLines());
                journal(out, f.journal());
                if (f.errorData().isPresent()) {
                    out.append(",\"errorData\":")
                            .append(values.json(f.errorData().get()));
                }
            }
            case QueryRemoved r ->
                out.append("{\"type\":\"QueryRemoved\",\"queryId\":").append(r.queryId());
        }
        out.append('}');
    }

    private static void logLines(StringBuilder out, List<String> lines) {
        out.append(",\"logLines\":[");
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, lines.get(i));
        }
        out.append(']');
    }

    /** {@code "journal": "text"} or {@code "journal": null}: the client expects the field either way. */
    private static void journal(StringBuilder out, Optional<String> journal) {
        out.append(",\"journal\":");
        if (journal.isPresent()) {
            string(out, journal.get());
        } else {
            out.append("null");
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        STRINGS.quoteAsString(text, out);
        out.append('"');
    }
}
