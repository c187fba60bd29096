package dev.slipway.control;

import static dev.slipway.control.Store.eq;

import dev.slipway.persistence.Persistence;
import dev.slipway.value.Value;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The control plane of one Slipway server: teams and their members, projects, deployments and
 * credentials, in a store of their own. The server opens one at start, calls {@link #bootstrap()},
 * turns each request's credential into a {@link Principal} with {@link #authenticate}, and passes it
 * to the operation: every operation on behalf of a principal checks it against the {@link
 * Authorizer} rule table first and fails with {@code Forbidden} (see {@link ControlPlaneException})
 * when the table says no. Lists hold only what the principal may see.
 *
 * <p>Operations without a principal ({@link #bootstrap}, {@link #findDeployment}, {@link
 * #allDeployments}, {@link #expiredDeployments}, {@link #sweep}) are the server's own.
 *
 * <p>Ownership: the control plane does not own the store; {@link #close()} leaves it open. Each
 * operation is one serializable transaction (retried on conflicts), so it is safe to call from any
 * number of threads, and from several servers sharing a PostgreSQL store.
 */
public final class ControlPlane implements AutoCloseable {
    /** The team the first start creates, with the owner as its admin. */
    public static final String DEFAULT_TEAM = "default";

    private static final System.Logger LOG = System.getLogger(ControlPlane.class.getName());

    private final Store store;
    private final Clock clock;
    private final Deployments deployments;
    private final Credentials credentials;

    private ControlPlane(Store store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.deployments = new Deployments(store, new NameGenerator(random), this::now);
        this.credentials = new Credentials(store, random, this::now);
    }

    /**
     * Opens the control plane in {@code persistence}, creating or migrating its schema.
     *
     * @param clock the time of creations, expiries and last uses
     * @param random the source of secrets and deployment names
     * @throws ControlPlaneException {@code IncompatibleStore} when a newer Slipway wrote the store
     */
    public static ControlPlane open(Persistence persistence, Clock clock, SecureRandom random) {
        return open(persistence, clock, random, Migrations.ALL);
    }

    static ControlPlane open(Persistence persistence, Clock clock, SecureRandom random, List<Migration> migrations) {
        Store store = Store.open(persistence, random);
        try {
            Migrations.apply(store, migrations, clock, persistence.describe());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return new ControlPlane(store, clock, random);
    }

    /** The version of the store's schema (the number of the last migration applied). */
    public int schemaVersion() {
        return store.read(Migrations::storedVersion);
    }

    /**
     * On a store without an owner token: creates team {@code default} (plan pro), its admin {@code
     * owner}, and the owner token, and returns the token, whose secret the server writes to {@code
     * <data>/owner.token}. On any later call: empty.
     */
    public Optional<CreatedCredential> bootstrap() {
        Optional<CreatedCredential> created = store.write(tx -> {
            if (Credentials.ownerTokenExists(tx)) {
                return Optional.empty();
            }
            if (Teams.teamDocument(tx, DEFAULT_TEAM).isEmpty()) {
                Teams.insertTeam(tx, DEFAULT_TEAM, Plan.PRO, Principal.Owner.NAME, now());
            }
            return Optional.of(credentials.issue(
                    tx,
                    CredentialKind.OWNER,
                    "owner token",
                    new CredentialScope.Instance(),
                    Principal.Owner.NAME,
                    Optional.empty()));
        });
        created.ifPresent(c -> LOG.log(
                Level.INFO,
                "Control plane bootstrapped: team {0} with its admin {1}, and the owner token {2}",
                DEFAULT_TEAM,
                Principal.Owner.NAME,
                c.credential().id()));
        return created;
    }

    /**
     * The principal a request's credential stands for. Records the credential's use (to within a
     * minute).
     *
     * @throws ControlPlaneException {@code Unauthenticated} when the secret is not a Slipway
     *     credential, is malformed or unknown, was revoked, or its deployment is gone
     */
    public Principal authenticate(String secret) {
        return credentials.authenticate(secret);
    }

    // ---- teams -------------------------------------------------------------------------------

    /** Creates a team; its creator becomes its first admin. */
    public Team createTeam(Principal principal, String slug, Plan plan) {
        Identifiers.checkSlug("team slug", slug);
        return store.write(tx -> {
            Authorizer.require(principal, Action.TEAM_CREATE, new Resource.Instance());
            if (Teams.teamDocument(tx, slug).isPresent()) {
                throw ControlPlaneException.alreadyExists("Team " + slug + " already exists");
            }
            return Teams.insertTeam(tx, slug, plan, principal.actor(), now());
        });
    }

    /** The teams the principal may read, by slug. */
    public List<Team> teams(Principal principal) {
        return store.read(tx -> {
            Authorizer.require(principal, Action.TEAM_LIST, new Resource.Instance());
            return Store.all(tx, Tables.TEAMS, Tables.BY_SLUG).stream()
                    .map(Codec::team)
                    .filter(t -> Authorizer.allows(principal, Action.TEAM_READ, new Resource.Team(t.slug())))
                    .toList();
        });
    }

    /** The team {@code slug}. */
    public Team team(Principal principal, String slug) {
        return store.read(tx -> {
            Team team = Teams.requireTeam(tx, slug);
            Authorizer.require(principal, Action.TEAM_READ, new Resource.Team(slug));
            return team;
        });
    }

    /** The members of {@code team}, by name. */
    public List<Member> members(Principal principal, String team) {
        return store.read(tx -> {
            Teams.requireTeam(tx, team);
            Authorizer.require(principal, Action.TEAM_READ, new Resource.Team(team));
            return Store.all(tx, Tables.MEMBERSHIPS, Tables.BY_TEAM, eq("team", team)).stream()
                    .map(Codec::member)
                    .toList();
        });
    }

    /** Adds {@code member} to {@code team} with {@code role}; a new name becomes a new member. */
    public Member addMember(Principal principal, String team, String member, Role role) {
        Identifiers.checkSlug("member name", member);
        return store.write(tx -> {
            Teams.requireTeam(tx, team);
            Authorizer.require(principal, Action.TEAM_ADD_MEMBER, new Resource.Team(team));
            Teams.membership(tx, team, member).map(Codec::member).ifPresent(existing -> {
                throw ControlPlaneException.alreadyExists(member + " is already a member of team " + team + " (role "
                        + existing.role().wireName() + ")");
            });
            return Teams.insertMember(tx, team, member, role, now());
        });
    }

    /**
     * Removes {@code member} from {@code team}. Their credentials stay, but no longer reach the team.
     *
     * @return the membership removed
     * @throws ControlPlaneException {@code FailedPrecondition} for the team's last admin
     */
    public Member removeMember(Principal principal, String team, String member) {
        return store.write(tx -> {
            Teams.requireTeam(tx, team);
            Authorizer.require(principal, Action.TEAM_REMOVE_MEMBER, new Resource.Team(team));
            Value.Obj doc = Teams.membership(tx, team, member)
                    .orElseThrow(() -> ControlPlaneException.notFound(member + " is not a member of team " + team));
            Member removed = Codec.member(doc);
            if (removed.role() == Role.ADMIN) {
                long admins = Store.all(tx, Tables.MEMBERSHIPS, Tables.BY_TEAM, eq("team", team)).stream()
                        .filter(m -> Codec.member(m).role() == Role.ADMIN)
                        .count();
                if (admins == 1) {
                    throw ControlPlaneException.failedPrecondition(
                            member + " is the last admin of team " + team + "; add another admin before removing them");
                }
            }
            tx.delete(Store.id(doc));
            return removed;
        });
    }

    // ---- projects ----------------------------------------------------------------------------

    /** Creates a project in {@code team}, with its {@code production} deployment. */
    public CreatedProject createProject(Principal principal, String team, String slug) {
        Identifiers.checkSlug("project slug", slug);
        return store.write(tx -> {
            Team owner = Teams.requireTeam(tx, team);
            Authorizer.require(principal, Action.PROJECT_CREATE, new Resource.Team(team));
            if (Teams.projectDocument(tx, team, slug).isPresent()) {
                throw ControlPlaneException.alreadyExists("Project " + team + "/" + slug + " already exists");
            }
            Project project = new Project(team, slug, principal.actor(), now());
            tx.insert(Tables.PROJECTS, Codec.projectDocument(project));
            Deployment production = deployments.insert(
                    tx, owner, slug, DeploymentType.PROD, References.PRODUCTION, Optional.empty(), principal.actor());
            return new CreatedProject(project, production);
        });
    }

    /** The projects of {@code team}, by slug. */
    public List<Project> projects(Principal principal, String team) {
        return store.read(tx -> {
            Teams.requireTeam(tx, team);
            Authorizer.require(principal, Action.PROJECT_LIST, new Resource.Team(team));
            return Store.all(tx, Tables.PROJECTS, Tables.BY_TEAM, eq("team", team)).stream()
                    .map(Codec::project)
                    .toList();
        });
    }

    // ---- deployments -------------------------------------------------------------------------

    /**
     * Creates a deployment ({@code slipway deployment create}).
     *
     * @throws ControlPlaneException {@code InvalidArgument} (reference, type, expiration), {@code
     *     NotFound} (team, project), {@code Forbidden}, {@code AlreadyExists} (reference), {@code
     *     LimitReached} (the team's plan)
     */
    public Deployment createDeployment(Principal principal, NewDeployment request) {
        References.check(request.type(), request.reference());
        return store.write(tx -> {
            Team team = Teams.requireProject(tx, request.team(), request.project());
            Authorizer.require(principal, Action.DEPLOYMENT_CREATE, newDeployment(request));
            return deployments.insert(
                    tx,
                    team,
                    request.project(),
                    request.type(),
                    request.reference(),
                    request.expiration(),
                    principal.actor());
        });
    }

    /**
     * The principal's own dev deployment {@code dev/<member>} in the project, created on first use.
     * The owner's is {@code dev/owner}; keys and tokens have none.
     */
    public EnsuredDeployment devDeploymentFor(Principal principal, String team, String project) {
        String member = switch (principal) {
            case Principal.Owner o -> o.actor();
            case Principal.Member m -> m.name();
            default ->
                throw new ControlPlaneException(
                        ControlPlaneException.Kind.FORBIDDEN,
                        principal.describe() + " has no dev deployment: dev deployments belong to members");
        };
        return ensure(principal, team, project, DeploymentType.DEV, References.dev(member));
    }

    /**
     * The preview {@code reference} ({@code preview/<branch>}, see {@link References#preview} and
     * {@link References#previewForBranch}) of the project, created (expiring after the team plan's
     * preview lifetime) if it does not exist, reused with its data if it does.
     */
    public EnsuredDeployment ensurePreview(Principal principal, String team, String project, String reference) {
        References.check(DeploymentType.PREVIEW, reference);
        return ensure(principal, team, project, DeploymentType.PREVIEW, reference);
    }

    private EnsuredDeployment ensure(
            Principal principal, String team, String project, DeploymentType type, String reference) {
        return store.write(tx -> {
            Team owner = Teams.requireProject(tx, team, project);
            Optional<Deployment> existing =
                    Deployments.byReference(tx, team, project, reference).map(Codec::deployment);
            if (existing.isPresent()) {
                Authorizer.require(principal, Action.DEPLOYMENT_SELECT, Resource.Deployment.of(existing.get()));
                return new EnsuredDeployment(
                        Deployments.requireActive(tx, existing.get().name()), false);
            }
            Authorizer.require(
                    principal, Action.DEPLOYMENT_CREATE, new Resource.NewDeployment(team, project, type, reference));
            return new EnsuredDeployment(
                    deployments.insert(tx, owner, project, type, reference, Optional.empty(), principal.actor()), true);
        });
    }

    /** The deployments of the project, by reference. */
    public List<Deployment> deployments(Principal principal, String team, String project) {
        return store.read(tx -> {
            Teams.requireProject(tx, team, project);
            Authorizer.require(principal, Action.DEPLOYMENT_LIST, new Resource.Project(team, project));
            return Deployments.ofProject(tx, team, project);
        });
    }

    /** The deployment named {@code name} ({@code deployment select}). */
    public Deployment deployment(Principal principal, String name) {
        return store.read(tx -> {
            Deployment d = Deployments.requireNamed(tx, name);
            Authorizer.require(principal, Action.DEPLOYMENT_SELECT, Resource.Deployment.of(d));
            return d;
        });
    }

    /** The deployment {@code reference} of the project ({@code deployment select team:project:REF}). */
    public Deployment deployment(Principal principal, String team, String project, String reference) {
        return store.read(tx -> {
            Teams.requireProject(tx, team, project);
            Deployment d = Deployments.byReference(tx, team, project, reference)
                    .map(Codec::deployment)
                    .orElseThrow(() -> ControlPlaneException.notFound(
                            "Project " + team + "/" + project + " has no deployment " + reference));
            Authorizer.require(principal, Action.DEPLOYMENT_SELECT, Resource.Deployment.of(d));
            return d;
        });
    }

    /**
     * The gate of {@code /d/<name>/admin/*}: the active deployment {@code name}, if the principal may
     * do {@code action} (one of {@link Action#DEPLOYMENT_ADMIN}, or another deployment action) on it.
     *
     * @throws ControlPlaneException {@code NotFound} (no such deployment, or being deleted), {@code Forbidden}
     * @throws IllegalArgumentException when {@code action} does not act on a deployment (a caller bug)
     */
    public Deployment authorizeDeployment(Principal principal, Action action, String name) {
        return store.read(tx -> {
            Deployment d = Deployments.requireActive(tx, name);
            Authorizer.require(principal, action, Resource.Deployment.of(d));
            return d;
        });
    }

    /** The deployment named {@code name}, for the server's routing (no authorization). */
    public Optional<Deployment> findDeployment(String name) {
        return store.read(tx -> Deployments.byName(tx, name).map(Codec::deployment));
    }

    /** Every deployment, by name, for the server (no authorization). */
    public List<Deployment> allDeployments() {
        return store.read(tx -> Store.all(tx, Tables.DEPLOYMENTS, Tables.BY_NAME).stream()
                .map(Codec::deployment)
                .toList());
    }

    /**
     * Deletes the deployment {@code name} with its data ({@code deleter}), revokes its deployment
     * tokens and retires its name. A project's {@code production} deployment cannot be deleted.
     *
     * @return the deployment, as marked for deletion ({@link DeploymentState#DELETING}) before it went
     * @throws ControlPlaneException {@code NotFound}, {@code Forbidden}, {@code FailedPrecondition} (production)
     */
    public Deployment deleteDeployment(Principal principal, String name, DeploymentDataDeleter deleter) {
        Deployment marked = store.write(tx -> {
            Value.Obj doc = Deployments.byName(tx, name)
                    .orElseThrow(() -> ControlPlaneException.notFound("No deployment named \"" + name + "\""));
            Deployment d = Codec.deployment(doc);
            Authorizer.require(principal, Action.DEPLOYMENT_DELETE, Resource.Deployment.of(d));
            if (d.type() == DeploymentType.PROD) {
                throw ControlPlaneException.failedPrecondition("Deployment " + d.describe()
                        + " is its project's production deployment, which lives as long as the project");
            }
            return Deployments.markDeleting(tx, doc);
        });
        deployments.finish(marked, deleter, "deleted by " + principal.describe());
        return marked;
    }

    /** The deployments whose expiry is at or before {@code now}, soonest first. */
    public List<Deployment> expiredDeployments(Instant now) {
        return store.read(tx -> Deployments.expired(tx, now));
    }

    /**
     * One pass of the sweeper: deletes, with their data, the deployments expired by the clock's now,
     * and finishes deletions a failed deleter left half-done. A deployment whose deletion fails is
     * logged and left for the next pass.
     *
     * @return the deployments deleted, as marked for deletion before they went
     */
    public List<Deployment> sweep(DeploymentDataDeleter deleter) {
        return deployments.sweep(now(), deleter);
    }

    // ---- credentials -------------------------------------------------------------------------

    /** A member token for {@code member} ({@code slipway login}); the member must belong to a team. */
    public CreatedCredential createMemberToken(Principal principal, String member, String name) {
        Identifiers.checkSlug("member name", member);
        Identifiers.checkCredentialName(name);
        return store.write(tx -> {
            if (Store.first(tx, Tables.MEMBERSHIPS, Tables.BY_MEMBER, eq("member", member))
                    .isEmpty()) {
                throw ControlPlaneException.notFound(
                        "No member named " + member + " in any team; add them to a team first");
            }
            Authorizer.require(principal, Action.TOKEN_CREATE, new Resource.Member(member));
            return credentials.issue(
                    tx,
                    CredentialKind.MEMBER,
                    name,
                    new CredentialScope.Member(member),
                    principal.actor(),
                    Optional.empty());
        });
    }

    /** A deploy key of the project: {@code type} {@link DeploymentType#PROD} or {@link DeploymentType#PREVIEW}. */
    public CreatedCredential createDeployKey(
            Principal principal, String team, String project, DeploymentType type, String name) {
        CredentialKind kind = switch (type) {
            case PROD -> CredentialKind.PROD_DEPLOY_KEY;
            case PREVIEW -> CredentialKind.PREVIEW_DEPLOY_KEY;
            case DEV, CUSTOM ->
                throw ControlPlaneException.invalid("Deploy keys are of type prod or preview, not " + type.wireName());
        };
        Identifiers.checkCredentialName(name);
        return store.write(tx -> {
            Teams.requireProject(tx, team, project);
            Authorizer.require(principal, Action.DEPLOY_KEY_CREATE, new Resource.Project(team, project));
            return credentials.issue(
                    tx, kind, name, new CredentialScope.Project(team, project), principal.actor(), Optional.empty());
        });
    }

    /** A token for the deployment {@code deployment} ({@code slipway deployment token create}). */
    public CreatedCredential createDeploymentToken(Principal principal, String deployment, String name) {
        Identifiers.checkCredentialName(name);
        return store.write(tx -> {
            Deployment d = Deployments.requireActive(tx, deployment);
            Authorizer.require(principal, Action.TOKEN_CREATE, Resource.Deployment.of(d));
            return credentials.issue(
                    tx,
                    CredentialKind.DEPLOYMENT_TOKEN,
                    name,
                    new CredentialScope.Deployment(d.team(), d.project(), d.name()),
                    principal.actor(),
                    Optional.of(d));
        });
    }

    /** The credentials the principal may see, revoked ones included, oldest first. */
    public List<Credential> credentials(Principal principal) {
        return store.read(tx -> {
            Authorizer.require(principal, Action.TOKEN_LIST, new Resource.Instance());
            return Store.scan(tx, Tables.CREDENTIALS).stream()
                    .filter(doc -> Authorizer.allows(principal, Action.TOKEN_READ, Codec.credentialResource(doc)))
                    .map(Codec::credential)
                    .sorted(Comparator.comparing(Credential::createdAt))
                    .toList();
        });
    }

    /**
     * Revokes the credential {@code id}; it fails to authenticate from now on. Revoking a revoked
     * credential changes nothing. The owner token cannot be revoked.
     *
     * @return the credential, revoked
     */
    public Credential revokeCredential(Principal principal, String id) {
        return store.write(tx -> {
            Value.Obj doc = Credentials.byId(tx, id)
                    .orElseThrow(() -> ControlPlaneException.notFound("No credential with id " + id));
            Authorizer.require(principal, Action.TOKEN_REVOKE, Codec.credentialResource(doc));
            if (Codec.credential(doc).kind() == CredentialKind.OWNER) {
                throw ControlPlaneException.failedPrecondition(
                        "The owner token " + id + " cannot be revoked: it is the server's root credential");
            }
            return credentials.revoke(tx, doc);
        });
    }

    /** Stops the control plane's database; the store stays open. */
    @Override
    public void close() {
        store.close();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Resource.NewDeployment newDeployment(NewDeployment request) {
        return new Resource.NewDeployment(request.team(), request.project(), request.type(), request.reference());
    }
}
