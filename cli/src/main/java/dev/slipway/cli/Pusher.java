package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The push pipeline that {@code deploy}, {@code dev} and {@code run --push} share: codegen,
 * type-check, bundle, then {@code POST admin/push} and the report. Each step's failure stops the
 * pipeline before anything reaches the server, and a refused push prints the server's report.
 */
final class Pusher {
    /** A push may validate documents and backfill indexes before it answers. */
    static final Duration PUSH_TIMEOUT = Duration.ofMinutes(10);

    /** How often a running push's progress is asked for, and how often a long phase is shown again. */
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(300);

    private static final Duration PROGRESS_REPEAT = Duration.ofSeconds(2);

    private Pusher() {}

    /** Codegen, type-check and bundle {@code app}; nothing is sent. */
    static AppBundler.Bundle prepare(App app, TypeCheck.Mode typecheck, PrintWriter out, PrintWriter err) {
        app.requireFunctionsDir();
        app.requireInstalledPackages();
        List<String> generated = Codegen.write(app);
        if (!generated.isEmpty()) {
            out.println("Generated " + String.join(", ", generated));
        }
        TypeCheck.run(app, typecheck, out);
        out.println("Bundling " + app.functionsName() + "/...");
        out.flush();
        AppBundler.Bundle bundle = AppBundler.bundle(app);
        bundle.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return bundle;
    }

    /**
     * Pushes {@code bundle} and prints the report; {@code dryRun} asks the server to check
     * everything and change nothing.
     *
     * @return the server's report
     * @throws CliException when the server refuses (its report printed to {@code err} first)
     */
    static Json push(
            AdminClient admin, App app, AppBundler.Bundle bundle, boolean dryRun, PrintWriter out, PrintWriter err) {
        return push(admin, app, bundle, dryRun, false, out, err);
    }

    /**
     * {@link #push(AdminClient, App, AppBundler.Bundle, boolean, PrintWriter, PrintWriter)}; {@code
     * allowBreaking} asks the server to push despite breaking changes to the function API or to pending
     * scheduled jobs (they are still reported).
     */
    static Json push(
            AdminClient admin,
            App app,
            AppBundler.Bundle bundle,
            boolean dryRun,
            boolean allowBreaking,
            PrintWriter out,
            PrintWriter err) {
        return push(admin, app, bundle, new Options(dryRun, allowBreaking, false), out, err);
    }

    /**
     * What a push asks of the server besides the modules.
     *
     * @param dryRun check everything, change nothing
     * @param allowBreaking push despite breaking changes to the function API or pending jobs (still
     *     reported)
     * @param stage make the version reachable only at its pinned URL, {@code <deployment
     *     URL>/v/<versionId>}; the current version stays current until {@code slipway promote}
     */
    record Options(boolean dryRun, boolean allowBreaking, boolean stage) {}

    /**
     * Pushes {@code bundle} as {@code options} say and prints the report.
     *
     * @return the server's report
     * @throws CliException when the server refuses (its report printed to {@code err} first), or
     *     when it did not do what was asked (applied a dry run, made a staged version live)
     */
    static Json push(
            AdminClient admin, App app, AppBundler.Bundle bundle, Options options, PrintWriter out, PrintWriter err) {
        Json.Obj body = Json.object().put("modules", Json.objectOfStrings(bundle.modules()));
        if (options.dryRun()) {
            body = body.put("dryRun", true);
        }
        if (options.allowBreaking()) {
            body = body.put("allowBreaking", true);
        }
        if (options.stage()) {
            body = body.put("stage", true);
        }
        body = body.put("author", author());
        Optional<Json.Obj> git = gitInfo(app);
        if (git.isPresent()) {
            body = body.put("git", git.get());
        }
        out.println((options.dryRun() ? "Checking " : options.stage() ? "Staging " : "Pushing ")
                + bundle.modules().size() + " modules to "
                + admin.target().describe() + "...");
        out.flush();
        Json report;
        Thread progress = Thread.ofVirtual().name("slipway-push-progress").start(() -> followProgress(admin, out));
        try {
            report = admin.withTimeout(PUSH_TIMEOUT).post("push", body);
        } catch (CliException e) {
            stop(progress);
            e.body().ifPresent(b -> PushReport.printRefused(b, err));
            throw e;
        }
        stop(progress);
        PushReport.printAccepted(report, admin.target(), out);
        if (options.dryRun() && !report.bool("dryRun").orElse(false)) {
            throw CliException.failed("the server at " + admin.target().serverUrl() + " does not support dry runs:"
                    + " it applied this push (version "
                    + report.string("versionId").orElse("?") + ")");
        }
        if (options.stage()
                && !options.dryRun()
                && !report.bool("staged").orElse(false)
                && !report.bool("unchanged").orElse(false)) {
            throw CliException.failed("the server at " + admin.target().serverUrl() + " does not support staged"
                    + " deploys: it made version " + report.string("versionId").orElse("?") + " current");
        }
        return report;
    }

    /**
     * Prints where the running push is ({@code GET push/progress}: analyzing, validating a table,
     * backfilling an index, switching) while its request is open: a line when the phase or its target
     * changes, and every {@link #PROGRESS_REPEAT} while one goes on. A server without the endpoint
     * just shows no progress. Ends when interrupted.
     */
    private static void followProgress(AdminClient admin, PrintWriter out) {
        AdminClient poll = admin.withTimeout(Duration.ofSeconds(10));
        String shown = "";
        long shownAt = 0;
        while (true) {
            try {
                Thread.sleep(PROGRESS_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            Json progress;
            try {
                progress = poll.get("push/progress", Map.of());
            } catch (CliException e) {
                return; // an older server, or the request was stopped
            }
            if (Thread.currentThread().isInterrupted()
                    || !progress.bool("active").orElse(false)) {
                continue;
            }
            String where = progress.string("phase").orElse("") + "/"
                    + progress.string("target").orElse("");
            long now = System.nanoTime();
            if (!where.equals(shown) || now - shownAt > PROGRESS_REPEAT.toNanos()) {
                synchronized (out) {
                    out.println("  ... " + progress.string("message").orElse(where));
                    out.flush();
                }
                shown = where;
                shownAt = now;
            }
        }
    }

    private static void stop(Thread progress) {
        progress.interrupt();
        try {
            progress.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Who pushes (or promotes, or rolls back), as a version records it: the OS user. */
    static String author() {
        return System.getProperty("user.name", "unknown");
    }

    /** {@code {"commit", "branch"}} of the app's git checkout, when it is one and git is installed. */
    private static Optional<Json.Obj> gitInfo(App app) {
        try {
            Subprocess.Result commit = Subprocess.capture(
                    List.of("git", "rev-parse", "HEAD"), app.dir(), Map.of(), "", Duration.ofSeconds(10));
            Subprocess.Result branch = Subprocess.capture(
                    List.of("git", "rev-parse", "--abbrev-ref", "HEAD"),
                    app.dir(),
                    Map.of(),
                    "",
                    Duration.ofSeconds(10));
            if (commit.exitCode() != 0 || branch.exitCode() != 0) {
                return Optional.empty();
            }
            return Optional.of(Json.object()
                    .put("commit", commit.stdout().strip())
                    .put("branch", branch.stdout().strip()));
        } catch (CliException e) {
            return Optional.empty(); // no git: the push simply carries no commit
        }
    }
}
