package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway deploy}: bundles the app, runs the frontend build ({@code --cmd}) with the
 * <em>pinned</em> URL of the version being deployed in the framework variables, then pushes the app
 * ({@link Pusher}) and prints what changed. A failed build pushes nothing; {@code --dry-run} asks the
 * server to check everything and change nothing; a production deployment asks for confirmation when
 * a person is at the terminal, unless {@code -y}.
 *
 * <p>Skew protection: the version id is known before the push ({@link AppBundler.Bundle#versionId},
 * the server's algorithm), so the build gets {@code <deployment URL>/v/<versionId>}
 * ({@link DeploymentTarget#pinnedUrl}) and the frontend it builds keeps calling the backend it was
 * built with while a later version goes live; {@value #UNPINNED_URL_VARIABLE} holds the unpinned
 * URL, which always serves the current version. {@code --stage} pushes with every check and index
 * backfill but makes the version reachable only at its pinned URL, for {@code slipway promote}.
 *
 * <p>Previews, as in Convex: {@code --preview-name N} deploys to the project's preview {@code
 * preview/N}, creating it or reusing it with its data; {@code --preview-create N} deletes it with its
 * data first. With a preview deploy key in {@code SLIPWAY_DEPLOY_KEY} and no name, the name is the
 * branch CI builds ({@link DeploymentTarget#ciBranch}). {@code --preview-run FN} runs once, after the
 * push of the deploy that created the preview (a seed); if it fails, the deploy fails and the preview
 * stays. The target is resolved by {@link DeploymentTarget}.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Bundle the app's functions and push them to the deployment: codegen, type-check, bundle,"
                + " build the frontend (--cmd), push (or stage), and print what changed.")
final class DeployCommand implements Callable<Integer> {
    /** The variables a frontend build finds the pinned URL in, unless {@code --cmd-url-env-var-name}. */
    static final List<String> URL_VARIABLES =
            List.of("SLIPWAY_URL", "CONVEX_URL", "VITE_CONVEX_URL", "NEXT_PUBLIC_CONVEX_URL");

    /** The variable a frontend build finds the unpinned deployment URL in (always the current version). */
    static final String UNPINNED_URL_VARIABLE = "SLIPWAY_DEPLOYMENT_URL";

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Option(
            names = "--cmd",
            paramLabel = "COMMAND",
            description = "Run this build after bundling and before pushing (e.g. 'npm run build'), with the"
                    + " pinned URL of the version being deployed (<deployment URL>/v/<version>, so the frontend keeps"
                    + " calling the backend it was built with) in SLIPWAY_URL, CONVEX_URL, VITE_CONVEX_URL and"
                    + " NEXT_PUBLIC_CONVEX_URL, and the unpinned URL (always the current version) in"
                    + " SLIPWAY_DEPLOYMENT_URL; if it fails nothing is pushed.")
    private Optional<String> cmd = Optional.empty();

    @Option(
            names = "--cmd-url-env-var-name",
            paramLabel = "NAME",
            description = "Put the pinned URL in this variable for --cmd instead (SLIPWAY_DEPLOYMENT_URL still holds"
                    + " the unpinned one).")
    private Optional<String> urlVariable = Optional.empty();

    @Option(names = "--dry-run", description = "Check everything, print the report, and change nothing.")
    private boolean dryRun;

    @Option(
            names = "--stage",
            description = "Run every check and backfill the new indexes, but make the version reachable only at its"
                    + " pinned URL (<deployment URL>/v/<version>); the current version stays current until `slipway"
                    + " promote`.")
    private boolean stage;

    @Option(
            names = "--allow-breaking",
            description = "Push even when the function-API or scheduled-job check finds breaking changes (they are"
                    + " still reported): clients of the live version calling what changed, and such jobs, then fail.")
    private boolean allowBreaking;

    @Option(
            names = "--json",
            description = "Print the push report as JSON on stdout, for CI (also when the push is refused); progress"
                    + " and the readable report go to stderr.")
    private boolean json;

    @Option(
            names = "--preview-name",
            paramLabel = "NAME",
            description = "Deploy to the preview deployment preview/NAME of the project (a git branch name is"
                    + " cleaned into one), creating it or reusing it with its data. Default with a preview deploy"
                    + " key: the branch CI builds (Vercel, Netlify, Cloudflare Pages, GitHub Actions).")
    private Optional<String> previewName = Optional.empty();

    @Option(
            names = "--preview-create",
            paramLabel = "NAME",
            description = "Like --preview-name, but deletes an existing preview of that name with all its data and"
                    + " creates it afresh.")
    private Optional<String> previewCreate = Optional.empty();

    @Option(
            names = "--preview-run",
            paramLabel = "FUNCTION",
            description = "Run this function (with no arguments) after the push, only when this deploy created the"
                    + " preview deployment: to seed it. If it fails, the deploy fails and the preview stays.")
    private Optional<String> previewRun = Optional.empty();

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation before pushing to a production deployment.")
    private boolean yes;

    @Option(
            names = "--typecheck",
            paramLabel = "MODE",
            defaultValue = "try",
            description = "enable, try (default: when TypeScript is installed) or disable.")
    private String typecheck = "try";

    @Override
    public Integer call() {
        TypeCheck.Mode mode = TypeCheck.Mode.parse(typecheck);
        checkOptions();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = json ? err : spec.commandLine().getOut(); // --json: stdout holds only the report
        CliContext context = parent.context();
        App app = App.at(target.appDir(context));
        app.requireFunctionsDir();
        app.requireInstalledPackages();
        DeploymentTarget deployment = target.target(context, preview(), false);
        if (deployment.type().isPresent()) {
            out.println("Deploying to " + deployment.type().get() + " " + deployment.describe() + " ("
                    + deployment.source() + ")");
            out.flush();
        }
        if (!dryRun && !confirmed(deployment, context, out)) {
            err.println("Nothing was pushed.");
            err.flush();
            return CliException.Exit.FAILED.code();
        }
        AppBundler.Bundle bundle = Pusher.prepare(app, mode, out, err);
        String versionId = bundle.versionId();
        cmd.ifPresent(command -> build(command, app, deployment, versionId, out, err));
        Json report;
        try (AdminClient admin = AdminClient.connect(deployment)) {
            report = push(admin, app, bundle, out, err);
        }
        if (cmd.isPresent()) {
            checkBuiltVersion(report, deployment, versionId);
        }
        if (report.bool("staged").orElse(false) && !dryRun) {
            String staged = report.string("versionId").orElse(versionId);
            out.println("Staged version " + staged + "; it is reachable only at " + deployment.pinnedUrl(staged)
                    + ". Make it current with: slipway promote " + staged + promoteFlags(deployment));
            out.flush();
        }
        if (previewRun.isPresent() && !dryRun) {
            return runOnNewPreview(previewRun.get(), deployment, out, err);
        }
        return 0;
    }

    private void checkOptions() {
        if (stage && previewRun.isPresent()) {
            throw CliException.usage("--preview-run runs its function on the current version, and --stage leaves the"
                    + " version pushed not current: promote it first (slipway promote), then run the seed with"
                    + " slipway run");
        }
        if (urlVariable.isPresent() && urlVariable.get().equals(UNPINNED_URL_VARIABLE)) {
            throw CliException.usage("--cmd-url-env-var-name " + UNPINNED_URL_VARIABLE + ": that variable holds the"
                    + " unpinned deployment URL; name another one for the pinned URL");
        }
        if (urlVariable.isPresent() && !urlVariable.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw CliException.usage("--cmd-url-env-var-name '" + urlVariable.get() + "' is not an environment"
                    + " variable name (letters, digits and _, not starting with a digit)");
        }
    }

    /**
     * The build got the pinned URL of the version id this CLI computed; if the server named the
     * version otherwise, the frontend built calls a version that does not exist.
     */
    private static void checkBuiltVersion(Json report, DeploymentTarget deployment, String versionId) {
        Optional<String> stored = report.string("versionId");
        if (stored.isPresent() && !stored.get().equals(versionId)) {
            throw CliException.failed("the build was given " + deployment.pinnedUrl(versionId) + ", but the server"
                    + " named the pushed version " + stored.get() + ": this CLI and the server at "
                    + deployment.serverUrl() + " compute version ids differently (use the CLI of the server's"
                    + " release); do not ship the frontend built now, it calls a version that does not exist");
        }
    }

    /** The target options to repeat in the {@code slipway promote} hint of a staged deploy. */
    private String promoteFlags(DeploymentTarget deployment) {
        String flags = target.repeated();
        boolean named = target.url.isPresent() || target.deployment.isPresent() || target.prod;
        if (!named && deployment.type().equals(Optional.of("preview"))) {
            flags += " --deployment " + TargetOptions.shellWord(deployment.deploymentName());
        }
        return flags;
    }

    /** Pushes; with {@code --json}, prints the server's report (accepted or refused) as JSON on stdout. */
    private Json push(AdminClient admin, App app, AppBundler.Bundle bundle, PrintWriter out, PrintWriter err) {
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            Json report = Pusher.push(admin, app, bundle, new Pusher.Options(dryRun, allowBreaking, stage), out, err);
            if (json) {
                stdout.println(report.pretty());
                stdout.flush();
            }
            return report;
        } catch (CliException e) {
            if (json) {
                e.body().flatMap(body -> body.get("report")).ifPresent(report -> {
                    stdout.println(report.pretty());
                    stdout.flush();
                });
            }
            throw e;
        }
    }

    /**
     * The preview options for the target: always present (so a preview deploy key takes the CI
     * branch), but for a dry run, which never creates anything.
     */
    private Optional<DeploymentTarget.Preview> preview() {
        if (previewName.isPresent() && previewCreate.isPresent()) {
            throw CliException.usage("--preview-name and --preview-create both name the preview; use one");
        }
        if (dryRun) {
            if (previewName.isPresent() || previewCreate.isPresent()) {
                throw CliException.usage("--dry-run changes nothing, and --preview-name/--preview-create create a"
                        + " preview: check against an existing preview with --dry-run --deployment preview/NAME");
            }
            return Optional.empty();
        }
        return Optional.of(
                new DeploymentTarget.Preview(previewCreate.or(() -> previewName), previewCreate.isPresent()));
    }

    /** {@code --preview-run}: runs the function when this deploy created the preview. */
    private static int runOnNewPreview(String function, DeploymentTarget deployment, PrintWriter out, PrintWriter err) {
        if (!deployment.type().equals(Optional.of("preview"))) {
            err.println("note: --preview-run " + function + " is ignored: " + deployment.describe()
                    + " is not a preview deployment");
            err.flush();
            return 0;
        }
        if (!deployment.created()) {
            out.println("Not running " + function + ": the preview " + deployment.deploymentName() + " existed before"
                    + " this deploy (--preview-run runs only on the deploy that creates it)");
            out.flush();
            return 0;
        }
        out.println("Running " + function + " on the new preview " + deployment.deploymentName() + "...");
        out.flush();
        int exit = RunCommand.runOnce(deployment, FunctionPaths.canonical(function), "{}", out, err);
        if (exit != 0) {
            throw CliException.failed("--preview-run " + function + " failed; the code is pushed and the preview "
                    + deployment.deploymentName() + " stays (it will not run again: recreate the preview with"
                    + " --preview-create to seed it afresh)");
        }
        return 0;
    }

    private boolean confirmed(DeploymentTarget deployment, CliContext context, PrintWriter out) {
        if (yes || !deployment.isProduction() || !context.interactive()) {
            return true;
        }
        return context.askYes(
                (stage ? "Stage a new version on the production " : "Push to the production ") + deployment.describe()
                        + "?",
                out);
    }

    private void build(
            String command, App app, DeploymentTarget deployment, String versionId, PrintWriter out, PrintWriter err) {
        String pinned = deployment.pinnedUrl(versionId);
        Map<String, String> env = new LinkedHashMap<>();
        urlVariable.ifPresentOrElse(
                name -> env.put(name, pinned), () -> URL_VARIABLES.forEach(name -> env.put(name, pinned)));
        out.println("Running `" + command + "` with " + String.join(", ", env.keySet()) + "=" + pinned
                + " (pinned to version " + versionId + ") and " + UNPINNED_URL_VARIABLE + "="
                + deployment.deploymentUrl());
        out.flush();
        env.put(UNPINNED_URL_VARIABLE, deployment.deploymentUrl());
        int exit = Subprocess.stream(command, app.dir(), env, out, err);
        if (exit != 0) {
            throw CliException.failed(
                    "the build `" + command + "` failed with exit code " + exit + "; nothing was pushed");
        }
    }
}
