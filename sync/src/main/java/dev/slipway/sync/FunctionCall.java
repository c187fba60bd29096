package dev.slipway.sync;

import dev.slipway.value.Value;
import java.util.Optional;

/**
 * One call of a function from a socket. Equal calls give equal results at one timestamp, which is
 * how a session shares one execution among identical queries.
 *
 * @param udfPath the path as the client wrote it ({@code "messages:list"}); the backend resolves it
 * @param args the single arguments object
 * @param componentPath admin-only: the component to run in
 * @param journal for a query: the journal of its previous run ({@code paginate()} end cursors); always
 *     empty for mutations and actions
 */
public record FunctionCall(
        String udfPath, Value.Obj args, Identity identity, Optional<String> componentPath, Optional<String> journal) {}
