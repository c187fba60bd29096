package dev.slipway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.sync.protocol.ServerMessage;
import dev.slipway.sync.protocol.ServerMessage.MutationResponse;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Feeds server messages to a {@link ClientModel} and checks, after every Transition the client
 * completes, what the protocol promises: the client holds a result for exactly the queries of the
 * query-set version it reached, each equal to a fresh run at {@code endVersion.ts}; and no Transition
 * reaches a mutation's commit ts before that mutation's response. Thread-safe for one feeder.
 */
final class ViewChecker {
    final ClientModel client = new ClientModel();
    private final FakeBackend backend;
    private final Map<Long, Map<Long, FunctionCall>> querySets = new HashMap<>();
    private Timestamp highestTransitionTs = Timestamp.MIN;
    private int transitionsChecked;

    ViewChecker(FakeBackend backend) {
        this.backend = backend;
        querySets.put(0L, Map.of());
    }

    /** The client sent query-set version {@code version}, holding these queries. */
    synchronized void querySet(long version, Map<Long, FunctionCall> queries) {
        querySets.put(version, Map.copyOf(queries));
    }

    synchronized void accept(ServerMessage message) {
        if (message instanceof MutationResponse response && response.ts().isPresent()) {
            assertThat(highestTransitionTs)
                    .as("a Transition reached mutation %s's ts before its response", response.requestId())
                    .isLessThan(response.ts().get());
        }
        int before = client.transitions.size();
        client.apply(message);
        if (client.transitions.size() > before) {
            check(client.version);
        }
    }

    private void check(StateVersion version) {
        transitionsChecked++;
        highestTransitionTs = version.ts();
        Map<Long, FunctionCall> querySet = Objects.requireNonNull(
                querySets.get(version.querySet()), () -> "unknown query set version " + version.querySet());
        assertThat(client.results.keySet()).as("queries at %s", version).isEqualTo(querySet.keySet());
        for (Map.Entry<Long, FunctionCall> q : querySet.entrySet()) {
            Outcome expected = backend.evaluateAt(q.getValue(), version.ts().nanos());
            assertThat(client.results.get(q.getKey()))
                    .as("query %s %s at %s", q.getKey(), q.getValue().udfPath(), version)
                    .isEqualTo(expected);
        }
    }

    synchronized int transitionsChecked() {
        return transitionsChecked;
    }

    /** At rest: every mutation resolved, and every result equal to a run at the latest timestamp. */
    synchronized void assertAtRest(long querySetVersion) {
        assertThat(client.awaitingTransition).as("mutations never reflected").isEmpty();
        assertThat(client.version.querySet()).isEqualTo(querySetVersion);
        Map<Long, FunctionCall> queries = Objects.requireNonNull(querySets.get(querySetVersion));
        for (Map.Entry<Long, FunctionCall> q : queries.entrySet()) {
            assertThat(client.results.get(q.getKey()))
                    .as("query %s at rest", q.getKey())
                    .isEqualTo(backend.evaluateAt(q.getValue(), backend.latest().nanos()));
        }
        assertThat(transitionsChecked).isPositive();
    }
}
