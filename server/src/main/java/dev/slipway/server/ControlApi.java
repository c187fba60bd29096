package dev.slipway.server;

import dev.slipway.control.ControlPlane;
import dev.slipway.control.ControlPlaneException;
import dev.slipway.control.CreatedCredential;
import dev.slipway.control.CreatedProject;
import dev.slipway.control.Credential;
import dev.slipway.control.CredentialScope;
import dev.slipway.control.Deployment;
import dev.slipway.control.DeploymentDataDeleter;
import dev.slipway.control.DeploymentType;
import dev.slipway.control.EnsuredDeployment;
import dev.slipway.control.Member;
import dev.slipway.control.NewDeployment;
import dev.slipway.control.Plan;
import dev.slipway.control.Principal;
import dev.slipway.control.Project;
import dev.slipway.control.References;
import dev.slipway.control.Role;
import dev.slipway.control.Team;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The control API, {@code /control/*}: teams and their members, projects, deployments and
 * credentials, as docs/ADMIN-API.md describes them. The {@code slipway} CLI's {@code login}, {@code
 * team}, {@code project}, {@code deployment} and {@code deploy-key} commands speak it.
 *
 * <p>Every route authenticates the request's credential ({@code Authorization: Convex <secret>} or
 * {@code Bearer <secret>}) with the {@link ControlPlane} and passes the principal to the control
 * plane's operation, which checks it against the {@link dev.slipway.control.Authorizer} rule table:
 * this class decides nothing about who may do what. It maps the control plane's failures to HTTP
 * statuses ({@link #toApiException}) and keeps a deployment's record and its data together through
 * the {@link DeploymentHost}: a created deployment gets its store right after its record, and a
 * deleted one loses its store before its record goes.
 *
 * <p>{@link #handle} answers every request itself, errors included, with the {@code {code, message}}
 * body of the rest of the server; only an unexpected exception (a bug) escapes to the router.
 */
final class ControlApi {
    /** The path prefix of the control API. */
    static final String PREFIX = "/control/";

    private static final System.Logger LOG = System.getLogger(ControlApi.class.getName());

    private final ControlPlane control;
    private final DeploymentHost host;

    ControlApi(ControlPlane control, DeploymentHost host) {
        this.control = control;
        this.host = host;
    }

    /** Whether {@code rawPath} belongs to the control API. */
    static boolean handles(String rawPath) {
        return rawPath.equals("/control") || rawPath.startsWith(PREFIX);
    }

    /** The route's name for metrics, {@code control/teams/{team}/projects}; parameters never appear. */
    static String routeName(String rawPath) {
        try {
            return match(rawPath).map(m -> "control/" + m.endpoint().path).orElse("control/unknown");
        } catch (ApiException malformed) {
            return "control/unknown"; // handle() answers it
        }
    }

    /** Answers {@code request}, a request to a path {@link #handles} accepts. */
    ApiResponse handle(ApiRequest request) {
        try {
            Match match = match(request.rawPath()).orElseThrow(() -> notFound(request));
            if (!match.endpoint().methods.contains(request.method())) {
                throw new ApiException(
                        405,
                        "MethodNotAllowed",
                        request.method() + " is not allowed on " + request.rawPath() + "; use "
                                + String.join(
                                        " or ",
                                        match.endpoint().methods.stream()
                                                .sorted()
                                                .toList()));
            }
            Principal principal = control.authenticate(credential(request));
            return dispatch(match, principal, request);
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (ControlPlaneException e) {
            return ApiResponse.error(toApiException(e));
        }
    }

    /**
     * The HTTP answer to a control-plane failure. A team's plan limit is a 403, not a 429: waiting does
     * not help, deleting a deployment (or another plan) does.
     */
    static ApiException toApiException(ControlPlaneException e) {
        int status = switch (e.kind()) {
            case INVALID_ARGUMENT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN, LIMIT_REACHED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> 409;
            case CONFLICT -> 503;
            case INCOMPATIBLE_STORE -> 500;
        };
        return new ApiException(status, e.code(), String.valueOf(e.getMessage()));
    }

    /**
     * The secret of a request's {@code Authorization: Convex <secret>} (or {@code Bearer <secret>})
     * header.
     *
     * @throws ApiException 401 when the header is missing, empty or of another scheme
     */
    static String credential(ApiRequest request) {
        String value = request.header("Authorization")
                .map(String::strip)
                .orElseThrow(() -> ApiException.unauthorized(
                        "MissingCredential",
                        "The control API needs a credential: send \"Authorization: Convex <credential>\" with a"
                                + " member token (slipway login), the owner token (<data>/owner.token), a deploy key"
                                + " or a deployment token"));
        String lower = value.toLowerCase(Locale.ROOT);
        for (String scheme : List.of("convex", "bearer")) {
            if (lower.equals(scheme)) {
                throw ApiException.unauthorized(
                        "MissingCredential", "The Authorization header names no credential after \"" + value + "\"");
            }
            if (lower.startsWith(scheme + " ")) {
                return value.substring(scheme.length() + 1).strip();
            }
        }
        throw ApiException.unauthorized(
                "InvalidAuthHeader",
                "The Authorization header must be \"Convex <credential>\" or \"Bearer <credential>\", got a value"
                        + " starting with \"" + value.substring(0, Math.min(value.length(), 8)) + "\"");
    }

    // ---- routing -----------------------------------------------------------------------------

    /** The endpoints, each with its path pattern (for metrics and messages) and methods. */
    private enum Endpoint {
        WHOAMI("whoami", "GET"),
        TEAMS("teams", "GET", "POST"),
        TEAM("teams/{team}", "GET"),
        MEMBERS("teams/{team}/members", "GET", "POST"),
        MEMBER("teams/{team}/members/{member}", "DELETE"),
        PROJECTS("teams/{team}/projects", "GET", "POST"),
        DEPLOYMENTS("teams/{team}/projects/{project}/deployments", "GET", "POST"),
        DEPLOYMENT_BY_REFERENCE("teams/{team}/projects/{project}/deployments/{reference}", "GET", "DELETE"),
        DEV_DEPLOYMENT("teams/{team}/projects/{project}/dev-deployment", "POST"),
        PREVIEWS("teams/{team}/projects/{project}/previews", "POST"),
        DEPLOY_KEYS("teams/{team}/projects/{project}/deploy-keys", "POST"),
        DEPLOYMENT("deployments/{name}", "GET", "DELETE"),
        DEPLOYMENT_TOKENS("deployments/{name}/tokens", "POST"),
        MEMBER_TOKENS("members/{member}/tokens", "POST"),
        CREDENTIALS("credentials", "GET"),
        REVOKE("credentials/{id}/revoke", "POST");

        final String path;
        final Set<String> methods;

        Endpoint(String path, String... methods) {
            this.path = path;
            this.methods = Set.of(methods);
        }
    }

    /** An endpoint and the path's parameters, in the order of its pattern. */
    private record Match(Endpoint endpoint, List<String> params) {
        String param(int i) {
            return params.get(i);
        }
    }

    private static Optional<Match> match(String rawPath) {
        if (!handles(rawPath)) {
            return Optional.empty();
        }
        String rest = rawPath.length() <= PREFIX.length() ? "" : rawPath.substring(PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        List<String> s = new ArrayList<>();
        for (String segment : rest.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.empty();
            }
            s.add(decode(segment));
        }
        int n = s.size();
        String first = s.getFirst();
        return switch (first) {
            case "whoami" -> n == 1 ? of(Endpoint.WHOAMI) : Optional.empty();
            case "teams" -> teams(s);
            case "deployments" ->
                n == 2
                        ? of(Endpoint.DEPLOYMENT, s.get(1))
                        : n == 3 && s.get(2).equals("tokens")
                                ? of(Endpoint.DEPLOYMENT_TOKENS, s.get(1))
                                : Optional.empty();
            case "members" ->
                n == 3 && s.get(2).equals("tokens") ? of(Endpoint.MEMBER_TOKENS, s.get(1)) : Optional.empty();
            case "credentials" ->
                n == 1
                        ? of(Endpoint.CREDENTIALS)
                        : n == 3 && s.get(2).equals("revoke") ? of(Endpoint.REVOKE, s.get(1)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<Match> teams(List<String> s) {
        int n = s.size();
        if (n == 1) {
            return of(Endpoint.TEAMS);
        }
        String team = s.get(1);
        if (n == 2) {
            return of(Endpoint.TEAM, team);
        }
        switch (s.get(2)) {
            case "members" -> {
                return n == 3
                        ? of(Endpoint.MEMBERS, team)
                        : n == 4 ? of(Endpoint.MEMBER, team, s.get(3)) : Optional.empty();
            }
            case "projects" -> {
                if (n == 3) {
                    return of(Endpoint.PROJECTS, team);
                }
                if (n < 5) {
                    return Optional.empty();
                }
                String project = s.get(3);
                return switch (s.get(4)) {
                    case "deployments" ->
                        n == 5
                                ? of(Endpoint.DEPLOYMENTS, team, project)
                                // a reference may hold '/': dev/alice, preview/feature-x
                                : of(
                                        Endpoint.DEPLOYMENT_BY_REFERENCE,
                                        team,
                                        project,
                                        String.join("/", s.subList(5, n)));
                    case "dev-deployment" -> n == 5 ? of(Endpoint.DEV_DEPLOYMENT, team, project) : Optional.empty();
                    case "previews" -> n == 5 ? of(Endpoint.PREVIEWS, team, project) : Optional.empty();
                    case "deploy-keys" -> n == 5 ? of(Endpoint.DEPLOY_KEYS, team, project) : Optional.empty();
                    default -> Optional.empty();
                };
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static Optional<Match> of(Endpoint endpoint, String... params) {
        return Optional.of(new Match(endpoint, List.of(params)));
    }

    /** A path segment, percent-decoded ({@code +} stays a plus: this is a path, not a form). */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("BadPath", "Malformed path segment \"" + segment + "\": " + e.getMessage());
        }
    }

    private static ApiException notFound(ApiRequest request) {
        return ApiException.notFound(
                "NotFound",
                "No control route for " + request.method() + " " + request.rawPath() + "; the routes are "
                        + String.join(
                                ", ",
                                Arrays.stream(Endpoint.values())
                                        .map(e -> "/control/" + e.path)
                                        .distinct()
                                        .toList()));
    }

    private ApiResponse dispatch(Match m, Principal p, ApiRequest request) {
        boolean get = request.isMethod("GET");
        return switch (m.endpoint()) {
            case WHOAMI -> ok(o -> whoami(o, p));
            case TEAMS ->
                get
                        ? ok(o -> o.arrayField(
                                "teams", a -> control.teams(p).forEach(t -> a.objectElement(e -> team(e, t)))))
                        : createTeam(p, body(request));
            case TEAM -> {
                Team team = control.team(p, m.param(0));
                List<Member> members = control.members(p, m.param(0));
                yield ok(o -> {
                    team(o, team);
                    o.arrayField("members", a -> members.forEach(x -> a.objectElement(e -> member(e, x))));
                });
            }
            case MEMBERS ->
                get
                        ? ok(o -> o.arrayField(
                                "members",
                                a -> control.members(p, m.param(0)).forEach(x -> a.objectElement(e -> member(e, x)))))
                        : addMember(p, m.param(0), body(request));
            case MEMBER -> {
                Member removed = control.removeMember(p, m.param(0), m.param(1));
                yield ok(o -> member(o, removed));
            }
            case PROJECTS ->
                get
                        ? ok(o -> o.arrayField(
                                "projects",
                                a -> control.projects(p, m.param(0)).forEach(x -> a.objectElement(e -> project(e, x)))))
                        : createProject(p, m.param(0), body(request));
            case DEPLOYMENTS ->
                get
                        ? ok(o -> o.arrayField(
                                "deployments",
                                a -> control.deployments(p, m.param(0), m.param(1))
                                        .forEach(d -> a.objectElement(e -> deployment(e, d)))))
                        : createDeployment(p, m, body(request));
            case DEPLOYMENT_BY_REFERENCE -> {
                Deployment d = control.deployment(p, m.param(0), m.param(1), m.param(2));
                yield get ? ok(o -> deployment(o, d)) : delete(p, d.name());
            }
            case DEV_DEPLOYMENT -> ensured(p, control.devDeploymentFor(p, m.param(0), m.param(1)));
            case PREVIEWS -> preview(p, m.param(0), m.param(1), body(request));
            case DEPLOY_KEYS -> {
                JsonIn body = body(request);
                DeploymentType type = DeploymentType.parse(body.string("type"));
                yield created(control.createDeployKey(p, m.param(0), m.param(1), type, body.string("name")));
            }
            case DEPLOYMENT -> get ? ok(o -> deployment(o, control.deployment(p, m.param(0)))) : delete(p, m.param(0));
            case DEPLOYMENT_TOKENS ->
                created(control.createDeploymentToken(
                        p, m.param(0), body(request).string("name")));
            case MEMBER_TOKENS ->
                created(control.createMemberToken(p, m.param(0), body(request).string("name")));
            case CREDENTIALS ->
                ok(o -> o.arrayField(
                        "credentials",
                        a -> control.credentials(p).forEach(c -> a.objectElement(e -> credential(e, c)))));
            case REVOKE -> {
                Credential revoked = control.revokeCredential(p, m.param(0));
                yield ok(o -> credential(o, revoked));
            }
        };
    }

    // ---- operations --------------------------------------------------------------------------

    private ApiResponse createTeam(Principal p, JsonIn body) {
        Plan plan = body.optionalString("plan").map(Plan::parse).orElse(Plan.STARTER);
        Team team = control.createTeam(p, body.string("slug"), plan);
        return json(201, o -> team(o, team));
    }

    private ApiResponse addMember(Principal p, String team, JsonIn body) {
        Role role = body.optionalString("role").map(Role::parse).orElse(Role.MEMBER);
        Member added = control.addMember(p, team, body.string("member"), role);
        return json(201, o -> member(o, added));
    }

    private ApiResponse createProject(Principal p, String team, JsonIn body) {
        CreatedProject created = control.createProject(p, team, body.string("slug"));
        createData(p, created.production());
        return json(201, o -> {
            o.objectField("project", e -> project(e, created.project()));
            o.objectField("production", e -> deployment(e, created.production()));
        });
    }

    private ApiResponse createDeployment(Principal p, Match m, JsonIn body) {
        NewDeployment request = new NewDeployment(
                m.param(0),
                m.param(1),
                DeploymentType.parse(body.string("type")),
                body.string("reference"),
                body.optionalString("expiration"));
        Deployment d = control.createDeployment(p, request);
        createData(p, d);
        return json(201, o -> deployment(o, d));
    }

    /**
     * Ensures the preview: {@code {"reference": "preview/x"}} or {@code {"branch": "feature_x"}} (any git
     * branch name, cleaned into a reference), and {@code "recreate": true} to delete it with its data
     * first ({@code slipway deploy --preview-create}).
     */
    private ApiResponse preview(Principal p, String team, String project, JsonIn body) {
        Optional<String> reference = body.optionalString("reference");
        Optional<String> branch = body.optionalString("branch");
        if (reference.isPresent() == branch.isPresent()) {
            throw ApiException.badRequest(
                    "BadJsonBody",
                    "the preview request needs exactly one of \"reference\" (preview/<name>) and \"branch\" (a git"
                            + " branch name)");
        }
        String ref = reference.orElseGet(() -> References.previewForBranch(branch.orElseThrow()));
        if (body.bool("recreate")) {
            Optional<Deployment> existing = Optional.empty();
            try {
                existing = Optional.of(control.deployment(p, team, project, ref));
            } catch (ControlPlaneException e) {
                if (e.kind() != ControlPlaneException.Kind.NOT_FOUND) {
                    throw e;
                }
                // nothing to delete; ensurePreview names a missing team or project
            }
            if (existing.isPresent()) {
                deleteWithData(p, existing.get().name());
            }
        }
        return ensured(p, control.ensurePreview(p, team, project, ref));
    }

    private ApiResponse ensured(Principal p, EnsuredDeployment ensured) {
        if (ensured.created()) {
            createData(p, ensured.deployment());
        }
        return json(ensured.created() ? 201 : 200, o -> {
            o.objectField("deployment", e -> deployment(e, ensured.deployment()));
            o.field("created", ensured.created());
        });
    }

    private ApiResponse delete(Principal p, String name) {
        Deployment deleted = deleteWithData(p, name);
        return ok(o -> o.objectField("deleted", e -> deployment(e, deleted)));
    }

    private Deployment deleteWithData(Principal p, String name) {
        try {
            return control.deleteDeployment(p, name, hostDeleter());
        } catch (HostFailure e) {
            throw new ApiException(
                    500,
                    "DeploymentDeletionFailed",
                    "Deployment " + name + " is marked for deletion but its data could not be deleted yet (" + reason(e)
                            + "); the sweeper tries again");
        }
    }

    /** Deletes through the host, telling the host's failures apart from the control plane's. */
    private DeploymentDataDeleter hostDeleter() {
        return d -> {
            try {
                host.delete(d.name());
            } catch (RuntimeException e) {
                throw new HostFailure(e);
            }
        };
    }

    /** A failure of the {@link DeploymentHost}, carried out of the control plane's deletion. */
    private static final class HostFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HostFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /**
     * Gives a just-recorded deployment its data. When that fails the record is removed again (the
     * production deployment stays, as it lives as long as its project; {@link
     * ControlPlaneHost#reconcile} creates its data at the next start), and the request fails with a
     * 500 that says so.
     */
    private void createData(Principal p, Deployment d) {
        try {
            host.create(d.name());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot create the data of deployment " + d.describe(), e);
            String outcome;
            if (d.type() == DeploymentType.PROD) {
                outcome = "the production deployment stays recorded and gets its store at the server's next start";
            } else {
                try {
                    control.deleteDeployment(p, d.name(), hostDeleter());
                    outcome = "the deployment was removed again; try again";
                } catch (RuntimeException rollback) {
                    e.addSuppressed(rollback);
                    LOG.log(System.Logger.Level.ERROR, "cannot remove deployment " + d.describe() + " again", rollback);
                    outcome = "removing the deployment again failed too (" + reason(rollback)
                            + "); the sweeper or the next start finishes it";
                }
            }
            throw new ApiException(
                    500,
                    "DeploymentStoreFailed",
                    "Deployment " + d.describe() + " was recorded but its store could not be created (" + reason(e)
                            + "); " + outcome);
        }
    }

    private void whoami(JsonOut o, Principal p) {
        o.field("kind", kind(p.kind()))
                .field("name", p.actor())
                .field("description", p.describe())
                .field("credentialId", p.credentialId());
        switch (p) {
            case Principal.Owner owner ->
                o.arrayField(
                        "teams",
                        a -> control.teams(owner)
                                .forEach(t -> a.objectElement(
                                        e -> e.field("slug", t.slug()).field("role", Role.ADMIN.wireName()))));
            case Principal.Member member ->
                o.arrayField(
                        "teams",
                        a -> member.roles().entrySet().stream()
                                .sorted(Map.Entry.comparingByKey())
                                .forEach(r -> a.objectElement(e -> e.field("slug", r.getKey())
                                        .field("role", r.getValue().wireName()))));
            case Principal.ProdDeployKey key -> {
                o.field("team", key.team()).field("project", key.project());
                o.field(
                        "deployment",
                        control.deployment(p, key.team(), key.project(), References.PRODUCTION)
                                .name());
            }
            case Principal.PreviewDeployKey key -> o.field("team", key.team()).field("project", key.project());
            case Principal.DeploymentToken token ->
                o.field("team", token.team()).field("project", token.project()).field("deployment", token.deployment());
        }
    }

    // ---- JSON --------------------------------------------------------------------------------

    private static JsonIn body(ApiRequest request) {
        String text = request.bodyText();
        return JsonIn.parse(text.isBlank() ? "{}" : text, "the request body");
    }

    private static ApiResponse ok(Consumer<JsonOut> body) {
        return json(200, body);
    }

    private static ApiResponse json(int status, Consumer<JsonOut> body) {
        return ApiResponse.json(status, JsonOut.object(body));
    }

    private static ApiResponse created(CreatedCredential created) {
        return json(201, o -> {
            credential(o, created.credential());
            o.field("secret", created.secret());
        });
    }

    /** A principal's kind as the credential kinds are spelled: owner, member, prod, preview, deployment. */
    private static String kind(Principal.Kind kind) {
        return switch (kind) {
            case OWNER -> "owner";
            case MEMBER -> "member";
            case PROD_DEPLOY_KEY -> "prod";
            case PREVIEW_DEPLOY_KEY -> "preview";
            case DEPLOYMENT_TOKEN -> "deployment";
        };
    }

    private static void team(JsonOut o, Team t) {
        o.field("slug", t.slug())
                .field("plan", t.plan().wireName())
                .field("deploymentLimit", t.plan().deploymentLimit())
                .field("previewLifetimeDays", t.plan().previewLifetime().toDays())
                .field("creator", t.creator())
                .field("createdAt", t.createdAt().toEpochMilli());
    }

    private static void member(JsonOut o, Member m) {
        o.field("team", m.team())
                .field("name", m.name())
                .field("role", m.role().wireName())
                .field("addedAt", m.addedAt().toEpochMilli());
    }

    private static void project(JsonOut o, Project p) {
        o.field("team", p.team())
                .field("slug", p.slug())
                .field("creator", p.creator())
                .field("createdAt", p.createdAt().toEpochMilli());
    }

    private static void deployment(JsonOut o, Deployment d) {
        o.field("name", d.name())
                .field("team", d.team())
                .field("project", d.project())
                .field("type", d.type().wireName())
                .field("reference", d.reference())
                .field("creator", d.creator())
                .field("createdAt", d.createdAt().toEpochMilli());
        millis(o, "expiresAt", d.expiresAt());
        o.field("state", d.state().wireName())
                .objectField(
                        "settings",
                        s -> s.field("logsToClients", d.settings().logsToClients())
                                .field("errorDetailsToClients", d.settings().errorDetailsToClients())
                                .field("editConfirmation", d.settings().editConfirmation()));
    }

    private static void credential(JsonOut o, Credential c) {
        o.field("id", c.id())
                .field("kind", c.kind().wireName())
                .field("name", c.name())
                .objectField("scope", s -> scope(s, c.scope()))
                .field("creator", c.creator())
                .field("createdAt", c.createdAt().toEpochMilli());
        millis(o, "lastUsedAt", c.lastUsedAt());
        millis(o, "revokedAt", c.revokedAt());
    }

    private static void scope(JsonOut o, CredentialScope scope) {
        switch (scope) {
            case CredentialScope.Instance i -> o.field("type", "instance");
            case CredentialScope.Member m -> o.field("type", "member").field("member", m.member());
            case CredentialScope.Project p ->
                o.field("type", "project").field("team", p.team()).field("project", p.project());
            case CredentialScope.Deployment d ->
                o.field("type", "deployment")
                        .field("team", d.team())
                        .field("project", d.project())
                        .field("deployment", d.deployment());
        }
    }

    private static void millis(JsonOut o, String name, Optional<Instant> at) {
        if (at.isPresent()) {
            o.field(name, at.get().toEpochMilli());
        } else {
            o.rawField(name, "null");
        }
    }

    private static String reason(Throwable e) {
        Throwable cause = e instanceof HostFailure && e.getCause() != null ? e.getCause() : e;
        return Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName());
    }
}
