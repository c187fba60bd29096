package dev.slipway.application;

import dev.slipway.database.Database;
import dev.slipway.isolate.InvocationResult.FailureKind;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.value.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Skew protection (ARCHITECTURE §7): older code versions served by id, so a frontend built against
 * one keeps calling the backend it was built with after a newer version goes live. A request names
 * its version in {@link FunctionCall.RequestInfo#version()} (the server sets it for {@code
 * /d/<deployment>/v/<version>/...}); the version's functions run against the deployment's shared data,
 * and its writes are checked against the <em>current</em> schema (the database enforces the active
 * schema on every write, whichever code made it).
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Which versions.</b> The current version (served by the current code), a staged one, and a
 *       retired one for the {@linkplain #retention() retention} after it stopped being current ({@code
 *       retiredAt} in {@code _code_versions}): 24 h by default, set per deployment. After that, or for
 *       a version retired before Slipway recorded when, a call answers a failure with {@link
 *       #VERSION_RETIRED} telling the client to reload; an unknown version answers {@link
 *       #VERSION_NOT_FOUND}. Both carry {@code ConvexError}-style data {@code {code, versionId}}, so a
 *       client can detect them and reload, over HTTP and WebSocket alike.
 *   <li><b>Loading.</b> A retired version's modules are read from {@code _code_versions}/{@code
 *       _modules} on its first call and loaded into the runtime under the deployment's current
 *       environment variables (a change of them swaps in the same modules under the new values, as for
 *       the current code). Loaded versions are kept until a push switches versions (their retirement
 *       times change then) or they expire; the runtime's context pool evicts their idle contexts.
 *   <li><b>Scheduled functions</b> run the current version whatever version scheduled them, as in
 *       Convex; gate 3 of a push checks the pending ones against the pushed code.
 *   <li><b>Calls</b> through a pinned URL are counted per version in memory, for {@code slipway
 *       versions}.
 * </ul>
 */
final class PinnedVersions {
    /** How long a retired version stays pinned unless the deployment says otherwise. */
    static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    /** The code of a call to a version that is no longer pinned. */
    static final String VERSION_RETIRED = "VersionRetired";
    /** The code of a call to a version the deployment never had. */
    static final String VERSION_NOT_FOUND = "VersionNotFound";

    private final Database db;
    private final JsRuntime runtime;
    private final ApplicationOptions options;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private volatile Duration retention = DEFAULT_RETENTION;

    /**
     * A loaded version that is not current.
     *
     * @param retiredAtMillis when it stopped being current; empty for a staged version
     */
    private record Loaded(DeployedCode code, Optional<Long> retiredAtMillis) {}

    PinnedVersions(Database db, JsRuntime runtime, ApplicationOptions options) {
        this.db = db;
        this.runtime = runtime;
        this.options = options;
    }

    /** How long a retired version stays pinned after it stopped being current. */
    Duration retention() {
        return retention;
    }

