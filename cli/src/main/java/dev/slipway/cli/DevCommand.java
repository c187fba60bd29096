package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway dev}: pushes the app, then watches its functions directory and pushes again after
 * every change (debounced). A push that fails — a syntax error, a type error, a refused schema —
 * prints why and leaves the last good version live; the next edit tries again. {@code --once} pushes
 * and exits; {@code --tail-logs} prints the functions' executions as they happen. Breaking changes to
 * the function API or to pending jobs are reported but do not stop a dev push (iterating on a dev
 * deployment renames functions all the time); {@code slipway deploy} is where they are refused.
 *
 * <p>The target is resolved by {@link DeploymentTarget}; when nothing names one and you are logged in,
 * it is your own dev deployment {@code dev/<member>} of the selected project, created on first use and
 * selected into the app's {@code .env.local}, as {@code npx convex dev} does.
 */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Push the app's functions to your dev deployment, then watch convex/ and push again on"
                + " every change.")
final class DevCommand implements Callable<Integer> {
    /** How long the functions directory must be quiet before a burst of edits is pushed. */
    static final Duration DEBOUNCE = Duration.ofMillis(250);

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Option(names = "--once", description = "Push once and exit (non-zero when the push fails).")
    private boolean once;

    @Option(names = "--tail-logs", description = "Print function executions and their log lines as they happen.")
    private boolean tailLogs;

    @Option(
            names = "--typecheck",
            paramLabel = "MODE",
            defaultValue = "try",
            description = "enable, try (default: when TypeScript is installed) or disable.")
    private String typecheck = "try";

    @Override
    public Integer call() {
        TypeCheck.Mode mode = TypeCheck.Mode.parse(typecheck);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliContext context = parent.context();
        App app = App.at(target.appDir(context));
        app.requireFunctionsDir();
        app.requireInstalledPackages();
        DeploymentTarget deployment = target.target(context, Optional.empty(), true);
        if (deployment.type().isPresent()) {
            say(out, "Using " + deployment.describe() + " (" + deployment.source() + ")");
        }
        try (AdminClient admin = AdminClient.connect(deployment)) {
            if (once) {
                Pusher.push(admin, app, Pusher.prepare(app, mode, out, err), false, true, out, err);
                return 0;
            }
            Optional<Thread> tail = tailLogs
                    ? Optional.of(Thread.ofVirtual()
                            .name("slipway-log-tail")
                            .start(() ->
                                    LogTail.follow(admin, 0, entry -> true, false, out, err, ZoneId.systemDefault())))
                    : Optional.empty();
            try {
                watch(admin, app, mode, out, err);
            } finally {
                tail.ifPresent(Thread::interrupt);
            }
        }
        return 0;
    }

    /** Pushes now and after every change, until interrupted. */
    private static void watch(AdminClient admin, App app, TypeCheck.Mode mode, PrintWriter out, PrintWriter err) {
        try (FunctionsWatcher watcher = new FunctionsWatcher(app.functionsDir(), DEBOUNCE)) {
            Optional<AppBundler.Bundle> live = pushSafely(admin, app, mode, Optional.empty(), out, err);
            while (true) {
                say(out, "Watching " + app.functionsName() + "/ for changes (Ctrl-C to stop)...");
                watcher.awaitChange();
                Optional<AppBundler.Bundle> pushed = pushSafely(admin, app, mode, live, out, err);
                if (pushed.isPresent()) {
                    live = pushed;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Ctrl-C, or the caller stopping dev: a normal end
        }
    }

    /**
     * One push of the current code; a failure is printed, not thrown, and the version that was live
     * stays live.
     *
     * @return the bundle pushed, or empty when nothing new was pushed
     */
    private static Optional<AppBundler.Bundle> pushSafely(
            AdminClient admin,
            App app,
            TypeCheck.Mode mode,
            Optional<AppBundler.Bundle> live,
            PrintWriter out,
            PrintWriter err) {
        try {
            AppBundler.Bundle bundle = Pusher.prepare(app, mode, out, err);
            if (live.isPresent() && live.get().modules().equals(bundle.modules())) {
                say(out, "No change to the bundled functions; nothing to push.");
                return Optional.empty();
            }
            Pusher.push(admin, app, bundle, false, true, out, err);
            return Optional.of(bundle);
        } catch (CliException e) {
            if (Thread.currentThread().isInterrupted()) {
                return Optional.empty(); // stopped mid-push: the watch loop ends next
            }
            synchronized (err) {
                err.println("error: " + e.getMessage());
                err.println("The live version is unchanged; fix the error and save to push again.");
                err.flush();
            }
            return Optional.empty();
        }
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
