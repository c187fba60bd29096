package dev.slipway.server;

import dev.slipway.isolate.JsRuntime;
import dev.slipway.isolate.RuntimeInfo;
import dev.slipway.isolate.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * A running Slipway server: the JavaScript runtime, the deployments (for now one, {@code default},
 * created at the first start with its admin key in {@code <data>/admin.key}), and the HTTP and
 * WebSocket endpoints on one port.
 *
 * <pre>{@code
 * try (SlipwayServer server = SlipwayServer.start(ServerConfig.builder().port(0).build())) {
 *     String url = server.deploymentUrl(); // give this to ConvexClient / ConvexHttpClient
 * }
 * }</pre>
 *
 * <p>A client is given the deployment URL {@code http://host:port/d/<deployment>}: the {@code convex}
 * client appends {@code /api/...} to it, and derives the WebSocket URL {@code
 * ws://host:port/d/<deployment>/api/<version>/sync} from it.
 */
public final class SlipwayServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SlipwayServer.class.getName());

    private final ServerConfig config;
    private final JsRuntime runtime;
    private final Deployment deployment;
    private final Metrics metrics;
    private final SyncEndpoint sync;
    private final HttpTransport transport;

    private SlipwayServer(
            ServerConfig config,
            JsRuntime runtime,
            Deployment deployment,
            Metrics metrics,
            SyncEndpoint sync,
            HttpTransport transport) {
        this.config = config;
        this.runtime = runtime;
        this.deployment = deployment;
        this.metrics = metrics;
        this.sync = sync;
        this.transport = transport;
    }

    /**
     * Starts a server: creates the data directory, the JavaScript runtime (refusing interpreter-only
     * GraalJS unless {@link ServerConfig#allowInterpreter()}), opens the deployment and its saved
     * code, and listens.
     *
     * @throws ServerException for a data directory or port that cannot be used
     * @throws dev.slipway.isolate.IsolateException when GraalJS runs interpreter-only and that is not allowed
     * @throws dev.slipway.persistence.PersistenceException when the store cannot be opened
     */
    public static SlipwayServer start(ServerConfig config) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Path data = createDataDir(config.dataDir());
            JsRuntime runtime = JsRuntime.create(RuntimeOptions.builder()
                    .threads(config.jsThreads())
                    .allowInterpreter(config.allowInterpreter())
                    .build());
            opened.push(runtime);
            AdminKey key = AdminKey.loadOrCreate(data.resolve("admin.key"), config.deployment(), new SecureRandom());
            Deployment deployment = Deployment.open(
                    config.deployment(),
                    data.resolve("deployments").resolve(config.deployment()),
                    config.storage(),
                    runtime,
                    key);
            opened.push(deployment);
            Metrics metrics = new Metrics();
            Map<String, Deployment> deployments = Map.of(deployment.name(), deployment);
            SyncEndpoint sync = new SyncEndpoint(deployments, config, metrics);
            opened.push(sync);
            HttpTransport transport = HttpTransport.start(config, new Router(deployments, config, metrics), sync);
            SlipwayServer server = new SlipwayServer(config, runtime, deployment, metrics, sync, transport);
            if (config.prewarm()) {
                runtime.prewarm();
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "Slipway is serving deployment {0} at {1}, stored on {2}, functions on the {3} (admin key in {4})",
                    deployment.name(),
                    server.deploymentUrl(),
                    config.storage() instanceof Storage.Sqlite ? "SQLite" : config.storage(),
                    runtime.info(),
                    data.resolve("admin.key"));
            return server;
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
    }

    private static Path createDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new ServerException(
                    ServerException.BAD_DATA_DIR, "cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The port the server listens on (the one picked, when the config asked for 0). */
    public int port() {
        return transport.port();
    }

    /** {@code http://host:port}. */
    public String url() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The URL to give the {@code convex} clients: {@code http://host:port/d/<deployment>}. */
    public String deploymentUrl() {
        return url() + "/d/" + deployment.name();
    }

    /** The name of the deployment this server serves. */
    public String deploymentName() {
        return deployment.name();
    }

    /** The deployment's admin key ({@code Authorization: Convex <key>}). */
    public String adminKey() {
        return deployment.adminKey().value();
    }

    /** Which JavaScript runtime the server got. */
    public RuntimeInfo runtimeInfo() {
        return runtime.info();
    }

    /** The WebSockets open right now. */
    public int openSockets() {
        return metrics.openSockets();
    }

    /** Stops listening, ends every session, and closes the deployment and the runtime. */
    @Override
    public void close() {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        parts.push(runtime);
        parts.push(deployment);
        parts.push(transport);
        parts.push(sync);
        closeAll(parts, null);
        LOG.log(System.Logger.Level.INFO, "Slipway stopped ({0})", deployment.name());
    }

    private static void closeAll(
            Deque<AutoCloseable> parts, @org.jspecify.annotations.Nullable RuntimeException failure) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "while stopping the server", e);
                }
            }
        }
    }
}
