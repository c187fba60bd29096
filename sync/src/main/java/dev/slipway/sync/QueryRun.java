package dev.slipway.sync;

import dev.slipway.sync.protocol.Outcome;
import java.util.Optional;

/**
 * A query run at exactly the timestamp the session asked for.
 *
 * @param journal the journal to send to the client and to pass to the next run (the end cursor of
 *     the query's {@code paginate()}), empty for none
 * @param dependency what it read, including when it failed (a failing query is reactive too)
 */
public record QueryRun(Outcome outcome, Optional<String> journal, Dependency dependency) {}
