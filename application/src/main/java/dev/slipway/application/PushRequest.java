package dev.slipway.application;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One push of code to a deployment ({@link Application#push}).
 *
 * @param modules module path ({@code "messages.js"}) to bundled ES module source, {@code schema.js},
 *     {@code crons.js} and {@code http.js} included
 * @param dryRun run everything up to the switch (analysis, diff, the three gates) and change nothing
 *     at all: no version, no module, no index, no backfill
 * @param allowBreaking go through despite errors of the function-API gate (gate 2) and the
 *     scheduled-job gate (gate 3); they are still reported. Gate 1 (existing documents against the
 *     new schema) cannot be overridden: the switch would leave documents the schema refuses.
 * @param author who pushed, stored with the version when given
 * @param git the commit and branch the code was built from, stored with the version when given
 * @param stage stage the version instead of making it current: every gate runs and new indexes are
 *     backfilled, then the version is reachable only at its pinned URL, and until it is promoted ({@link
 *     Application#promote}) every write must satisfy its schema as well as the current one
 */
public record PushRequest(
        Map<String, String> modules,
        boolean dryRun,
        boolean allowBreaking,
        Optional<String> author,
        Optional<GitInfo> git,
        boolean stage) {

    public PushRequest {
        modules = Map.copyOf(modules);
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(git, "git");
    }

    /** A push that makes the version current (not staged). */
    public PushRequest(
            Map<String, String> modules,
            boolean dryRun,
            boolean allowBreaking,
            Optional<String> author,
            Optional<GitInfo> git) {
        this(modules, dryRun, allowBreaking, author, git, false);
    }

    /** A push that does not allow breaking changes. */
    public PushRequest(Map<String, String> modules, boolean dryRun, Optional<String> author, Optional<GitInfo> git) {
        this(modules, dryRun, false, author, git, false);
    }

    /** A real (not dry) push of {@code modules} with no author or git information. */
    public static PushRequest of(Map<String, String> modules) {
        return new PushRequest(modules, false, false, Optional.empty(), Optional.empty(), false);
    }

    /** This push as a dry run ({@code true}) or a real one. */
    public PushRequest withDryRun(boolean dryRun) {
        return new PushRequest(modules, dryRun, allowBreaking, author, git, stage);
    }

    /** This push allowing breaking changes ({@code true}) or not. */
    public PushRequest withAllowBreaking(boolean allowBreaking) {
        return new PushRequest(modules, dryRun, allowBreaking, author, git, stage);
    }

    /** This push with {@code author}. */
    public PushRequest withAuthor(String author) {
        return new PushRequest(modules, dryRun, allowBreaking, Optional.of(author), git, stage);
    }

    /** This push with {@code git}. */
    public PushRequest withGit(GitInfo git) {
        return new PushRequest(modules, dryRun, allowBreaking, author, Optional.of(git), stage);
    }

    /** This push staging the version ({@code true}) or making it current. */
    public PushRequest withStage(boolean stage) {
        return new PushRequest(modules, dryRun, allowBreaking, author, git, stage);
    }

    /**
     * Where pushed code came from in git; either part may be unknown.
     *
     * @param commit the commit hash
     * @param branch the branch name
     */
    public record GitInfo(Optional<String> commit, Optional<String> branch) {
        public GitInfo {
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(branch, "branch");
        }
    }
}
