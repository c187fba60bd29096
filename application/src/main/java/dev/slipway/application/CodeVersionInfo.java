package dev.slipway.application;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A code version as the deployment's database keeps it ({@link Application#versions()}): every push
 * that switched (or a later one of identical modules) is one immutable, content-addressed version;
 * only its state changes. A retired version stays <b>pinned</b> for the retention of {@link
 * PinnedVersions} after it stopped being current: clients built against it keep calling it at its
 * pinned URL (skew protection).
 *
 * @param versionId the short id: the first 12 hex digits of SHA-256 over the module paths and sources
 * @param state whether it is current, staged or retired
 * @param createdAtMillis when it was first pushed (wall clock, ms)
 * @param retiredAtMillis when it stopped being current, while it is retired (unknown for versions
 *     retired before Slipway recorded it: those are no longer pinned)
 * @param author who pushed it, when known
 * @param git the commit and branch it was built from, when known
 * @param functions its API spec: every function's kind, visibility and validators, sorted by path
 * @param hasSchema whether it has a schema
 * @param hasHttpRouter whether its {@code http.js} exports a router
 * @param modulePaths its module paths, sorted
 * @param pinned whether its pinned URL still serves it: the current version, and a retired one within
 *     the retention since it stopped being current
 * @param pinnedUntilMillis for a pinned retired version, when its pinned URL stops serving it
 * @param pinnedCalls how many calls this server ran through its pinned URL since it started (counted
 *     in memory)
 */
public record CodeVersionInfo(
        String versionId,
        State state,
        long createdAtMillis,
        Optional<Long> retiredAtMillis,
        Optional<String> author,
        Optional<PushRequest.GitInfo> git,
        List<FunctionSpec> functions,
        boolean hasSchema,
        boolean hasHttpRouter,
        List<String> modulePaths,
        boolean pinned,
        Optional<Long> pinnedUntilMillis,
        long pinnedCalls) {

    public CodeVersionInfo {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(retiredAtMillis, "retiredAtMillis");
        functions = List.copyOf(functions);
        modulePaths = List.copyOf(modulePaths);
        Objects.requireNonNull(pinnedUntilMillis, "pinnedUntilMillis");
    }

    /** This version with its pin: whether it is served, until when, and its calls. */
    CodeVersionInfo withPin(boolean pinned, Optional<Long> pinnedUntilMillis, long pinnedCalls) {
        return new CodeVersionInfo(
                versionId,
                state,
                createdAtMillis,
                retiredAtMillis,
                author,
                git,
                functions,
                hasSchema,
                hasHttpRouter,
                modulePaths,
                pinned,
                pinnedUntilMillis,
                pinnedCalls);
    }

    /** The life of a version. */
    public enum State {
        /** The version the deployment serves. */
        CURRENT,
        /** Validated and backfilled, reachable only at its pinned URL (staged deploys, later). */
        STAGED,
        /** Replaced by a newer version; still pinned for a while (see {@link CodeVersionInfo#pinned()}). */
        RETIRED
    }
}
