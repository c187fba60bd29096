package dev.slipway.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of every command that works on an app and talks to its deployment: {@code --app-dir}
 * and the target ({@code --url}, {@code --admin-key}, {@code --deployment}, {@code --prod}); see
 * {@link DeploymentTarget} for the order in which the sources count.
 */
final class TargetOptions {
    @Option(
            names = "--app-dir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "The app: the directory with package.json, convex/ and .env.local (default: the current"
                    + " directory).")
    Path appDir = Path.of(".");

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The deployment URL, e.g. http://127.0.0.1:3210/d/default (default: SLIPWAY_URL from the"
                    + " environment or .env.local).")
    Optional<String> url = Optional.empty();

    @Option(
            names = "--admin-key",
            paramLabel = "KEY",
            description = "The deployment's credential: its admin key (<data>/admin.key of `slipway serve`), a deploy"
                    + " key or a token (default: SLIPWAY_DEPLOY_KEY, your login, or SLIPWAY_ADMIN_KEY, from the"
                    + " environment or .env.local).")
    Optional<String> adminKey = Optional.empty();

    @Option(
            names = "--deployment",
            paramLabel = "[TEAM:][PROJECT:]REF",
            description = "The deployment, looked up with your login (or SLIPWAY_DEPLOY_KEY): a reference in the"
                    + " selected project (dev/alice, production, preview/x, staging), project:REF, team:project:REF,"
                    + " or a deployment's name.")
    Optional<String> deployment = Optional.empty();

    @Option(names = "--prod", description = "The project's production deployment (--deployment production).")
    boolean prod;

    /** The app directory, against the working directory. */
    Path appDir(CliContext context) {
        return context.resolve(appDir);
    }

    /** The deployment these options, the environment, the login and the app's {@code .env.local} name. */
    DeploymentTarget target(CliContext context) {
        return target(context, Optional.empty(), false);
    }

    /**
     * The deployment, with {@code deploy}'s preview options, and for {@code dev} ({@code ownDev}) the
     * member's own dev deployment when nothing else names one.
     */
    DeploymentTarget target(CliContext context, Optional<DeploymentTarget.Preview> preview, boolean ownDev) {
        return DeploymentTarget.resolve(
                new DeploymentTarget.Options(url, adminKey, deployment, prod, preview, ownDev),
                context.env(),
                appDir(context));
    }

    /** Whether any of these options was given. */
    boolean given() {
        return !appDir.equals(Path.of("."))
                || url.isPresent()
                || adminKey.isPresent()
                || deployment.isPresent()
                || prod;
    }

    /**
     * The options given that name the target ({@code --app-dir}, {@code --url}, {@code --deployment},
     * {@code --prod}), each with a leading space, for a hint that names another command on the same
     * deployment; never the credential. Empty when none was given.
     */
    String repeated() {
        StringBuilder flags = new StringBuilder();
        if (!appDir.equals(Path.of("."))) {
            flags.append(" --app-dir ").append(shellWord(appDir.toString()));
        }
        url.ifPresent(u -> flags.append(" --url ").append(shellWord(u)));
        deployment.ifPresent(d -> flags.append(" --deployment ").append(shellWord(d)));
        if (prod) {
            flags.append(" --prod");
        }
        return flags.toString();
    }

    /** {@code word} as a POSIX shell reads it back: single-quoted unless it is plainly safe. */
    static String shellWord(String word) {
        if (!word.isEmpty()
                && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:@%+=,".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
