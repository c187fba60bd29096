package dev.slipway.cli;

import dev.slipway.server.ServerConfig;
import dev.slipway.server.ServerLogging;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.Storage;
import dev.slipway.value.SlipwayException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slipway serve}: starts the server in this process and runs until interrupted (Ctrl-C). The
 * one command that does not talk HTTP: it is the server (the cli module depends on server for it).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Start the Slipway server: the control API at http://<host>:<port>/control, and the Convex"
                + " HTTP API, WebSocket sync and HTTP actions of every deployment at http://<host>:<port>/d/<name>."
                + " The first start writes the owner token to <data>/owner.token, and creates deployment 'default'"
                + " with its admin key in <data>/admin.key.")
final class ServeCommand implements Callable<Integer> {
    /** The persistence backends. */
    enum Persistence {
        sqlite,
        postgres
    }

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "3210",
            paramLabel = "PORT",
            description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String host = "127.0.0.1";

    @Option(
            names = "--data",
            defaultValue = ".slipway-data",
            paramLabel = "DIR",
            description = "Data directory: admin key, pushed code, SQLite files (default: ${DEFAULT-VALUE}).")
    private Path data = Path.of(".slipway-data");

    @Option(
            names = "--persistence",
            defaultValue = "sqlite",
            paramLabel = "KIND",
            description = "Where deployments store their data: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Persistence persistence = Persistence.sqlite;

    @Option(
            names = "--db-url",
            paramLabel = "URL",
            description = "PostgreSQL server for --persistence postgres: postgres://user[:password]@host[:port]/db"
                    + " or jdbc:postgresql://host[:port]/db?user=...")
    private Optional<String> dbUrl = Optional.empty();

    @Option(
            names = "--allow-interpreter",
            description = "Run JavaScript on GraalJS's interpreter when the optimizing runtime is missing"
                    + " (10-16x slower). ./slipway always starts the JVM with the optimizing runtime.")
    private boolean allowInterpreter;

    @Override
    public Integer call() {
        ServerConfig config = config();
        ServerLogging.install();
        SlipwayServer server;
        try {
            server = SlipwayServer.start(config);
        } catch (SlipwayException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("slipway serve: " + e.getMessage());
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Server URL:     " + server.url() + " (slipway login --url " + server.url()
                + " --token <owner token>)");
        out.println("Owner token:    " + config.dataDir().toAbsolutePath().resolve("owner.token"));
        out.println("Deployment URL: " + server.deploymentUrl());
        out.println("Admin key:      " + config.dataDir().toAbsolutePath().resolve("admin.key"));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        awaitShutdown(server);
        return 0;
    }

    /** The server settings the options describe; a contradiction is a usage error (exit 2). */
    ServerConfig config() {
        try {
            Storage storage = switch (persistence) {
                case sqlite -> {
                    if (dbUrl.isPresent()) {
                        throw usage("--db-url is only for --persistence postgres");
                    }
                    yield Storage.sqlite();
                }
                case postgres ->
                    Storage.postgres(dbUrl.orElseThrow(() -> usage("--persistence postgres needs --db-url")));
            };
            return ServerConfig.builder()
                    .host(host)
                    .port(port)
                    .dataDir(data)
                    .storage(storage)
                    .allowInterpreter(allowInterpreter)
                    .build();
        } catch (SlipwayException e) {
            throw usage(String.valueOf(e.getMessage()));
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Blocks until the JVM is asked to stop, then closes the server. */
    private static void awaitShutdown(SlipwayServer server) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "slipway-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
    }
}
