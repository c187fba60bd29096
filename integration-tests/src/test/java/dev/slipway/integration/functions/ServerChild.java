package dev.slipway.integration.functions;

import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.Storage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A Slipway server in a child JVM, for tests that kill it with SIGKILL: starts on a free port with
 * the data directory and deployment named on the command line (on SQLite, or on PostgreSQL when a
 * URL is given), prints {@code READY <deployment url> <admin key>} on standard output, and serves
 * until the process ends. On a failure to start it prints the stack trace and exits 1.
 *
 * <p>Usage: {@code ServerChild <data dir> <deployment> [<postgres url>]}.
 */
public final class ServerChild {
    private ServerChild() {}

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ServerChild <data dir> <deployment> [<postgres url>]");
            System.exit(2);
        }
        SlipwayServer server;
        try {
            ServerConfig.Builder config = ServerConfig.builder()
                    .port(0)
                    .dataDir(Path.of(args[0]))
                    .deployment(args[1])
                    .prewarm(true) // as a real server: the first calls are compiled, not interpreted
                    .jsThreads(2);
            if (args.length == 3) {
                config.storage(Storage.postgres(args[2]));
            }
            server = SlipwayServer.start(config.build());
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
            return;
        }
        out.println("READY " + server.deploymentUrl() + " " + server.adminKey());
        new java.util.concurrent.CountDownLatch(1).await(); // until killed
    }
}
