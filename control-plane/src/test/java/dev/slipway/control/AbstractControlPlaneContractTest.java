package dev.slipway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.control.ControlPlaneException.Kind;
import dev.slipway.persistence.Persistence;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane's model and credentials, as the server will use them, over one kind of store.
 * Subclasses name the store: memory, a SQLite file, a PostgreSQL schema.
 */
abstract class AbstractControlPlaneContractTest {
    static final Instant START = Instant.parse("2025-06-01T10:00:00Z");
    static final String NAME = "[a-z]+-[a-z]+-[0-9]{3}";

    final TestClock clock = new TestClock(START);
    final SecureRandom random = new SecureRandom();
    final List<Deployment> deletedData = new ArrayList<>();
    final DeploymentDataDeleter deleter = deletedData::add;

    Persistence store;
    ControlPlane cp;
    CreatedCredential ownerToken;
    Principal owner;

    /** A new, empty store. */
    abstract Persistence createStore();

    /** Closes {@code store} and opens it again. */
    abstract Persistence reopen(Persistence store);

    @BeforeEach
    void open() {
        store = createStore();
        cp = ControlPlane.open(store, clock, random);
        ownerToken = cp.bootstrap().orElseThrow();
        owner = cp.authenticate(ownerToken.secret());
    }

    /** Removes what {@link #createStore()} left behind, after the store is closed (a PostgreSQL schema). */
    void dropStore() {}

    @AfterEach
    void close() {
        cp.close();
        store.close();
        dropStore();
    }

    void reopenControlPlane() {
        cp.close();
        store = reopen(store);
        cp = ControlPlane.open(store, clock, random);
    }

    /** Adds {@code name} to {@code team} and logs in as them. */
    Principal member(String team, String name, Role role) {
        cp.addMember(owner, team, name, role);
        return cp.authenticate(cp.createMemberToken(owner, name, "laptop").secret());
    }

    static void assertFails(ThrowingCallable call, Kind kind, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }

    // ---- bootstrap ---------------------------------------------------------------------------

    @Test
    void bootstrap_freshStore_createsTheDefaultTeamItsAdminOwnerAndTheOwnerToken() {
        assertThat(ownerToken.secret()).startsWith("sw_owner_").hasSize("sw_owner_".length() + 52);
        assertThat(ownerToken.credential().kind()).isEqualTo(CredentialKind.OWNER);
        assertThat(ownerToken.toString()).doesNotContain(ownerToken.secret());
        assertThat(owner).isEqualTo(new Principal.Owner(ownerToken.credential().id()));
        assertThat(cp.teams(owner)).containsExactly(new Team("default", Plan.PRO, "owner", START));
        assertThat(cp.members(owner, "default")).containsExactly(new Member("default", "owner", Role.ADMIN, START));
        assertThat(cp.schemaVersion()).isEqualTo(1);
    }

    @Test
    void bootstrap_again_returnsNothing_alsoAfterReopening() {
        assertThat(cp.bootstrap()).isEmpty();
        reopenControlPlane();
        assertThat(cp.bootstrap()).isEmpty();
        assertThat(cp.credentials(owner)).extracting(Credential::kind).containsExactly(CredentialKind.OWNER);
    }

    @Test
    void newcomerFlow_ownerCreatesAProjectInDefaultAtOnce() {
        CreatedProject created = cp.createProject(owner, "default", "chat");

        Deployment production = created.production();
        assertThat(production.name()).matches(NAME);
        assertThat(production.type()).isEqualTo(DeploymentType.PROD);
        assertThat(production.reference()).isEqualTo("production");
        assertThat(production.expiresAt()).isEmpty();
        assertThat(production.settings()).isEqualTo(new DeploymentSettings(false, false, true));
        assertThat(production.creator()).isEqualTo("owner");
        assertThat(cp.projects(owner, "default")).containsExactly(new Project("default", "chat", "owner", START));
        assertThat(cp.deployments(owner, "default", "chat")).containsExactly(production);
    }

    // ---- teams and members -------------------------------------------------------------------

    @Test
    void createTeam_slugTakenOrMalformed_failsNamingIt() {
        cp.createTeam(owner, "acme", Plan.STARTER);

        assertFails(() -> cp.createTeam(owner, "acme", Plan.PRO), Kind.ALREADY_EXISTS, "Team acme already exists");
        assertFails(() -> cp.createTeam(owner, "Acme", Plan.PRO), Kind.INVALID_ARGUMENT, "team slug \"Acme\"");
        assertFails(() -> cp.createTeam(owner, "-acme", Plan.PRO), Kind.INVALID_ARGUMENT, "\"-acme\"");
        assertFails(() -> cp.createTeam(owner, "a".repeat(41), Plan.PRO), Kind.INVALID_ARGUMENT, "1-40");
        assertFails(() -> Plan.parse("enterprise"), Kind.INVALID_ARGUMENT, "\"enterprise\"", "starter, pro");
    }

