package dev.slipway.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which deployment a command targets, and with which credential. Every command that talks to a
 * deployment resolves it here, in one place, so the order of the sources is the same everywhere.
 * The first of these that names a deployment decides it:
 *
 * <ol>
 *   <li>{@code --url URL}: that deployment URL (a server URL takes the deployment from {@code
 *       SLIPWAY_DEPLOYMENT}); it wins over the app's selection in {@code .env.local}.
 *   <li>{@code --deployment [team:][project:]REF} or {@code --prod} (REF {@code production}), and
 *       for {@code deploy} {@code --preview-name N} / {@code --preview-create N}: looked up (a
 *       preview created or recreated) through the server's control API ({@code /control}), with
 *       {@code SLIPWAY_DEPLOY_KEY} when there is one, else the login of {@code slipway login}; the
 *       team and project default to the key's, or the login's selected ones.
 *   <li>{@code SLIPWAY_DEPLOY_KEY}, from the environment or else the app's {@code .env.local}: the
 *       key names its own target ({@code GET /control/whoami}): a production deploy key its
 *       project's {@code production}, a deployment token its deployment, and a preview deploy key
 *       (for {@code deploy}) the preview of the branch CI builds ({@link #ciBranch}). It overrides
 *       the app's selection. (Another key there, such as an admin key, is only a credential for 4.)
 *   <li>The selection: {@code SLIPWAY_URL} (a deployment URL, or a server URL with {@code
 *       SLIPWAY_DEPLOYMENT} naming the deployment), from the environment or else {@code .env.local},
 *       where {@code slipway deployment select} and {@code slipway init} write it.
 *   <li>For {@code dev} only, with a login: the member's own dev deployment {@code dev/<member>} of
 *       the selected project, created on first use and selected into {@code .env.local}.
 * </ol>
 *
 * The credential is {@code --admin-key} when given; otherwise the one that named the deployment
 * (the deploy key, or the login for {@code --deployment}, {@code --prod} and {@code dev}). For a
 * URL (1 and 4) it is, in order: {@code SLIPWAY_DEPLOY_KEY} (for a {@code --url}, or when it is no
 * control-plane key), {@code
 * SLIPWAY_ADMIN_KEY} from the environment, {@code SLIPWAY_ADMIN_KEY} from {@code .env.local} when it
 * is that deployment's own key ({@code slipway-admin|<name>|...}), the login's token when the
 * deployment is on the login's server, and last {@code SLIPWAY_ADMIN_KEY} from {@code .env.local}.
 * Nothing found is a usage error that says how to set a target.
 *
 * @param deploymentUrl the deployment's client URL, {@code http://host:port/d/<name>}, no trailing slash
 * @param deploymentName the deployment's name, {@code default}, {@code brave-otter-123}
 * @param credential the secret sent as {@code Authorization: Convex <credential>}
 * @param source where the target came from, for messages ({@code "--url"}, {@code "/app/.env.local"})
 * @param type the deployment's type in the control plane ({@code prod}, {@code dev}, {@code preview},
 *     {@code custom}), when the control plane was asked; empty for a deployment it does not manage
 *     or when only a URL and a key are known
 * @param created whether resolving created the deployment (a new preview, or a new dev deployment)
 */
public record DeploymentTarget(
        String deploymentUrl,
        String deploymentName,
        String credential,
        String source,
        Optional<String> type,
        boolean created) {
    /** The environment variable and {@code .env.local} key of the deployment URL. */
    public static final String URL_VAR = "SLIPWAY_URL";
    /** The variable naming the deployment when {@link #URL_VAR} is a server URL. */
    public static final String DEPLOYMENT_VAR = "SLIPWAY_DEPLOYMENT";
    /** The variable holding an admin key (environment or {@code .env.local}). */
    public static final String ADMIN_KEY_VAR = "SLIPWAY_ADMIN_KEY";
    /** The variable holding a deploy key or deployment token (environment or {@code .env.local}). */
    public static final String DEPLOY_KEY_VAR = "SLIPWAY_DEPLOY_KEY";

    /**
     * The CI variables that name the branch being built, in the order they are asked: Vercel,
     * Netlify ({@code BRANCH}, then {@code HEAD}, only when {@code NETLIFY} is set, as those names are
     * too common to trust elsewhere), Cloudflare Pages, GitHub Actions (the pull request's head
     * branch, then the branch or tag pushed).
     */
    static final List<String> CI_BRANCH_VARS =
            List.of("VERCEL_GIT_COMMIT_REF", "BRANCH", "HEAD", "CF_PAGES_BRANCH", "GITHUB_HEAD_REF", "GITHUB_REF_NAME");

    private static final Pattern DEPLOYMENT_PATH = Pattern.compile("/d/([A-Za-z0-9][A-Za-z0-9_-]*)/?");

    /** A target found without the control plane: its type unknown, nothing created. */
    public DeploymentTarget(String deploymentUrl, String deploymentName, String credential, String source) {
        this(deploymentUrl, deploymentName, credential, source, Optional.empty(), false);
    }

    /**
     * What the command line says about the target; all empty when it says nothing.
     *
     * @param url {@code --url}
     * @param adminKey {@code --admin-key}
     * @param deployment {@code --deployment REF}
     * @param prod {@code --prod}
     * @param preview {@code deploy}'s preview options, present for {@code deploy} only (with an empty
     *     name when none was given: a preview deploy key then takes the CI branch)
     * @param ownDev whether the member's own dev deployment is the target when nothing else names one
     *     ({@code dev})
     */
    public record Options(
            Optional<String> url,
            Optional<String> adminKey,
            Optional<String> deployment,
            boolean prod,
            Optional<Preview> preview,
            boolean ownDev) {
        /** Only {@code --url} and {@code --admin-key}. */
        public Options(Optional<String> url, Optional<String> adminKey) {
            this(url, adminKey, Optional.empty(), false, Optional.empty(), false);
        }

        /** No options given. */
        public static Options none() {
            return new Options(Optional.empty(), Optional.empty());
        }
    }

    /**
     * {@code deploy}'s preview options.
     *
     * @param name {@code --preview-name} or {@code --preview-create}: a branch name (cleaned into
     *     {@code preview/<name>} by the server) or a reference {@code preview/<name>}
     * @param recreate {@code --preview-create}: delete the preview with its data first
     */
    public record Preview(Optional<String> name, boolean recreate) {}

    /**
     * Resolves the target from the options, the environment, the login and {@code
     * appDir/.env.local}, asking the server's control API where a control-plane credential or a
     * login names it.
     *
     * @throws CliException (usage) when nothing names a deployment or a credential, or the options
     *     contradict each other; the server's error when the control API refuses
     */
    public static DeploymentTarget resolve(Options options, Map<String, String> env, Path appDir) {
        return new Resolution(options, env, appDir).resolve();
    }

    /** The server's root URL, {@code http://host:port}. */
    public String serverUrl() {
        return deploymentUrl.substring(0, deploymentUrl.length() - ("/d/" + deploymentName).length());
    }

    /**
     * The URL that serves code version {@code versionId} of this deployment whatever version is
     * current, {@code http://host:port/d/<name>/v/<versionId>} (skew protection): a frontend built
     * with it keeps calling the backend it was built against, and a staged version is reachable only
     * there.
     */
    public String pinnedUrl(String versionId) {
        return deploymentUrl + "/v/" + versionId;
    }

    /**
     * Whether this is a production deployment, where {@code deploy} asks before pushing: the control
     * plane's type when it was asked ({@code prod}); otherwise a guess from the credential (a
     * production deploy key, {@code sw_prod_...}) or the name ({@code production}).
     */
    public boolean isProduction() {
        return type.map("prod"::equals)
                .orElseGet(() -> credential.startsWith("sw_prod_") || deploymentName.equals("production"));
    }

    /** {@code deployment default at http://127.0.0.1:3210/d/default}, for messages. */
    public String describe() {
        return "deployment " + deploymentName + " at " + deploymentUrl;
    }

    @Override
    public String toString() {
        return "DeploymentTarget[" + describe() + ", from " + source + "]"; // never the credential
    }

    /**
     * The branch CI builds, from the variables of {@link #CI_BRANCH_VARS}, with the variable it came
     * from; empty outside CI.
     */
    static Optional<Map.Entry<String, String>> ciBranch(Map<String, String> env) {
        boolean netlify = Optional.ofNullable(env.get("NETLIFY"))
                .filter(v -> !v.isBlank())
                .isPresent();
        for (String name : CI_BRANCH_VARS) {
            if (!netlify && (name.equals("BRANCH") || name.equals("HEAD"))) {
                continue;
            }
            Optional<String> value =
                    Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isPresent()) {
                return Optional.of(Map.entry(name, value.get()));
            }
        }
        return Optional.empty();
    }

    // ---- the resolution ----------------------------------------------------------------------

    private record Setting(String value, String source) {}

    /** One resolution: what it reads once (the env file, the login), and the steps in their order. */
    private static final class Resolution {
        private final Options options;
        private final Map<String, String> env;
        private final Path appDir;
        private final Path envFile;
        private final Map<String, String> local;
        private final Optional<MemberConfig> login;
        private final Optional<Setting> deployKey;

        Resolution(Options options, Map<String, String> env, Path appDir) {
            this.options = options;
            this.env = env;
            this.appDir = appDir;
            this.envFile = appDir.resolve(EnvFile.NAME).toAbsolutePath().normalize();
            this.local = EnvFile.read(envFile);
            this.login = MemberConfig.load(env);
            this.deployKey = first(fromEnv(DEPLOY_KEY_VAR), fromFile(DEPLOY_KEY_VAR));
        }

        DeploymentTarget resolve() {
            Optional<String> ref = reference();
            if (options.url().isPresent()) {
                if (ref.isPresent() || previewName().isPresent()) {
                    throw CliException.usage("--url names a deployment, and so does "
                            + (ref.isPresent() ? "--deployment/--prod" : "--preview-name/--preview-create")
                            + "; use one of them");
                }
                Setting url = new Setting(options.url().get(), "--url");
                // a deployment URL wins over the app's selection; a server URL takes its deployment from it
                boolean serverOnly = !DEPLOYMENT_PATH
                        .matcher(Optional.ofNullable(parseUrl(url).getRawPath()).orElse(""))
                        .matches();
                ParsedUrl parsed = parse(
                        url,
                        serverOnly
                                ? first(fromEnv(DEPLOYMENT_VAR), fromFile(DEPLOYMENT_VAR))
                                : fromEnv(DEPLOYMENT_VAR));
                return target(parsed, urlCredential(parsed, true), url.source(), Optional.empty(), false);
            }
            if (ref.isPresent()) {
                if (previewName().isPresent()) {
                    throw CliException.usage(
                            "--deployment/--prod and --preview-name/--preview-create both name a deployment; use one");
                }
                return byReference(ref.get());
            }
            if (previewName().isPresent()) {
                return preview(previewName().get());
            }
            if (deployKey.filter(Resolution::isControlCredential).isPresent()) {
                return byDeployKey(deployKey.get());
            }
            Optional<Setting> url = first(fromEnv(URL_VAR), fromFile(URL_VAR));
            if (url.isPresent()) {
                Optional<Setting> deployment = first(fromEnv(DEPLOYMENT_VAR), fromFile(DEPLOYMENT_VAR));
                ParsedUrl parsed = parse(url.get(), deployment);
                Setting credential = urlCredential(parsed, false);
                Optional<String> type =
                        login.filter(l -> l.token().equals(credential.value())).flatMap(l -> typeOf(l, parsed.name()));
                return target(parsed, credential, url.get().source(), type, false);
            }
            if (options.ownDev() && login.isPresent()) {
                return ownDev(login.get());
            }
            throw CliException.usage("no deployment to target: pass --url http://127.0.0.1:3210/d/default (the URL"
                    + " `slipway serve` prints) or --deployment REF, select one with `slipway deployment select REF`"
                    + " (it writes " + URL_VAR + " to " + envFile + "; `slipway init` does too), or set " + URL_VAR
                    + " or " + DEPLOY_KEY_VAR + " in the environment"
                    + (options.ownDev() ? "; or log in (`slipway login`) to get a dev deployment of your own" : ""));
        }

        // ---- 2. --deployment, --prod, --preview-name -------------------------------------------

        private Optional<String> reference() {
            if (options.prod() && options.deployment().isPresent()) {
                throw CliException.usage("--prod and --deployment both name a deployment; use one");
            }
            return options.prod() ? Optional.of("production") : options.deployment();
        }

        private Optional<String> previewName() {
            return options.preview().flatMap(Preview::name);
        }

        private DeploymentTarget byReference(String ref) {
            Scope scope = controlScope("--deployment " + ref);
            Json deployment;
            try (ControlClient control = ControlClient.connect(scope.login())) {
                deployment = DeploymentRef.parse(ref).resolve(control, scope.login());
            }
            String what = options.prod() ? "--prod" : "--deployment " + ref;
            return fromControl(scope, deployment, what + " (through " + scope.source() + ")", false);
        }

        /** {@code --preview-name N}/{@code --preview-create N}, or a preview key's CI branch: ensures the preview. */
        private DeploymentTarget preview(String name) {
            return preview(controlScope("--preview-name " + name), name);
        }

        private DeploymentTarget preview(Scope scope, String name) {
            if (!scope.kind().equals("preview")
                    && !scope.kind().equals("member")
                    && !scope.kind().equals("owner")) {
                throw CliException.usage("preview deployments are created with a preview deploy key or a login, and "
                        + DEPLOY_KEY_VAR + " (" + scope.source() + ") is " + scope.description()
                        + "; create a preview key with `slipway deploy-key create --type preview`");
            }
            String team = scope.login().team(Optional.empty());
            String project = scope.login().project(Optional.empty(), Optional.empty());
            boolean recreate = options.preview().map(Preview::recreate).orElse(false);
            Json.Obj body = name.startsWith("preview/")
                    ? Json.object().put("reference", name)
                    : Json.object().put("branch", name);
            if (recreate) {
                body = body.put("recreate", true);
            }
            Json answer;
            try (ControlClient control = ControlClient.connect(scope.login())) {
                answer = control.post(ControlClient.path("teams", team, "projects", project, "previews"), body);
            }
            Json deployment = answer.get("deployment")
                    .orElseThrow(() -> CliException.failed(
                            "the server answered the preview request without a" + " deployment: " + answer.text()));
            boolean created = answer.bool("created").orElse(false);
            return fromControl(scope, deployment, "the preview " + name + " (through " + scope.source() + ")", created);
        }

        // ---- 3. SLIPWAY_DEPLOY_KEY -------------------------------------------------------------

        private DeploymentTarget byDeployKey(Setting key) {
            Scope scope = keyScope(key);
            switch (scope.kind()) {
                case "prod", "deployment" -> {
                    String name = scope.deployment()
                            .orElseThrow(() -> CliException.failed(
                                    "the server did not say which deployment " + key.source() + " reaches"));
                    Json deployment;
                    try (ControlClient control = ControlClient.connect(scope.login())) {
                        deployment = control.get(ControlClient.path("deployments", name));
                    }
                    return fromControl(scope, deployment, key.source(), false);
                }
                case "preview" -> {
                    if (options.preview().isEmpty()) {
                        throw CliException.usage(key.source() + " is a preview deploy key, which reaches every preview"
                                + " of " + scope.login().team().orElse("?") + "/"
                                + scope.login().project().orElse("?")
                                + ": pass --deployment preview/<name>");
                    }
                    Map.Entry<String, String> branch = ciBranch(env)
                            .orElseThrow(() -> CliException.usage("deploying with a preview deploy key ("
                                    + key.source() + ") needs the preview's name: pass --preview-name NAME, or run in"
                                    + " CI, where the branch comes from " + String.join(", ", CI_BRANCH_VARS)
                                    + " (BRANCH and HEAD on Netlify)"));
                    DeploymentTarget target = preview(scope, branch.getValue());
                    return new DeploymentTarget(
                            target.deploymentUrl(),
                            target.deploymentName(),
                            target.credential(),
                            "the preview of branch " + branch.getValue() + " (" + branch.getKey() + ", through "
                                    + key.source() + ")",
                            target.type(),
                            target.created());
                }
                default ->
                    throw CliException.usage(key.source() + " holds " + scope.description() + ", which is a login,"
                            + " not a deploy key: log in with `slipway login --url "
                            + scope.login().url()
                            + " --token ...` and remove " + DEPLOY_KEY_VAR);
            }
        }

        // ---- 5. dev/<member> -------------------------------------------------------------------

        private DeploymentTarget ownDev(MemberConfig member) {
            String team = member.team(Optional.empty());
            String project = member.project(Optional.empty(), Optional.empty());
            Json answer;
            try (ControlClient control = ControlClient.connect(member)) {
                answer = control.post(
                        ControlClient.path("teams", team, "projects", project, "dev-deployment"), Json.object());
            }
            Json deployment = answer.get("deployment")
                    .orElseThrow(() -> CliException.failed(
                            "the server answered the dev deployment request without a deployment: " + answer.text()));
            String name = name(deployment);
            DeploymentSelection.select(appDir, member.url(), name);
            boolean created = answer.bool("created").orElse(false);
            Scope scope = new Scope(
                    member, "owner".equals(member.member()) ? "owner" : "member", "your login", "", Optional.empty());
            return fromControl(
                    scope,
                    deployment,
                    "your dev deployment " + deployment.string("reference").orElse("dev/" + member.member()) + " of "
                            + team + "/" + project + (created ? ", created now" : "") + ", selected in " + envFile,
                    created);
        }

        // ---- helpers ---------------------------------------------------------------------------

        /**
         * Who asks the control API: the deploy key, else the login.
         *
         * @param what the option that needs it, for the message when there is neither
         */
        private Scope controlScope(String what) {
            if (deployKey.isPresent()) {
                return keyScope(deployKey.get());
            }
            MemberConfig member = login.orElseThrow(() -> CliException.usage(what + " is looked up on the server's"
                    + " control API, which needs a login (`slipway login --url http://127.0.0.1:3210 --token ...`) or "
                    + DEPLOY_KEY_VAR));
            return new Scope(
                    member, member.member().equals("owner") ? "owner" : "member", "your login", "", Optional.empty());
        }

        /** The deploy key as the control API describes it ({@code GET /control/whoami}). */
        private Scope keyScope(Setting key) {
            String server = keyServer(key);
            Json me;
            try (ControlClient control =
                    ControlClient.connect(server, key.value().strip())) {
                me = control.get("whoami");
            }
            String kind = me.string("kind").orElse("");
            MemberConfig asLogin = new MemberConfig(
                    server,
                    key.value().strip(),
                    me.string("name").orElse(kind),
                    me.string("team"),
                    me.string("project"));
            return new Scope(
                    asLogin,
                    kind,
                    key.source(),
                    me.string("description").orElse("a " + kind + " credential"),
                    me.string("deployment"));
        }

        /** The server a deploy key belongs to: {@code SLIPWAY_URL}'s, else the login's. */
        private String keyServer(Setting key) {
            Optional<Setting> url = first(fromEnv(URL_VAR), fromFile(URL_VAR));
            if (url.isPresent()) {
                URI uri = parseUrl(url.get());
                return uri.getScheme() + "://" + uri.getRawAuthority();
            }
            return login.map(MemberConfig::url)
                    .orElseThrow(
                            () -> CliException.usage(key.source() + " names its deployment but not its server: set "
                                    + URL_VAR + "=http://host:port (in the environment or " + envFile + ")"));
        }

        /**
         * Whether a key is one of the control plane's ({@code sw_...}), which names its own target; any
         * other key in {@code SLIPWAY_DEPLOY_KEY} (an admin key) is only a credential for the URL.
         */
        private static boolean isControlCredential(Setting key) {
            return key.value().strip().startsWith("sw_");
        }

        /** The credential for a URL target (steps 1 and 4). */
        private Setting urlCredential(ParsedUrl url, boolean explicitUrl) {
            Optional<Setting> option = options.adminKey().map(k -> new Setting(k, "--admin-key"));
            Optional<Setting> ownKey = fromFile(ADMIN_KEY_VAR)
                    .filter(k -> k.value().strip().startsWith("slipway-admin|" + url.name() + "|"));
            Optional<Setting> loginToken = login.filter(l -> l.url().equals(url.serverUrl()))
                    .map(l -> new Setting(l.token(), "the login of " + l.member()));
            return first(
                            option,
                            explicitUrl
                                            || deployKey
                                                    .filter(Resolution::isControlCredential)
                                                    .isEmpty()
                                    ? deployKey
                                    : Optional.empty(),
                            fromEnv(ADMIN_KEY_VAR),
                            ownKey,
                            loginToken,
                            fromFile(ADMIN_KEY_VAR))
                    .orElseThrow(() -> CliException.usage("no credential for the deployment at " + url.deploymentUrl()
                            + ": pass --admin-key KEY (the key `slipway serve` wrote to <data>/admin.key), set "
                            + ADMIN_KEY_VAR + " or " + DEPLOY_KEY_VAR + " in the environment, add "
                            + ADMIN_KEY_VAR + "=... to " + envFile + ", or log in to its server (`slipway login`)"));
        }

        /** The control plane's type of deployment {@code name}, asked with the login; empty for one it does not manage. */
        private Optional<String> typeOf(MemberConfig member, String name) {
            try (ControlClient control = ControlClient.connect(member)) {
                return control.get(ControlClient.path("deployments", name)).string("type");
            } catch (CliException e) {
                if (e.errorCode().equals(Optional.of("NotFound"))) {
                    return Optional.empty(); // not managed: the legacy default, say
                }
                throw e;
            }
        }

        private DeploymentTarget fromControl(Scope scope, Json deployment, String source, boolean created) {
            String name = name(deployment);
            String server = scope.login().url();
            String credential = options.adminKey().orElse(scope.login().token()).strip();
            return new DeploymentTarget(
                    server + "/d/" + name, name, credential, source, deployment.string("type"), created);
        }

        private DeploymentTarget target(
                ParsedUrl url, Setting credential, String source, Optional<String> type, boolean created) {
            return new DeploymentTarget(
                    url.deploymentUrl(), url.name(), credential.value().strip(), source, type, created);
        }

        private Optional<Setting> fromEnv(String name) {
            return Optional.ofNullable(env.get(name)).map(v -> new Setting(v, name + " in the environment"));
        }

        private Optional<Setting> fromFile(String name) {
            return Optional.ofNullable(local.get(name)).map(v -> new Setting(v, name + " in " + envFile));
        }
    }

    /**
     * Who asks the control API, and what the server said of them.
     *
     * @param login the server, the secret, and the team and project it works in (a key's own)
     * @param kind {@code owner}, {@code member}, {@code prod}, {@code preview} or {@code deployment}
     * @param source where the secret came from
     * @param description the server's description of the credential
     * @param deployment the deployment a production key or deployment token reaches
     */
    private record Scope(
            MemberConfig login, String kind, String source, String description, Optional<String> deployment) {}

    private static String name(Json deployment) {
        return deployment
                .string("name")
                .orElseThrow(() ->
                        CliException.failed("the server described a deployment without a name: " + deployment.text()));
    }

    /**
     * Checks a deployment URL as {@code slipway init} writes it.
     *
     * @throws CliException (usage) when it is not {@code http(s)://host:port/d/<name>}
     */
    static ParsedUrl parseDeploymentUrl(String url, String source) {
        return parse(new Setting(url, source), Optional.empty());
    }

    /** A deployment URL without a trailing slash, and the deployment's name. */
    record ParsedUrl(String deploymentUrl, String name) {
        String serverUrl() {
            return deploymentUrl.substring(0, deploymentUrl.length() - ("/d/" + name).length());
        }
    }

    private static ParsedUrl parse(Setting url, Optional<Setting> deployment) {
        URI uri = parseUrl(url);
        String path = Optional.ofNullable(uri.getRawPath()).orElse("");
        String root = uri.getScheme() + "://" + uri.getRawAuthority();
        Matcher m = DEPLOYMENT_PATH.matcher(path);
        String name;
        if (m.matches()) {
            name = m.group(1);
            if (deployment.isPresent() && !deployment.get().value().equals(name)) {
                throw CliException.usage("the URL " + url.value() + " (" + url.source() + ") names deployment " + name
                        + " but " + DEPLOYMENT_VAR + " (" + deployment.get().source() + ") says "
                        + deployment.get().value() + "; make them agree or remove one");
            }
        } else if (path.isEmpty() || path.equals("/")) {
            name = deployment
                    .map(Setting::value)
                    .orElseThrow(() -> CliException.usage("the URL " + url.value() + " (" + url.source()
                            + ") is a server URL without a deployment: use the deployment URL "
                            + root + "/d/<deployment>, or set " + DEPLOYMENT_VAR));
        } else {
            throw CliException.usage("the URL " + url.value() + " (" + url.source() + ") is not a deployment URL:"
                    + " expected http://host:port/d/<deployment>, e.g. http://127.0.0.1:3210/d/default");
        }
        return new ParsedUrl(root + "/d/" + name, name);
    }

    private static URI parseUrl(Setting url) {
        try {
            URI uri = new URI(url.value().strip());
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getRawAuthority() == null
                    || uri.getRawQuery() != null) {
                throw new URISyntaxException(url.value(), "expected http(s)://host:port/d/<deployment>");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage("the URL " + url.value() + " (" + url.source() + ") is malformed: " + e.getReason()
                    + ", e.g. http://127.0.0.1:3210/d/default");
        }
    }

    @SafeVarargs
    private static Optional<Setting> first(Optional<Setting>... candidates) {
        for (Optional<Setting> candidate : candidates) {
            if (candidate.isPresent() && !candidate.get().value().isBlank()) {
                return candidate;
            }
        }
        return Optional.empty();
    }
}
