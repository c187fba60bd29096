package dev.slipway.cli;

import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** A real Slipway server in this JVM, on a free port and a temporary data directory. */
final class TestServer implements AutoCloseable {
    private final SlipwayServer server;

    private TestServer(SlipwayServer server) {
        this.server = server;
    }

    static TestServer start(Path dataDir) {
        return start(config(dataDir));
    }

    /** The settings of {@link #start(Path)}, for a test to change some before starting. */
    static ServerConfig.Builder config(Path dataDir) {
        return ServerConfig.builder().port(0).dataDir(dataDir).jsThreads(2).prewarm(false);
    }

    static TestServer start(ServerConfig.Builder config) {
        return new TestServer(SlipwayServer.start(config.build()));
    }

    /** The server's root URL, {@code http://127.0.0.1:<port>}, what {@code slipway login --url} takes. */
    String serverUrl() {
        return server.url();
    }

    /** The deployments the server serves now. */
    java.util.List<String> deploymentNames() {
        return server.deploymentNames();
    }

    /** The deployment URL, {@code http://127.0.0.1:<port>/d/default}. */
    String url() {
        return server.deploymentUrl();
    }

    String adminKey() {
        return server.adminKey();
    }

    /** A runner in {@code dir} whose environment targets this server. */
    CliRunner cli(Path dir) {
        return CliRunner.in(dir).env(DeploymentTarget.URL_VAR, url()).env(DeploymentTarget.ADMIN_KEY_VAR, adminKey());
    }

    /** A URL where no server listens: a port that was free a moment ago. */
    static String deadUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/d/default";
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port", e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