    @Test
    void createTeam_byAMember_isForbidden() {
        Principal alice = member("default", "alice", Role.ADMIN);

        assertFails(() -> cp.createTeam(alice, "acme", Plan.STARTER), Kind.FORBIDDEN, "member alice", "create teams");
    }

    @Test
    void members_addTwiceRemoveMissingOrLastAdmin_failClearly() {
        cp.createTeam(owner, "acme", Plan.STARTER);
        cp.addMember(owner, "acme", "alice", Role.MEMBER);

        assertFails(
                () -> cp.addMember(owner, "acme", "alice", Role.ADMIN),
                Kind.ALREADY_EXISTS,
                "alice is already a member of team acme (role member)");
        assertFails(() -> cp.removeMember(owner, "acme", "bob"), Kind.NOT_FOUND, "bob is not a member of team acme");
        assertFails(() -> cp.removeMember(owner, "acme", "owner"), Kind.FAILED_PRECONDITION, "last admin of team acme");
        assertFails(() -> cp.addMember(owner, "nope", "alice", Role.MEMBER), Kind.NOT_FOUND, "No team named \"nope\"");
        assertFails(() -> cp.addMember(owner, "acme", "Alice!", Role.MEMBER), Kind.INVALID_ARGUMENT, "member name");

        cp.addMember(owner, "acme", "ada", Role.ADMIN);
        assertThat(cp.removeMember(owner, "acme", "owner").role()).isEqualTo(Role.ADMIN);
        assertThat(cp.members(owner, "acme")).extracting(Member::name).containsExactly("ada", "alice");
    }

    @Test
    void member_seesOnlyTheirTeams_andLosesATeamAtTheirNextRequest() {
        cp.createTeam(owner, "acme", Plan.STARTER);
        cp.createTeam(owner, "beta", Plan.STARTER);
        Principal alice = member("acme", "alice", Role.MEMBER);
        cp.addMember(owner, "beta", "alice", Role.ADMIN);
        String secret = cp.createMemberToken(owner, "alice", "ci").secret();
        alice = cp.authenticate(secret);

        assertThat(cp.teams(alice)).extracting(Team::slug).containsExactly("acme", "beta");
        cp.removeMember(owner, "beta", "alice");
        Principal again = cp.authenticate(secret);

        assertThat(cp.teams(again)).extracting(Team::slug).containsExactly("acme");
        assertFails(() -> cp.team(again, "beta"), Kind.FORBIDDEN, "member alice may not read team beta");
        assertFails(() -> cp.projects(again, "beta"), Kind.FORBIDDEN, "team beta");
        assertFails(() -> cp.members(again, "default"), Kind.FORBIDDEN, "team default");
    }

    // ---- projects and deployments ------------------------------------------------------------

    @Test
    void createProject_takenOrInAMissingTeam_failsNamingIt() {
        cp.createProject(owner, "default", "chat");

        assertFails(
                () -> cp.createProject(owner, "default", "chat"),
                Kind.ALREADY_EXISTS,
                "Project default/chat already exists");
        assertFails(() -> cp.createProject(owner, "nope", "chat"), Kind.NOT_FOUND, "No team named \"nope\"");
        assertFails(() -> cp.createProject(owner, "default", "Chat App"), Kind.INVALID_ARGUMENT, "project slug");
    }

