package dev.slipway.isolate;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the engine's own messages go (its error stream, e.g. the fallback-runtime warning): one
 * {@link System.Logger} record per line.
 */
final class EngineLog extends OutputStream {
    private static final System.Logger LOG = System.getLogger("dev.slipway.isolate.engine");

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        flushLine();
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (!text.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "GraalJS: {0}", text);
        }
    }
}
