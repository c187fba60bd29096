package dev.slipway.server;

import dev.slipway.isolate.JsRuntime;
import dev.slipway.isolate.RuntimeInfo;
import dev.slipway.isolate.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A running Slipway server: the JavaScript runtime, the control plane ({@link ControlPlaneHost}: teams,
 * projects, deployments and credentials in their own store, the {@code /control/*} API, the sweeper),
 * its deployments (the {@link DeploymentRegistry}: those the control plane creates and deletes, and
 * {@link ServerConfig#deployment()}, by default {@code default}, created at the first start with its
 * admin key in {@code <data>/admin.key}; each with its own store, code, admin key and sessions), and
 * the HTTP and WebSocket endpoints on one port.
 *
 * <p>The first start also creates the control plane's team {@code default} and the owner token,
 * written to {@code <data>/owner.token} (mode 600) and printed to the log once: {@code slipway login
 * --url <server> --token <owner token>} is how a newcomer starts.
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
    private final DeploymentRegistry deployments;
    private final ControlPlaneHost control;
    private final Metrics metrics;
    private final SyncEndpoint sync;
    private final HttpTransport transport;

    private SlipwayServer(
            ServerConfig config,
            JsRuntime runtime,
            DeploymentRegistry deployments,
            ControlPlaneHost control,
            Metrics metrics,
            SyncEndpoint sync,
            HttpTransport transport) {
        this.config = config;
        this.runtime = runtime;
        this.deployments = deployments;
        this.control = control;
        this.metrics = metrics;
        this.sync = sync;
        this.transport = transport;
    }

    /**
     * Starts a server: creates the data directory, the JavaScript runtime (refusing interpreter-only
     * GraalJS unless {@link ServerConfig#allowInterpreter()}), opens every deployment with the code
     * last pushed to it (creating {@link ServerConfig#deployment()} at the first start), starts the
     * control plane (its first start creates the owner token; every start gives each of its
     * deployments its data, see {@link ControlPlaneHost#reconcile}; the sweeper runs from then on),
     * and listens.
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
            ControlGate gate = new ControlGate();
            DeploymentRegistry deployments = DeploymentRegistry.open(data, config, runtime, gate);
            opened.push(deployments);
            ControlPlaneHost control = ControlPlaneHost.start(
                    data,
                    config.storage().openControlPlane(data),
                    deployments.controlPlaneHost(),
                    config.clock(),
                    config.sweepInterval());
            opened.push(control);
            gate.bind(control);
            Metrics metrics = new Metrics();
            SyncEndpoint sync = new SyncEndpoint(deployments, config, metrics);
            opened.push(sync);
            HttpTransport transport =
                    HttpTransport.start(config, new Router(deployments, control.api(), config, metrics), sync);
            SlipwayServer server = new SlipwayServer(config, runtime, deployments, control, metrics, sync, transport);
            if (config.prewarm()) {
                runtime.prewarm();
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "Slipway is serving {0} at {1}/d/<deployment>, stored on {2}, functions on the {3}; the control"
                            + " API is at {1}/control (owner token in {4}; the admin key of {5} is in {6})",
                    deployments.names().isEmpty() ? "no deployment" : "deployments " + deployments.names(),
                    server.url(),
                    config.storage() instanceof Storage.Sqlite ? "SQLite" : config.storage(),
                    runtime.info(),
                    data.resolve(ControlPlaneHost.OWNER_TOKEN_FILE),
                    config.deployment(),
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

    /**
     * The URL to give the {@code convex} clients for the deployment of {@link ServerConfig#deployment()}:
     * {@code http://host:port/d/<deployment>} (also when that deployment was deleted since).
     */
    public String deploymentUrl() {
        return url() + "/d/" + config.deployment();
    }

    /** The name of the deployment the server created at its first start ({@link ServerConfig#deployment()}). */
    public String deploymentName() {
        return config.deployment();
    }

    /** The admin key of {@link #deploymentName()} ({@code Authorization: Convex <key>}). */
    public String adminKey() {
        return adminKey(config.deployment());
    }

    /**
     * Creates deployment {@code name}, with an empty store, a fresh admin key and no code, and serves
     * it at once. The control plane does not manage it: it is reached by its admin key (and the owner
     * token), as {@link #deploymentName()} is; deployments of teams and projects are created through
     * the control API ({@code slipway deployment create}).
     *
     * @return its URL, as {@link #deploymentUrl(String)}
     * @throws ServerException {@link ServerException#BAD_DEPLOYMENT_NAME}, {@link
     *     ServerException#DEPLOYMENT_EXISTS}, or a store failure (then nothing is left behind)
     */
    public String createDeployment(String name) {
        deployments.create(name, false);
        return deploymentUrl(name);
    }

    /**
     * Deletes deployment {@code name} with all its data: its sync sessions end, requests to it get 404
     * {@code DeploymentNotFound}, its store (SQLite file or PostgreSQL schema), code and admin key are
     * removed. The other deployments are untouched. Only for deployments the control plane does not
     * manage ({@link #createDeployment}, {@link #deploymentName()}): the others are deleted with their
     * record, through the control API ({@code slipway deployment delete}).
     *
     * @throws ServerException {@link ServerException#DEPLOYMENT_NOT_FOUND}, {@link
     *     ServerException#DEPLOYMENT_MANAGED}
     */
    public void deleteDeployment(String name) {
        if (deployments.managedNames().contains(name)) {
            throw new ServerException(
                    ServerException.DEPLOYMENT_MANAGED,
                    "deployment " + name + " belongs to the control plane: delete it with `slipway deployment delete`"
                            + " (DELETE /control/deployments/" + name + "), which removes its record with its data");
        }
        deployments.delete(name);
    }

    /** The deployments served now, sorted by name. */
    public List<String> deploymentNames() {
        return deployments.names();
    }

    /**
     * The admin key of deployment {@code name}.
     *
     * @throws ServerException {@link ServerException#DEPLOYMENT_NOT_FOUND}
     */
    public String adminKey(String name) {
        return deployment(name).adminKey().value();
    }

    /** The URL to give the {@code convex} clients for deployment {@code name}: {@code http://host:port/d/<name>}. */
    public String deploymentUrl(String name) {
        return url() + "/d/" + deployment(name).name();
    }

    private Deployment deployment(String name) {
        return deployments
                .get(name)
                .orElseThrow(() -> new ServerException(
                        ServerException.DEPLOYMENT_NOT_FOUND,
                        "there is no deployment named " + name + " (this server has " + deployments.names() + ")"));
    }

    /** Which JavaScript runtime the server got. */
    public RuntimeInfo runtimeInfo() {
        return runtime.info();
    }

    /** The WebSockets open right now. */
    public int openSockets() {
        return metrics.openSockets();
    }

    /** Stops listening, ends every session, and closes the control plane, the deployments and the runtime. */
    @Override
    public void close() {
        List<String> names = deployments.names();
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        parts.push(runtime);
        parts.push(deployments);
        parts.push(control); // before the registry: the sweeper may be deleting a deployment
        parts.push(transport);
        parts.push(sync);
        closeAll(parts, null);
        LOG.log(System.Logger.Level.INFO, "Slipway stopped ({0})", names);
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
