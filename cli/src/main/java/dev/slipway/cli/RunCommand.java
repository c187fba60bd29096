package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway run FN [ARGS_JSON]}: calls a function as the deployment's admin (internal functions
 * too) and prints its result as JSON on stdout, its log lines on stderr, and a failure (with a
 * ConvexError's data) on stderr with exit code 1. {@code --watch} subscribes over the sync protocol
 * and prints the result again whenever it changes, until interrupted; {@code --push} pushes the app
 * first.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Run a function (query, mutation or action; internal ones too) and print its result.")
final class RunCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Parameters(
            index = "0",
            paramLabel = "FUNCTION",
            description = "module:export, e.g. messages:list or admin/stats:summary.")
    private String function = "";

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "ARGS_JSON",
            description = "The arguments as a JSON object (default: {}), e.g. '{\"body\": \"hi\"}'.")
    private String argsJson = "{}";

    @Option(names = "--watch", description = "Subscribe to the query and print its result again whenever it changes.")
    private boolean watch;

    @Option(names = "--push", description = "Push the app's functions first (as `slipway dev --once`).")
    private boolean push;

    @Option(
            names = "--typecheck",
            paramLabel = "MODE",
            defaultValue = "try",
            description = "With --push: enable, try (default) or disable.")
    private String typecheck = "try";

    @Override
    public Integer call() throws InterruptedException {
        String path = FunctionPaths.canonical(function);
        String args = FunctionPaths.args(argsJson);
        TypeCheck.Mode mode = TypeCheck.Mode.parse(typecheck);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliContext context = parent.context();
        DeploymentTarget deployment = target.target(context);
        if (push) {
            App app = App.at(target.appDir(context));
            AppBundler.Bundle bundle = Pusher.prepare(app, mode, err, err);
            try (AdminClient admin = AdminClient.connect(deployment)) {
                Pusher.push(admin, app, bundle, false, true, err, err);
            }
        }
        return watch ? watch(deployment, path, args, out, err) : runOnce(deployment, path, args, out, err);
    }

    static int runOnce(DeploymentTarget deployment, String path, String args, PrintWriter out, PrintWriter err) {
        Json outcome;
        try (AdminClient admin = AdminClient.connect(deployment)) {
            outcome = admin.callFunction(path, args);
        }
        printLogLines(strings(outcome.array("logLines")), err);
        if (outcome.string("status").orElse("").equals("success")) {
            out.println(FunctionPaths.display(outcome.get("value").orElse(Json.Null.INSTANCE)));
            out.flush();
            return 0;
        }
        printFailure(outcome.string("errorMessage").orElse("the function failed"), outcome.get("errorData"), err);
        return CliException.Exit.FAILED.code();
    }

    private static int watch(DeploymentTarget deployment, String path, String args, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        try (QuerySubscription subscription = QuerySubscription.open(deployment, path, Json.parse(args))) {
            Optional<String> last = Optional.empty();
            while (true) {
                QuerySubscription.Event event;
                try {
                    event = subscription.next();
                } catch (InterruptedException e) {
                    return 0; // Ctrl-C or the caller stopping the watch: a normal end
                }
                switch (event) {
                    case QuerySubscription.Event.Updated u -> {
                        printLogLines(u.logLines(), err);
                        String shown = FunctionPaths.display(u.value());
                        if (last.isEmpty() || !last.get().equals(shown)) {
                            out.println(shown);
                            out.flush();
                            last = Optional.of(shown);
                        }
                    }
                    case QuerySubscription.Event.Failed f -> {
                        printLogLines(f.logLines(), err);
                        printFailure(f.message(), f.data(), err);
                        last = Optional.empty();
                    }
                    case QuerySubscription.Event.Notice n -> {
                        err.println("note: " + n.message());
                        err.flush();
                    }
                    case QuerySubscription.Event.Closed c -> throw CliException.unreachable(c.reason());
                }
            }
        }
    }

    private static List<String> strings(List<Json> values) {
        return values.stream()
                .map(v -> v instanceof Json.Str s ? s.value() : v.text())
                .toList();
    }

    private static void printLogLines(List<String> lines, PrintWriter err) {
        lines.forEach(err::println);
        err.flush();
    }

    private static void printFailure(String message, Optional<Json> data, PrintWriter err) {
        err.println("error: " + message);
        data.ifPresent(d -> err.println("error data: " + FunctionPaths.display(d)));
        err.flush();
    }
}
