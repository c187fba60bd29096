package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.ProtocolException;
import dev.slipway.sync.protocol.ServerMessage.StateModification;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The version rules of one socket (§4.4 of the interface reference). <i>Received</i>: the last
 * {@code newVersion} of a {@code ModifyQuerySet}, and the identity version, one up per accepted
 * {@code Authenticate}. <i>Sent</i>: the {@code endVersion} of the last Transition, from {@code {0, 0,
 * ts 0}}. Every Transition starts at exactly the sent version and never moves {@code ts} back. Not
 * thread-safe: the session calls it with its lock held.
 */
final class Versions {
    private long receivedQuerySet;
    private long receivedIdentity;
    private StateVersion sent = StateVersion.INITIAL;
    private Optional<Timestamp> mutationTsToReach = Optional.empty();

    /**
     * Accepts a query-set change from {@code base} to {@code next}.
     *
     * @throws ProtocolException {@code BaseVersionMismatch} when {@code base} is not the received
     *     version, {@code InvalidNewVersion} when {@code next} is not above it
     */
    void checkQuerySet(long base, long next) {
        if (base != receivedQuerySet) {
            throw new ProtocolException(
                    "BaseVersionMismatch",
                    "Base version " + base + " passed up doesn't match the current version " + receivedQuerySet);
        }
        if (next <= base) {
            throw new ProtocolException(
                    "InvalidNewVersion",
                    "New query set version " + next + " must be greater than the base version " + base);
        }
    }

    void querySetReceived(long next) {
        receivedQuerySet = next;
    }

    /** @throws ProtocolException {@code IdentityVersionMismatch} when {@code base} is not the received identity version */
    void checkIdentity(long base) {
        if (base != receivedIdentity) {
            throw new ProtocolException(
                    "IdentityVersionMismatch",
                    "Authenticate base version " + base + " doesn't match the current identity version "
                            + receivedIdentity);
        }
    }

    void identityReceived() {
        receivedIdentity++;
    }

    long receivedIdentity() {
        return receivedIdentity;
    }

    StateVersion sent() {
        return sent;
    }

    /** Whether the next Transition moves to a new identity (every query must run again). */
    boolean identityChanged() {
        return receivedIdentity != sent.identity();
    }

    /** The version the next Transition leads to, read at {@code latest} but never below the sent ts. */
    StateVersion next(Timestamp latest) {
        Timestamp ts = latest.compareTo(sent.ts()) >= 0 ? latest : sent.ts();
        return new StateVersion(receivedQuerySet, receivedIdentity, ts);
    }

    /** A mutation committed at {@code ts}: a Transition must reach it, even with nothing in it. */
    void mutationCommitted(Timestamp ts) {
        if (mutationTsToReach.isEmpty() || mutationTsToReach.get().compareTo(ts) < 0) {
            mutationTsToReach = Optional.of(ts);
        }
    }

    /**
     * Whether a Transition to {@code target} tells the client anything: a modification, a new version,
     * or reaching a committed mutation's ts. Without one the client stays, consistently, where it is.
     */
    boolean worthSending(StateVersion target, boolean hasModifications) {
        return hasModifications
                || target.querySet() != sent.querySet()
                || target.identity() != sent.identity()
                || mutationTsToReach.filter(m -> m.compareTo(target.ts()) <= 0).isPresent();
    }

    Transition transition(
            StateVersion target, List<StateModification> modifications, OptionalLong clockSkew, long serverTs) {
        return new Transition(sent, target, modifications, clockSkew, OptionalLong.of(serverTs));
    }

    /** A Transition went out. */
    void sent(Transition transition) {
        if (!transition.startVersion().equals(sent)
                || transition.endVersion().ts().compareTo(sent.ts()) < 0) {
            throw new IllegalStateException("Transition " + transition.startVersion() + " -> " + transition.endVersion()
                    + " does not follow the sent version " + sent);
        }
        sent = transition.endVersion();
        if (mutationTsToReach.filter(m -> m.compareTo(sent.ts()) <= 0).isPresent()) {
            mutationTsToReach = Optional.empty();
        }
    }
}
