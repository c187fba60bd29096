package dev.slipway.server;

import dev.slipway.sync.Scheduler;
import dev.slipway.sync.SyncContext;
import dev.slipway.sync.SyncOptions;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every sync socket of the server shares: the deployments, the executor for blocking work (a
 * virtual thread per task), one scheduler thread for timers and pings, the metrics, and the set of
 * open sockets (closed together at shutdown).
 */
final class SyncEndpoint implements AutoCloseable {
    /** {@code /d/<deployment>[/v/<version>]/api/<client version>/sync}. */
    private static final Pattern PATH = Pattern.compile("/d/([^/]+)(?:/v/([^/]+))?/api/([^/]+)/sync");

    private final DeploymentRegistry deployments;
    private final ServerConfig config;
    private final Metrics metrics;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("slipway-sync-timers").daemon(true).factory());
    private final SyncContext context;
    private final Set<SyncSocket> open = ConcurrentHashMap.newKeySet();

    SyncEndpoint(DeploymentRegistry deployments, ServerConfig config, Metrics metrics) {
        this.deployments = deployments;
        this.config = config;
        this.metrics = metrics;
        this.context = new SyncContext(blocking, Scheduler.of(timers), InstantSource.system());
        deployments.onDelete(this::closeSocketsOf);
    }

    /**
     * Where a sync socket goes.
     *
     * @param pinnedVersion the code version the path pins ({@code /d/<deployment>/v/<version>/...}),
     *     whose functions every call of the session runs (skew protection); empty for the current one
     */
    record Target(Deployment deployment, Optional<String> pinnedVersion, String clientVersion) {}

    /**
     * The deployment, pinned code version and client version of a sync path; empty for an unknown
     * deployment. A pinned version is not checked here: a session pinned to a version that is unknown
     * or no longer pinned opens, and each of its calls answers the application's {@code
     * VersionNotFound}/{@code VersionRetired} failure telling the client to reload, as HTTP calls do (a
     * refused upgrade would only make the client reconnect forever).
     */
    Optional<Target> target(String rawPath) {
        Matcher m = PATH.matcher(rawPath);
        if (!m.matches()) {
            return Optional.empty();
        }
        Deployment deployment = deployments.get(m.group(1)).orElse(null);
        if (deployment == null) {
            return Optional.empty();
        }
        return Optional.of(new Target(deployment, Optional.ofNullable(m.group(2)), m.group(3)));
    }

    /** Session options for a client of npm version {@code clientVersion}. */
    SyncOptions options(String clientVersion) {
        SyncOptions defaults = SyncOptions.defaults();
        return SyncOptions.chunksSupported(clientVersion)
                ? defaults
                : defaults.withTransitionChunks(false, defaults.transitionChunkBytes());
    }

    SyncContext context() {
        return context;
    }

    ExecutorService blocking() {
        return blocking;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    Metrics metrics() {
        return metrics;
    }

    ServerConfig config() {
        return config;
    }

    void opened(SyncSocket socket) {
        open.add(socket);
    }

    void closed(SyncSocket socket) {
        open.remove(socket);
    }

    int openSockets() {
        return open.size();
    }

    /**
     * Ends the sessions of a deployment being deleted, closing their sockets with 1001 (going away);
     * a client that reconnects is refused, as the deployment is gone.
     */
    void closeSocketsOf(Deployment deployment) {
        for (SyncSocket socket : open) {
            if (socket.serves(deployment)) {
                socket.shutdown(1001, "DeploymentDeleted");
            }
        }
    }

    /** Ends every open session (the server is stopping). */
    @Override
    public void close() {
        for (SyncSocket socket : open) {
            socket.shutdown(1012, "ServiceRestart");
        }
        timers.shutdownNow();
        blocking.shutdownNow();
    }
}
