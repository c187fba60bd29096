package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.sync.protocol.ServerMessage;
import dev.slipway.sync.protocol.ServerMessage.ActionResponse;
import dev.slipway.sync.protocol.ServerMessage.AuthError;
import dev.slipway.sync.protocol.ServerMessage.FatalError;
import dev.slipway.sync.protocol.ServerMessage.MutationResponse;
import dev.slipway.sync.protocol.ServerMessage.Ping;
import dev.slipway.sync.protocol.ServerMessage.QueryFailed;
import dev.slipway.sync.protocol.ServerMessage.QueryRemoved;
import dev.slipway.sync.protocol.ServerMessage.QueryUpdated;
import dev.slipway.sync.protocol.ServerMessage.StateModification;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import dev.slipway.sync.protocol.ServerMessage.TransitionChunk;
import dev.slipway.sync.protocol.ServerMessages;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the {@code convex} JS client does with server messages, reduced to what the protocol
 * promises: {@code remote_query_set.ts} (the start version must equal the current version exactly),
 * {@code web_socket_manager.ts} (chunk reassembly, Ping ignored) and {@code request_manager.ts} (a
 * successful mutation resolves on the first Transition at or after its ts; failures at once).
 */
final class ClientModel {
    StateVersion version = StateVersion.INITIAL;
    final TreeMap<Long, Outcome> results = new TreeMap<>();
    final TreeMap<Long, Optional<String>> journals = new TreeMap<>();
    final Map<Long, Outcome> actionResults = new LinkedHashMap<>();
    /** Mutations answered but not yet reflected: request id to commit ts. */
    final Map<Long, Timestamp> awaitingTransition = new LinkedHashMap<>();
    /** Mutations resolved, in order, with the version of the Transition that resolved them. */
    final List<Long> resolved = new ArrayList<>();

    final List<Transition> transitions = new ArrayList<>();
    Optional<Timestamp> maxObservedTimestamp = Optional.empty();
    Optional<String> fatalError = Optional.empty();
    Optional<AuthError> authError = Optional.empty();
    int pings;
    private List<String> chunks = new ArrayList<>();
    private long totalParts;
    private String transitionId = "";

    void applyAll(List<ServerMessage> messages) {
        messages.forEach(this::apply);
    }

    void apply(ServerMessage message) {
        if (!(message instanceof TransitionChunk) && !(message instanceof Ping) && !chunks.isEmpty()) {
            throw new AssertionError("a " + message.getClass().getSimpleName() + " arrived between TransitionChunks");
        }
        switch (message) {
            case Transition t -> transition(t);
            case TransitionChunk c -> chunk(c);
            case MutationResponse r -> {
                if (r.ts().isPresent()) {
                    observe(r.ts().get());
                    awaitingTransition.put(r.requestId(), r.ts().get());
                } else {
                    resolved.add(r.requestId());
                }
            }
            case ActionResponse r -> actionResults.put(r.requestId(), r.outcome());
            case AuthError e -> authError = Optional.of(e);
            case FatalError e -> fatalError = Optional.of(e.error());
            case Ping p -> pings++;
        }
    }

    private void chunk(TransitionChunk c) {
        if (c.partNumber() < 0 || c.partNumber() >= c.totalParts() || c.totalParts() == 0) {
            throw new AssertionError("Invalid TransitionChunk " + c);
        }
        if (!chunks.isEmpty()
                && (c.totalParts() != totalParts || !c.transitionId().equals(transitionId))) {
            throw new AssertionError("Invalid TransitionChunk " + c);
        }
        if (c.partNumber() != chunks.size()) {
            throw new AssertionError(
                    "TransitionChunk out of order: expected " + chunks.size() + ", got " + c.partNumber());
        }
        chunks.add(c.chunk());
        totalParts = c.totalParts();
        transitionId = c.transitionId();
        if (chunks.size() == c.totalParts()) {
            String json = String.join("", chunks);
            chunks = new ArrayList<>();
            if (!(ServerMessages.decode(json) instanceof Transition t)) {
                throw new AssertionError("assembled chunks are not a Transition: " + json);
            }
            transition(t);
        }
    }

    private void transition(Transition t) {
        if (!t.startVersion().equals(version)) {
            throw new AssertionError("Invalid start version " + t.startVersion() + ", transitioning from " + version);
        }
        if (t.endVersion().ts().compareTo(version.ts()) < 0) {
            throw new AssertionError("ts went backwards: " + version + " -> " + t.endVersion());
        }
        for (StateModification m : t.modifications()) {
            switch (m) {
                case QueryUpdated u -> {
                    results.put(u.queryId(), new Outcome.Success(u.value(), u.logLines()));
                    journals.put(u.queryId(), u.journal());
                }
                case QueryFailed f -> {
                    results.put(f.queryId(), new Outcome.Failure(f.errorMessage(), f.errorData(), f.logLines()));
                    journals.put(f.queryId(), f.journal());
                }
                case QueryRemoved r -> {
                    results.remove(r.queryId());
                    journals.remove(r.queryId());
                }
            }
        }
        version = t.endVersion();
        transitions.add(t);
        observe(version.ts());
        for (Iterator<Map.Entry<Long, Timestamp>> it =
                        awaitingTransition.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Long, Timestamp> e = it.next();
            if (e.getValue().compareTo(version.ts()) <= 0) {
                resolved.add(e.getKey());
                it.remove();
            }
        }
    }

    private void observe(Timestamp ts) {
        if (maxObservedTimestamp.isEmpty() || maxObservedTimestamp.get().compareTo(ts) <= 0) {
            maxObservedTimestamp = Optional.of(ts);
        }
    }
}