    @Test
    void devDeploymentFor_createsOnFirstUse_thenReturnsTheSame() {
        cp.createProject(owner, "default", "chat");
        Principal alice = member("default", "alice", Role.MEMBER);

        EnsuredDeployment first = cp.devDeploymentFor(alice, "default", "chat");
        EnsuredDeployment second = cp.devDeploymentFor(alice, "default", "chat");

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.deployment()).isEqualTo(first.deployment());
        Deployment dev = first.deployment();
        assertThat(dev.reference()).isEqualTo("dev/alice");
        assertThat(dev.type()).isEqualTo(DeploymentType.DEV);
        assertThat(dev.creator()).isEqualTo("alice");
        assertThat(dev.expiresAt()).isEmpty();
        assertThat(dev.settings()).isEqualTo(new DeploymentSettings(true, true, false));
        assertThat(cp.devDeploymentFor(owner, "default", "chat").deployment().reference())
                .isEqualTo("dev/owner");
    }

    @Test
    void devDeploymentFor_aKey_isForbidden() {
        cp.createProject(owner, "default", "chat");
        Principal key = cp.authenticate(cp.createDeployKey(owner, "default", "chat", DeploymentType.PROD, "ci")
                .secret());

        assertFails(() -> cp.devDeploymentFor(key, "default", "chat"), Kind.FORBIDDEN, "has no dev deployment");
    }

    @Test
    void ensurePreview_expiresAfterThePlansLifetime_andIsReusedWithItsName() {
        cp.createTeam(owner, "acme", Plan.STARTER);
        cp.createProject(owner, "acme", "app");
        cp.createProject(owner, "default", "chat");

        EnsuredDeployment starter = cp.ensurePreview(owner, "acme", "app", References.previewForBranch("feature_x"));
        EnsuredDeployment pro = cp.ensurePreview(owner, "default", "chat", "preview/feature-x");
        clock.advance(Duration.ofHours(1));
        EnsuredDeployment reused = cp.ensurePreview(owner, "acme", "app", "preview/feature-x");

        assertThat(starter.created()).isTrue();
        assertThat(starter.deployment().reference()).isEqualTo("preview/feature-x");
        assertThat(starter.deployment().expiresAt()).contains(START.plus(Duration.ofDays(5)));
        assertThat(starter.deployment().settings()).isEqualTo(new DeploymentSettings(false, false, false));
        assertThat(pro.deployment().expiresAt()).contains(START.plus(Duration.ofDays(14)));
        assertThat(reused).isEqualTo(new EnsuredDeployment(starter.deployment(), false));
    }

    @Test
    void createDeployment_withAnExpiration_expiresThen() {
        cp.createProject(owner, "default", "chat");

        Deployment agent = cp.createDeployment(
                owner,
                NewDeployment.of("default", "chat", DeploymentType.DEV, "dev/agent-1")
                        .expiring("in 7 days"));
        Deployment staging = cp.createDeployment(
                owner,
                NewDeployment.of("default", "chat", DeploymentType.CUSTOM, "staging")
                        .expiring("2025-07-01T12:00:00Z"));
        Deployment shortPreview = cp.createDeployment(
                owner,
                NewDeployment.of("default", "chat", DeploymentType.PREVIEW, "preview/x")
                        .expiring("in 12 hours"));

        assertThat(agent.expiresAt()).contains(START.plus(Duration.ofDays(7)));
        assertThat(staging.expiresAt()).contains(Instant.parse("2025-07-01T12:00:00Z"));
        assertThat(shortPreview.expiresAt()).contains(START.plus(Duration.ofHours(12)));
        assertThat(cp.deployments(owner, "default", "chat"))
                .extracting(Deployment::reference)
                .containsExactly("dev/agent-1", "preview/x", "production", "staging");
    }

    @Test
    void createDeployment_badReferenceTypeOrExpiration_failsNamingIt() {
        cp.createTeam(owner, "acme", Plan.STARTER);
        cp.createProject(owner, "acme", "app");
        NewDeployment custom = NewDeployment.of("acme", "app", DeploymentType.CUSTOM, "staging");

        assertFails(
                () -> cp.createDeployment(owner, NewDeployment.of("acme", "app", DeploymentType.CUSTOM, "ab")),
                Kind.INVALID_ARGUMENT,
                "\"ab\"",
                "3-100");
        assertFails(
                () -> cp.createDeployment(owner, NewDeployment.of("acme", "app", DeploymentType.CUSTOM, "my_ref")),
                Kind.INVALID_ARGUMENT,
                "\"my_ref\"",
                "letters, digits");
        assertFails(
                () -> cp.createDeployment(owner, NewDeployment.of("acme", "app", DeploymentType.CUSTOM, "dev/x")),
                Kind.INVALID_ARGUMENT,
                "\"dev/x\" does not suit type custom",
                "--type dev");
        assertFails(
                () -> cp.createDeployment(owner, NewDeployment.of("acme", "app", DeploymentType.PREVIEW, "branch")),
                Kind.INVALID_ARGUMENT,
                "preview/<branch>");
        assertFails(
                () -> cp.createDeployment(owner, custom.expiring("next tuesday")),
                Kind.INVALID_ARGUMENT,
                "\"next tuesday\"",
                "in N minutes|hours|days|weeks");
        assertFails(
                () -> cp.createDeployment(owner, custom.expiring("2020-01-01")),
                Kind.INVALID_ARGUMENT,
                "not in the future");
        assertFails(
                () -> cp.createDeployment(
                        owner,
                        NewDeployment.of("acme", "app", DeploymentType.PREVIEW, "preview/x")
                                .expiring("in 6 days")),
                Kind.INVALID_ARGUMENT,
                "previews of team acme (plan starter) live at most 5 days");
        assertFails(
                () -> cp.createDeployment(owner, NewDeployment.of("acme", "web", DeploymentType.CUSTOM, "staging")),
                Kind.NOT_FOUND,
                "No project named \"web\" in team acme");
        assertThat(cp.deployments(owner, "acme", "app")).hasSize(1);
    }

    @Test
    void createDeployment_referenceTakenInTheProject_failsNamingTheDeployment_butOtherProjectsMayUseIt() {
        cp.createProject(owner, "default", "chat");
        cp.createProject(owner, "default", "shop");
        Deployment first =
                cp.createDeployment(owner, NewDeployment.of("default", "chat", DeploymentType.CUSTOM, "staging"));

        assertFails(
                () -> cp.createDeployment(owner, NewDeployment.of("default", "chat", DeploymentType.CUSTOM, "staging")),
                Kind.ALREADY_EXISTS,
                "Project default/chat already has a deployment staging: " + first.name());
        assertFails(
                () -> cp.createDeployment(
                        owner, NewDeployment.of("default", "chat", DeploymentType.PROD, "production")),
                Kind.ALREADY_EXISTS,
                "already has a deployment production");
        Deployment other =
                cp.createDeployment(owner, NewDeployment.of("default", "shop", DeploymentType.CUSTOM, "staging"));
        assertThat(other.name()).isNotEqualTo(first.name());
    }

    @Test
    void createDeployment_atTheTeamsLimit_failsNamingTheLimitAndTheTeam() {
        cp.createTeam(owner, "acme", Plan.STARTER);
        cp.createProject(owner, "acme", "app"); // its production is the first of 40
        for (int i = 1; i < Plan.STARTER.deploymentLimit(); i++) {
            cp.createDeployment(owner, NewDeployment.of("acme", "app", DeploymentType.CUSTOM, "custom-" + i));
        }

        assertFails(
                () -> cp.createDeployment(owner, NewDeployment.of("acme", "app", DeploymentType.CUSTOM, "one-more")),
                Kind.LIMIT_REACHED,
                "Team acme has reached its deployment limit of 40 (plan starter)");
        assertFails(() -> cp.createProject(owner, "acme", "web"), Kind.LIMIT_REACHED, "limit of 40");

        List<Deployment> all = cp.deployments(owner, "acme", "app");
        assertThat(all).hasSize(40);
        Set<String> names = new HashSet<>();
        all.forEach(d -> assertThat(d.name()).matches(NAME));
        all.forEach(d -> names.add(d.name()));
        assertThat(names).hasSize(40);

        cp.deleteDeployment(owner, all.getFirst().name(), deleter);
        cp.createDeployment(owner, NewDeployment.of("acme", "app", DeploymentType.CUSTOM, "one-more"));
    }

    @Test
    void deployment_lookups_byNameAndReference() {
        Deployment production = cp.createProject(owner, "default", "chat").production();

        assertThat(cp.deployment(owner, production.name())).isEqualTo(production);
        assertThat(cp.deployment(owner, "default", "chat", "production")).isEqualTo(production);
        assertThat(cp.findDeployment(production.name())).contains(production);
        assertThat(cp.findDeployment("no-such-name-100")).isEmpty();
        assertThat(cp.allDeployments()).containsExactly(production);
        assertFails(() -> cp.deployment(owner, "no-such-name-100"), Kind.NOT_FOUND, "\"no-such-name-100\"");
        assertFails(
                () -> cp.deployment(owner, "default", "chat", "staging"),
                Kind.NOT_FOUND,
                "Project default/chat has no deployment staging");
    }

    // ---- deletion and the sweeper ------------------------------------------------------------

    @Test
    void deleteDeployment_deletesDataAndRecordAndRevokesItsTokens() {
        cp.createProject(owner, "default", "chat");
        Deployment dev = cp.devDeploymentFor(owner, "default", "chat").deployment();
        String token = cp.createDeploymentToken(owner, dev.name(), "agent").secret();
        cp.authenticate(token);

        Deployment deleted = cp.deleteDeployment(owner, dev.name(), deleter);

        assertThat(deleted.name()).isEqualTo(dev.name());
        assertThat(deletedData).extracting(Deployment::name).containsExactly(dev.name());
        assertThat(cp.findDeployment(dev.name())).isEmpty();
        assertFails(() -> cp.authenticate(token), Kind.UNAUTHENTICATED, "revoked");
        assertFails(() -> cp.deleteDeployment(owner, dev.name(), deleter), Kind.NOT_FOUND, dev.name());
        assertThat(cp.devDeploymentFor(owner, "default", "chat").created()).isTrue();
    }

    @Test
    void deleteDeployment_production_isRefused() {
        Deployment production = cp.createProject(owner, "default", "chat").production();

        assertFails(
                () -> cp.deleteDeployment(owner, production.name(), deleter),
                Kind.FAILED_PRECONDITION,
                production.name(),
                "production deployment");
        assertThat(deletedData).isEmpty();
    }

    @Test
    void deleteDeployment_deleterFails_leavesItDeleting_andTheNextSweepFinishesIt() {
        cp.createProject(owner, "default", "chat");
        Deployment custom =
                cp.createDeployment(owner, NewDeployment.of("default", "chat", DeploymentType.CUSTOM, "staging"));

        assertThatThrownBy(() -> cp.deleteDeployment(owner, custom.name(), d -> {
                    throw new IllegalStateException("disk full");
                }))
                .hasMessage("disk full");

        assertThat(cp.findDeployment(custom.name()).orElseThrow().state()).isEqualTo(DeploymentState.DELETING);
        assertFails(
                () -> cp.authorizeDeployment(owner, Action.PUSH, custom.name()), Kind.NOT_FOUND, "is being deleted");
        assertFails(
                () -> cp.createDeployment(owner, NewDeployment.of("default", "chat", DeploymentType.CUSTOM, "staging")),
                Kind.ALREADY_EXISTS,
                "being deleted");

        assertThat(cp.sweep(deleter)).extracting(Deployment::name).containsExactly(custom.name());
        assertThat(deletedData).extracting(Deployment::name).containsExactly(custom.name());
        assertThat(cp.findDeployment(custom.name())).isEmpty();
    }

    @Test
    void sweep_deletesExactlyTheExpiredDeployments_asTheClockMoves() {
        cp.createTeam(owner, "acme", Plan.STARTER);
        Deployment production = cp.createProject(owner, "acme", "app").production();
        Deployment agent = cp.createDeployment(
                owner,
                NewDeployment.of("acme", "app", DeploymentType.DEV, "dev/agent-1")
                        .expiring("in 1 day"));
        Deployment preview =
                cp.ensurePreview(owner, "acme", "app", "preview/feature-x").deployment();
        Deployment staging =
                cp.createDeployment(owner, NewDeployment.of("acme", "app", DeploymentType.CUSTOM, "staging"));

        assertThat(cp.expiredDeployments(START.plus(Duration.ofHours(23)))).isEmpty();
        assertThat(cp.expiredDeployments(START.plus(Duration.ofDays(1)))).containsExactly(agent);
        assertThat(cp.expiredDeployments(START.plus(Duration.ofDays(5)))).containsExactly(agent, preview);
        assertThat(cp.sweep(deleter)).isEmpty();

        clock.advance(Duration.ofDays(2));
        assertThat(cp.sweep(deleter)).extracting(Deployment::name).containsExactly(agent.name());
        assertThat(cp.sweep(deleter)).isEmpty();

        clock.advance(Duration.ofDays(3));
        assertThat(cp.sweep(deleter)).extracting(Deployment::name).containsExactly(preview.name());

        assertThat(deletedData).extracting(Deployment::name).containsExactly(agent.name(), preview.name());
        assertThat(cp.deployments(owner, "acme", "app")).containsExactly(production, staging);
        clock.advance(Duration.ofDays(3650));
        assertThat(cp.sweep(deleter)).isEmpty();
    }

    // ---- credentials -------------------------------------------------------------------------

    @Test
    void credentials_haveTheirPrefixes_andAuthenticateAsTheirPrincipals() {
        cp.createProject(owner, "default", "chat");
        cp.addMember(owner, "default", "alice", Role.MEMBER);
        Deployment dev = cp.devDeploymentFor(owner, "default", "chat").deployment();

        CreatedCredential member = cp.createMemberToken(owner, "alice", "laptop");
        CreatedCredential prod = cp.createDeployKey(owner, "default", "chat", DeploymentType.PROD, "ci");
        CreatedCredential preview = cp.createDeployKey(owner, "default", "chat", DeploymentType.PREVIEW, "ci");
        CreatedCredential token = cp.createDeploymentToken(owner, dev.name(), "agent");

        assertThat(member.secret()).startsWith("sw_member_");
        assertThat(prod.secret()).startsWith("sw_prod_");
        assertThat(preview.secret()).startsWith("sw_preview_");
        assertThat(token.secret()).startsWith("sw_dep_");
        assertThat(Set.of(member.secret(), prod.secret(), preview.secret(), token.secret(), ownerToken.secret()))
                .hasSize(5);
        assertThat(cp.authenticate(member.secret()))
                .isEqualTo(new Principal.Member(
                        "alice",
                        Map.of("default", Role.MEMBER),
                        member.credential().id()));
        assertThat(cp.authenticate(prod.secret()))
                .isEqualTo(new Principal.ProdDeployKey(
                        "default", "chat", prod.credential().id(), "ci"));
        assertThat(cp.authenticate(preview.secret()))
                .isEqualTo(new Principal.PreviewDeployKey(
                        "default", "chat", preview.credential().id(), "ci"));
        assertThat(cp.authenticate(token.secret()))
                .isEqualTo(new Principal.DeploymentToken(
                        "default", "chat", dev.name(), token.credential().id(), "agent"));
        assertThat(token.credential().scope()).isEqualTo(new CredentialScope.Deployment("default", "chat", dev.name()));
        assertThat(token.credential().creator()).isEqualTo("owner");
    }

    @Test
    void authenticate_garbageMalformedOrUnknown_isUnauthenticated() {
        assertFails(() -> cp.authenticate("hunter2"), Kind.UNAUTHENTICATED, "Not a Slipway credential", "sw_owner_");
        assertFails(() -> cp.authenticate("sw_member_short"), Kind.UNAUTHENTICATED, "Malformed member token");
        String unknown = "sw_preview_" + "a".repeat(52);
        assertFails(() -> cp.authenticate(unknown), Kind.UNAUTHENTICATED, "Unknown preview deploy key");
    }

    @Test
    void revoke_failsAtOnce_isIdempotent_andShowsInTheList() {
        cp.addMember(owner, "default", "alice", Role.MEMBER);
        CreatedCredential token = cp.createMemberToken(owner, "alice", "laptop");
        cp.authenticate(token.secret());
        clock.advance(Duration.ofSeconds(5));

        Credential revoked = cp.revokeCredential(owner, token.credential().id());

        assertThat(revoked.revokedAt()).contains(START.plusSeconds(5));
        assertFails(
                () -> cp.authenticate(token.secret()),
                Kind.UNAUTHENTICATED,
                "member token 'laptop' (" + token.credential().id() + ") was revoked");
        clock.advance(Duration.ofSeconds(5));
        assertThat(cp.revokeCredential(owner, token.credential().id())).isEqualTo(revoked);
        assertThat(cp.credentials(owner)).contains(revoked);
        assertFails(() -> cp.revokeCredential(owner, "cred_nope"), Kind.NOT_FOUND, "cred_nope");
        assertFails(
                () -> cp.revokeCredential(owner, ownerToken.credential().id()),
                Kind.FAILED_PRECONDITION,
                "owner token");
    }

    @Test
    void authenticate_recordsTheLastUse_atMostOncePerMinute() {
        cp.addMember(owner, "default", "alice", Role.MEMBER);
        CreatedCredential token = cp.createMemberToken(owner, "alice", "laptop");
        assertThat(lastUse(token)).isEmpty();

        cp.authenticate(token.secret());
        assertThat(lastUse(token)).contains(START);
        clock.advance(Duration.ofSeconds(59));
        cp.authenticate(token.secret());
        assertThat(lastUse(token)).contains(START);
        clock.advance(Duration.ofSeconds(1));
        cp.authenticate(token.secret());
        assertThat(lastUse(token)).contains(START.plusSeconds(60));
    }

    private Optional<Instant> lastUse(CreatedCredential token) {
        return cp.credentials(owner).stream()
                .filter(c -> c.id().equals(token.credential().id()))
                .findFirst()
                .orElseThrow()
                .lastUsedAt();
    }

    @Test
    void createMemberToken_unknownMemberOrBadName_failsClearly() {
        assertFails(() -> cp.createMemberToken(owner, "zed", "laptop"), Kind.NOT_FOUND, "No member named zed");
        assertFails(() -> cp.createMemberToken(owner, "owner", " "), Kind.INVALID_ARGUMENT, "credential name");
        assertFails(
                () -> cp.createDeployKey(owner, "default", "chat", DeploymentType.DEV, "ci"),
                Kind.INVALID_ARGUMENT,
                "prod or preview");
    }

    @Test
    void credentials_list_holdsOnlyWhatThePrincipalMaySee() {
        cp.createProject(owner, "default", "chat");
        Principal alice = member("default", "alice", Role.MEMBER);
        Deployment aliceDev = cp.devDeploymentFor(alice, "default", "chat").deployment();
        Deployment ownerDev = cp.devDeploymentFor(owner, "default", "chat").deployment();
        CreatedCredential aliceToken = cp.createDeploymentToken(alice, aliceDev.name(), "agent");
        cp.createDeploymentToken(owner, ownerDev.name(), "owner-agent");
        cp.createDeployKey(owner, "default", "chat", DeploymentType.PROD, "ci");

        assertThat(cp.credentials(alice))
                .extracting(Credential::name)
                .containsExactly("laptop", aliceToken.credential().name());
        assertThat(cp.credentials(owner)).hasSize(5);
        Principal key = cp.authenticate(cp.createDeployKey(owner, "default", "chat", DeploymentType.PREVIEW, "pr")
                .secret());
        assertFails(() -> cp.credentials(key), Kind.FORBIDDEN, "preview deploy key", "list the credentials");
    }

    // ---- the cannots, end to end -------------------------------------------------------------

    @Test
    void previewKey_createsAndReusesPreviews_butCannotTouchProductionOrAnotherProject() {
        Deployment production = cp.createProject(owner, "default", "chat").production();
        cp.createProject(owner, "default", "shop");
        Principal key = cp.authenticate(cp.createDeployKey(owner, "default", "chat", DeploymentType.PREVIEW, "ci")
                .secret());

        EnsuredDeployment preview = cp.ensurePreview(key, "default", "chat", "preview/feature-x");
        assertThat(preview.created()).isTrue();
        assertThat(preview.deployment().creator()).isEqualTo("preview-deploy-key:ci");
        assertThat(cp.ensurePreview(key, "default", "chat", "preview/feature-x").created())
                .isFalse();
        assertThat(cp.authorizeDeployment(key, Action.PUSH, preview.deployment().name()))
                .isEqualTo(preview.deployment());

        assertFails(
                () -> cp.authorizeDeployment(key, Action.PUSH, production.name()),
                Kind.FORBIDDEN,
                "preview deploy key 'ci' of project default/chat may not push code to deployment " + production.name());
        assertFails(() -> cp.deleteDeployment(key, production.name(), deleter), Kind.FORBIDDEN, production.name());
        assertFails(
                () -> cp.ensurePreview(key, "default", "shop", "preview/feature-x"), Kind.FORBIDDEN, "default/shop");
        assertFails(
                () -> cp.createDeployment(key, NewDeployment.of("default", "chat", DeploymentType.CUSTOM, "staging")),
                Kind.FORBIDDEN,
                "staging");
        cp.deleteDeployment(key, preview.deployment().name(), deleter);
        assertThat(cp.ensurePreview(key, "default", "chat", "preview/feature-x").created())
                .isTrue();
    }

    @Test
    void deploymentToken_reachesItsDeploymentOnly() {
        cp.createProject(owner, "default", "chat");
        Deployment one =
                cp.createDeployment(owner, NewDeployment.of("default", "chat", DeploymentType.DEV, "dev/agent-1"));
        Deployment two =
                cp.createDeployment(owner, NewDeployment.of("default", "chat", DeploymentType.DEV, "dev/agent-2"));
        Principal token = cp.authenticate(
                cp.createDeploymentToken(owner, one.name(), "agent-1").secret());

        assertThat(cp.authorizeDeployment(token, Action.PUSH, one.name())).isEqualTo(one);
        assertThat(cp.authorizeDeployment(token, Action.RUN_FUNCTION, one.name()))
                .isEqualTo(one);
        assertFails(() -> cp.authorizeDeployment(token, Action.PUSH, two.name()), Kind.FORBIDDEN, two.name());
        assertFails(() -> cp.authorizeDeployment(token, Action.DATA_READ, two.name()), Kind.FORBIDDEN, two.name());
        assertFails(() -> cp.deployment(token, two.name()), Kind.FORBIDDEN, two.name());
        assertFails(() -> cp.createDeploymentToken(token, one.name(), "more"), Kind.FORBIDDEN, one.name());
        assertFails(() -> cp.deployments(token, "default", "chat"), Kind.FORBIDDEN, "project default/chat");
    }

    @Test
    void member_worksOnTheirOwnDevAndPreviews_andNeedsAnAdminForProduction() {
        Deployment production = cp.createProject(owner, "default", "chat").production();
        Principal alice = member("default", "alice", Role.MEMBER);
        Principal ada = member("default", "ada", Role.ADMIN);
        Deployment adaDev = cp.devDeploymentFor(ada, "default", "chat").deployment();

        Deployment aliceDev = cp.devDeploymentFor(alice, "default", "chat").deployment();
        assertThat(cp.authorizeDeployment(alice, Action.PUSH, aliceDev.name())).isEqualTo(aliceDev);
        assertThat(cp.deployment(alice, production.name())).isEqualTo(production);
        assertFails(
                () -> cp.authorizeDeployment(alice, Action.PUSH, production.name()), Kind.FORBIDDEN, "member alice");
        assertFails(() -> cp.authorizeDeployment(alice, Action.ENV_READ, adaDev.name()), Kind.FORBIDDEN, adaDev.name());
        assertFails(
                () -> cp.createDeployment(alice, NewDeployment.of("default", "chat", DeploymentType.DEV, "dev/ada-2")),
                Kind.FORBIDDEN,
                "dev/ada-2");
        assertFails(
                () -> cp.createDeployKey(alice, "default", "chat", DeploymentType.PREVIEW, "ci"),
                Kind.FORBIDDEN,
                "create deploy keys");
        assertThat(cp.authorizeDeployment(ada, Action.PUSH, production.name())).isEqualTo(production);
        assertThat(cp.authorizeDeployment(ada, Action.ENV_WRITE, aliceDev.name()))
                .isEqualTo(aliceDev);
    }

    // ---- durability and concurrency ----------------------------------------------------------

    @Test
    void reopen_keepsEverything() {
        cp.createTeam(owner, "acme", Plan.STARTER);
        CreatedProject project = cp.createProject(owner, "acme", "app");
        Principal alice = member("acme", "alice", Role.MEMBER);
        Deployment preview = cp.ensurePreview(alice, "acme", "app", "preview/x").deployment();
        CreatedCredential token = cp.createDeploymentToken(alice, preview.name(), "agent");
        cp.authenticate(token.secret());
        List<Team> teams = cp.teams(owner);
        List<Member> members = cp.members(owner, "acme");
        List<Deployment> deployments = cp.deployments(owner, "acme", "app");
        List<Credential> credentials = cp.credentials(owner);

        reopenControlPlane();

        assertThat(cp.bootstrap()).isEmpty();
        assertThat(cp.schemaVersion()).isEqualTo(1);
        assertThat(cp.authenticate(ownerToken.secret())).isEqualTo(owner);
        assertThat(cp.teams(owner)).isEqualTo(teams);
        assertThat(cp.members(owner, "acme")).isEqualTo(members);
        assertThat(cp.projects(owner, "acme")).containsExactly(project.project());
        assertThat(cp.deployments(owner, "acme", "app")).isEqualTo(deployments);
        assertThat(cp.credentials(owner)).isEqualTo(credentials);
        assertThat(cp.authenticate(token.secret())).isInstanceOf(Principal.DeploymentToken.class);
        clock.advance(Duration.ofDays(6));
        assertThat(cp.sweep(deleter)).extracting(Deployment::name).containsExactly(preview.name());
    }

    @Test
    void concurrentCreations_ofTheSameNames_succeedOnce() throws Exception {
        cp.createProject(owner, "default", "chat");
        int threads = 4;

        List<Object> teams = race(threads, () -> cp.createTeam(owner, "acme", Plan.STARTER));
        List<Object> projects = race(threads, () -> cp.createProject(owner, "default", "shop"));
        List<Object> deployments = race(
                threads,
                () -> cp.createDeployment(
                        owner, NewDeployment.of("default", "chat", DeploymentType.CUSTOM, "staging")));
        List<Object> devs = race(threads, () -> cp.devDeploymentFor(owner, "default", "chat"));

        for (List<Object> outcomes : List.of(teams, projects, deployments)) {
            assertThat(outcomes.stream().filter(o -> !(o instanceof ControlPlaneException)))
                    .hasSize(1);
            assertThat(outcomes.stream().filter(o -> o instanceof ControlPlaneException))
                    .allSatisfy(
                            e -> assertThat(((ControlPlaneException) e).kind()).isEqualTo(Kind.ALREADY_EXISTS));
        }
        assertThat(devs).allSatisfy(o -> assertThat(o).isInstanceOf(EnsuredDeployment.class));
        assertThat(devs.stream().filter(o -> ((EnsuredDeployment) o).created())).hasSize(1);
        assertThat(devs.stream()
                        .map(o -> ((EnsuredDeployment) o).deployment().name())
                        .distinct())
                .hasSize(1);
        assertThat(cp.deployments(owner, "default", "chat"))
                .extracting(Deployment::reference)
                .containsExactly("dev/owner", "production", "staging");
    }

    /** Runs {@code call} on {@code threads} threads released together; each result or ControlPlaneException. */
    private static List<Object> race(int threads, Callable<Object> call) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return call.call();
                    } catch (ControlPlaneException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        }
    }
}
