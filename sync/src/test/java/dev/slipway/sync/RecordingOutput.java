package dev.slipway.sync;

import dev.slipway.sync.protocol.ServerMessage;
import dev.slipway.sync.protocol.ServerMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keeps every frame a session sends, and how it closed. */
final class RecordingOutput implements SessionOutput {
    record Close(int code, String reason) {}

    private final List<String> frames = new ArrayList<>();
    private Optional<Close> close = Optional.empty();
    private int taken;

    @Override
    public synchronized void send(String text) {
        if (close.isPresent()) {
            throw new AssertionError("a frame was sent after close: " + text);
        }
        frames.add(text);
    }

    @Override
    public synchronized void close(int code, String reason) {
        if (close.isPresent()) {
            throw new AssertionError("closed twice: " + close.get() + " then " + code + " " + reason);
        }
        close = Optional.of(new Close(code, reason));
    }

    synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    /** The frames sent since the last call, decoded. */
    synchronized List<ServerMessage> take() {
        List<ServerMessage> messages = new ArrayList<>();
        for (String frame : frames.subList(taken, frames.size())) {
            messages.add(ServerMessages.decode(frame));
        }
        taken = frames.size();
        return messages;
    }

    synchronized Optional<Close> closed() {
        return close;
    }
}
