package dev.slipway.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SlipwayServer} runs. Build with {@link #builder()}; every setting has a default, and a
 * bad one is refused with a message naming it, never clamped.
 *
 * @param host the address to listen on (default {@code 127.0.0.1})
 * @param port the port (default 3210; 0 picks a free one)
 * @param dataDir where the server keeps its files: {@code owner.token}, {@code admin.key}, the list
 *     of deployments, and with SQLite the control plane's and each deployment's database file
 *     (default {@code ./.slipway-data})
 * @param storage the persistence backend (default SQLite)
 * @param deployment the name of the deployment the server creates at its first start, outside the
 *     control plane, with its admin key in {@code <data>/admin.key} (default {@code
 *     default}): 1-59 lowercase letters and digits with underscores ({@code my_app}) or single
 *     hyphens ({@code brave-otter-123}); see {@link
 *     dev.slipway.persistence.postgres.PostgresOptions#deploymentSchema} for the PostgreSQL schema it
 *     names
 * @param allowInterpreter whether to run JavaScript on GraalJS's interpreter when the optimizing
 *     runtime is missing (10-16x slower); off by default, so a wrongly started JVM fails fast
 * @param prewarm whether to warm the JavaScript engine in the background at start (default on)
 * @param jsThreads platform threads that run JavaScript (default: the number of processors)
 * @param maxRequestBytes largest request body of the function API and HTTP actions (default 16 MiB,
 *     Convex's argument limit)
 * @param maxPushBytes largest body of {@code /admin/push} (default 256 MiB)
 * @param maxFrameBytes largest WebSocket message from a client (default 16 MiB)
 * @param socketPingInterval how often each WebSocket gets a protocol ping frame, which keeps idle
 *     connections alive through proxies and finds dead peers (default 30 s: under the 60 s idle
 *     timeout of common proxies and load balancers, with four pings before {@code idleSocketTimeout};
 *     the Convex backend pings every 5 s, which costs a server with 10,000 idle sockets a fifth of a
 *     core). Browsers answer these frames without telling the page; the client's own liveness check
 *     is the sync protocol's {@code Ping} message.
 * @param idleSocketTimeout a connection that sent nothing (not even a pong) for this long is closed
 *     (default 120 s, as the Convex backend)
 * @param clock the server's time: when deployments and credentials are created, when they expire,
 *     what the sweeper compares expiries with, and what every deployment's application reads (when
 *     scheduled functions are due, how long pinned code versions stay) (default the system clock in
 *     UTC; tests move a clock of their own forward instead of waiting)
 * @param sweepInterval how often the sweeper deletes expired deployments (default 1 minute)
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        Storage storage,
        String deployment,
        boolean allowInterpreter,
        boolean prewarm,
        int jsThreads,
        long maxRequestBytes,
        long maxPushBytes,
        int maxFrameBytes,
        Duration socketPingInterval,
        Duration idleSocketTimeout,
        Clock clock,
        Duration sweepInterval) {

    private static final long MIB = 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        DeploymentRegistry.nameProblem(deployment).ifPresent(problem -> {
            throw bad("deployment: " + problem);
        });
        if (host.isBlank()) {
            throw bad("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw bad("port must be 0-65535, got " + port);
        }
        if (jsThreads < 1) {
            throw bad("jsThreads must be at least 1, got " + jsThreads);
        }
        if (maxRequestBytes < 1024 || maxPushBytes < 1024 || maxFrameBytes < 1024) {
            throw bad("maxRequestBytes, maxPushBytes and maxFrameBytes must be at least 1024, got " + maxRequestBytes
                    + ", " + maxPushBytes + " and " + maxFrameBytes);
        }
        if (socketPingInterval.isNegative() || socketPingInterval.isZero()) {
            throw bad("socketPingInterval must be positive, got " + socketPingInterval);
        }
        if (idleSocketTimeout.compareTo(socketPingInterval.multipliedBy(2)) < 0) {
            throw bad("idleSocketTimeout must be at least twice socketPingInterval, got " + idleSocketTimeout + " and "
                    + socketPingInterval);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw bad("sweepInterval must be positive, got " + sweepInterval);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same settings with another port (a restart on the port the first start picked). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(
                host,
                newPort,
                dataDir,
                storage,
                deployment,
                allowInterpreter,
                prewarm,
                jsThreads,
                maxRequestBytes,
                maxPushBytes,
                maxFrameBytes,
                socketPingInterval,
                idleSocketTimeout,
                clock,
                sweepInterval);
    }

    private static ServerException bad(String message) {
        return new ServerException(ServerException.BAD_CONFIG, message);
    }

    /** Builds a {@link ServerConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 3210;
        private Path dataDir = Path.of(".slipway-data");
        private Storage storage = Storage.sqlite();
        private String deployment = "default";
        private boolean allowInterpreter;
        private boolean prewarm = true;
        private int jsThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private long maxRequestBytes = 16 * MIB;
        private long maxPushBytes = 256 * MIB;
        private int maxFrameBytes = (int) (16 * MIB);
        private Duration socketPingInterval = Duration.ofSeconds(30);
        private Duration idleSocketTimeout = Duration.ofMinutes(2);
        private Clock clock = Clock.systemUTC();
        private Duration sweepInterval = ControlPlaneHost.DEFAULT_SWEEP_INTERVAL;

        private Builder() {}

        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder dataDir(Path value) {
            this.dataDir = Objects.requireNonNull(value, "dataDir");
            return this;
        }

        public Builder storage(Storage value) {
            this.storage = Objects.requireNonNull(value, "storage");
            return this;
        }

        public Builder deployment(String value) {
            this.deployment = Objects.requireNonNull(value, "deployment");
            return this;
        }

        public Builder allowInterpreter(boolean value) {
            this.allowInterpreter = value;
            return this;
        }

        public Builder prewarm(boolean value) {
            this.prewarm = value;
            return this;
        }

        public Builder jsThreads(int value) {
            this.jsThreads = value;
            return this;
        }

        public Builder maxRequestBytes(long value) {
            this.maxRequestBytes = value;
            return this;
        }

        public Builder maxPushBytes(long value) {
            this.maxPushBytes = value;
            return this;
        }

        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = value;
            return this;
        }

        public Builder socketPingInterval(Duration value) {
            this.socketPingInterval = Objects.requireNonNull(value, "socketPingInterval");
            return this;
        }

        public Builder idleSocketTimeout(Duration value) {
            this.idleSocketTimeout = Objects.requireNonNull(value, "idleSocketTimeout");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder sweepInterval(Duration value) {
            this.sweepInterval = Objects.requireNonNull(value, "sweepInterval");
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    dataDir,
                    storage,
                    deployment,
                    allowInterpreter,
                    prewarm,
                    jsThreads,
                    maxRequestBytes,
                    maxPushBytes,
                    maxFrameBytes,
                    socketPingInterval,
                    idleSocketTimeout,
                    clock,
                    sweepInterval);
        }
    }
}