    /**
     * Sets how long a retired version stays pinned after it stopped being current; {@link Duration#ZERO}
     * turns skew protection off (only the current version is served).
     *
     * @throws IllegalArgumentException for a negative duration
     */
    void retention(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException(
                    "the retention of pinned versions must not be negative, got " + retention);
        }
        this.retention = retention;
    }

    /**
     * The code version {@code versionId} as it runs now: {@code current} when it is that version, else
     * the pinned version under {@code environment}.
     *
     * @throws ApplicationException {@link #VERSION_RETIRED} or {@link #VERSION_NOT_FOUND}
     */
    DeployedCode code(String versionId, Optional<DeployedCode> current, Map<String, String> environment) {
        if (current.isPresent() && current.get().versionId().equals(versionId)) {
            return current.get();
        }
        Loaded version = loaded.computeIfAbsent(versionId, this::load);
        Optional<Long> until = version.retiredAtMillis().map(at -> at + retention.toMillis());
        if (until.isPresent() && options.clockMillis().getAsLong() >= until.get()) {
            loaded.remove(versionId, version);
            throw retired(versionId, version.retiredAtMillis());
        }
        DeployedCode code = version.code().withEnvironment(environment);
        if (code != version.code()) {
            loaded.replace(versionId, version, new Loaded(code, version.retiredAtMillis()));
        }
        return code;
    }

    /** Counts a call through the pinned URL of {@code versionId}. */
    void called(String versionId) {
        calls.computeIfAbsent(versionId, id -> new LongAdder()).increment();
    }

    /** A push switched versions: retirement times changed, so every loaded version is read again when called. */
    void switched() {
        loaded.clear();
    }

    /** {@code versions} with their pins: whether each is served at its pinned URL, until when, and its calls. */
    List<CodeVersionInfo> annotate(List<CodeVersionInfo> versions) {
        long now = options.clockMillis().getAsLong();
        List<CodeVersionInfo> out = new ArrayList<>();
        for (CodeVersionInfo v : versions) {
            long count = Optional.ofNullable(calls.get(v.versionId()))
                    .map(LongAdder::sum)
                    .orElse(0L);
            Optional<Long> until = v.state() == CodeVersionInfo.State.RETIRED
                    ? v.retiredAtMillis().map(at -> at + retention.toMillis())
                    : Optional.empty();
            boolean pinned = v.state() != CodeVersionInfo.State.RETIRED
                    || until.filter(u -> now < u).isPresent();
            out.add(v.withPin(pinned, pinned ? until : Optional.empty(), count));
        }
        return out;
    }

    /** The API specs of the pinned versions (current, staged and retired within the retention), for gate 2. */
    List<ApiCompatibility.Baseline> baselines() {
        List<ApiCompatibility.Baseline> out = new ArrayList<>();
        for (CodeVersionInfo v : annotate(CodeVersions.list(db))) {
            if (v.pinned()) {
                Map<FunctionPath, FunctionSpec> functions = new LinkedHashMap<>();
                v.functions().forEach(spec -> functions.put(spec.path(), spec));
                out.add(new ApiCompatibility.Baseline(v.versionId(), functions));
            }
        }
        return out;
    }

    /** The failure a call gets for an unknown or retired version: a clear message and data to act on. */
    static FunctionResult.Failure failure(ApplicationException e, String versionId) {
        Map<String, Value> data = new LinkedHashMap<>();
        data.put("code", new Value.Str(e.code()));
        data.put("versionId", new Value.Str(versionId));
        return new FunctionResult.Failure(
                String.valueOf(e.getMessage()),
                Optional.of(Value.Obj.of(data)),
                FailureKind.DEVELOPER,
                List.of(),
                Optional.empty());
    }

    private Loaded load(String versionId) {
        CodeVersions.Stored stored = CodeVersions.byId(db, versionId)
                .orElseThrow(() -> new ApplicationException(
                        VERSION_NOT_FOUND,
                        "Deployment " + options.deployment() + " has no code version " + versionId + ". Reload the"
                                + " app to get the current version."));
        if (stored.state() == CodeVersionInfo.State.RETIRED
                && stored.retiredAtMillis().isEmpty()) {
            throw retired(versionId, Optional.empty());
        }
        DeployedCode code = new DeployedCode(
                versionId,
                runtime.load(options.deployment(), versionId, stored.modules(), Map.of()),
                stored.functions(),
                stored.schema(),
                stored.httpRouter());
        return new Loaded(
                code, stored.state() == CodeVersionInfo.State.RETIRED ? stored.retiredAtMillis() : Optional.empty());
    }

    /** {@code 24 h}, {@code 90 min}, {@code 30 s}. */
    static String text(Duration duration) {
        if (duration.isZero()) {
            return "0 s";
        }
        if (duration.toMillis() % 3_600_000 == 0) {
            return duration.toHours() + " h";
        }
        if (duration.toMillis() % 60_000 == 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private ApplicationException retired(String versionId, Optional<Long> retiredAtMillis) {
        String since = retiredAtMillis
                .map(at -> " It stopped being current at " + Instant.ofEpochMilli(at) + ", and versions stay pinned"
                        + " for " + text(retention) + " after that.")
                .orElse("");
        return new ApplicationException(
                VERSION_RETIRED,
                "Code version " + versionId + " of deployment " + options.deployment() + " is retired." + since
                        + " Reload the app to get the current version.");
    }
}
