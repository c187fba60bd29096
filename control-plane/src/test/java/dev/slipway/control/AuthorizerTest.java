package dev.slipway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule table, case by case: every "can" and every "cannot" of issue 6 and docs/ADMIN-API.md,
 * for each principal kind, plus the full matrix of deployment admin operations over a set of
 * deployments in two teams.
 */
class AuthorizerTest {
    // ---- principals --------------------------------------------------------------------------
    static final Principal OWNER = new Principal.Owner("cred_owner");
    static final Principal ADA_ADMIN_OF_ACME = new Principal.Member("ada", Map.of("acme", Role.ADMIN), "cred_ada");
    static final Principal ALICE_OF_ACME = new Principal.Member("alice", Map.of("acme", Role.MEMBER), "cred_alice");
    static final Principal BOB_OF_BETA = new Principal.Member("bob", Map.of("beta", Role.MEMBER), "cred_bob");
    static final Principal PROD_KEY = new Principal.ProdDeployKey("acme", "app", "cred_prod", "ci");
    static final Principal PREVIEW_KEY = new Principal.PreviewDeployKey("acme", "app", "cred_preview", "ci");
    static final Principal TOKEN = new Principal.DeploymentToken("acme", "app", "calm-owl-111", "cred_dep", "agent");

    // ---- resources ---------------------------------------------------------------------------
    static final Resource INSTANCE = new Resource.Instance();
    static final Resource ACME = new Resource.Team("acme");
    static final Resource BETA = new Resource.Team("beta");
    static final Resource ACME_APP = new Resource.Project("acme", "app");
    static final Resource BETA_APP = new Resource.Project("beta", "app");
    static final Resource ALICE = new Resource.Member("alice");
    static final Resource ADA = new Resource.Member("ada");

    static final Resource.Deployment PROD_ACME_APP =
            dep("acme", "app", "brave-otter-100", DeploymentType.PROD, "production");
    static final Resource.Deployment PROD_ACME_WEB =
            dep("acme", "web", "bold-lynx-200", DeploymentType.PROD, "production");
    static final Resource.Deployment DEV_ALICE = dep("acme", "app", "calm-owl-111", DeploymentType.DEV, "dev/alice");
    static final Resource.Deployment DEV_ALICE_AGENT =
            dep("acme", "app", "keen-seal-222", DeploymentType.DEV, "dev/alice/agent-1");
    static final Resource.Deployment DEV_ALICE2 = dep("acme", "app", "wise-mink-333", DeploymentType.DEV, "dev/alice2");
    static final Resource.Deployment DEV_ADA = dep("acme", "app", "warm-newt-444", DeploymentType.DEV, "dev/ada");
    static final Resource.Deployment PREVIEW_ACME_APP =
            dep("acme", "app", "swift-koala-555", DeploymentType.PREVIEW, "preview/feature-x");
    static final Resource.Deployment PREVIEW_ACME_WEB =
            dep("acme", "web", "tidy-crane-666", DeploymentType.PREVIEW, "preview/feature-x");
    static final Resource.Deployment CUSTOM_ACME_APP =
            dep("acme", "app", "rosy-llama-777", DeploymentType.CUSTOM, "staging");
    static final Resource.Deployment PROD_BETA_APP =
            dep("beta", "app", "quiet-ibex-888", DeploymentType.PROD, "production");
    static final Resource.Deployment PREVIEW_BETA_APP =
            dep("beta", "app", "sunny-yak-999", DeploymentType.PREVIEW, "preview/feature-x");
    static final Resource.Deployment DEV_BOB_BETA =
            dep("beta", "app", "merry-puffin-123", DeploymentType.DEV, "dev/bob");

    static final List<Resource.Deployment> ALL_DEPLOYMENTS = List.of(
            PROD_ACME_APP,
            PROD_ACME_WEB,
            DEV_ALICE,
            DEV_ALICE_AGENT,
            DEV_ALICE2,
            DEV_ADA,
            PREVIEW_ACME_APP,
            PREVIEW_ACME_WEB,
            CUSTOM_ACME_APP,
            PROD_BETA_APP,
            PREVIEW_BETA_APP,
            DEV_BOB_BETA);

    static final Resource NEW_PREVIEW_ACME_APP =
            new Resource.NewDeployment("acme", "app", DeploymentType.PREVIEW, "preview/fix-1");
    static final Resource NEW_PREVIEW_ACME_WEB =
            new Resource.NewDeployment("acme", "web", DeploymentType.PREVIEW, "preview/fix-1");
    static final Resource NEW_PREVIEW_BETA_APP =
            new Resource.NewDeployment("beta", "app", DeploymentType.PREVIEW, "preview/fix-1");
    static final Resource NEW_DEV_ALICE = new Resource.NewDeployment("acme", "app", DeploymentType.DEV, "dev/alice");
    static final Resource NEW_DEV_ALICE_AGENT =
            new Resource.NewDeployment("acme", "app", DeploymentType.DEV, "dev/alice/agent-2");
    static final Resource NEW_DEV_BOB_IN_ACME =
            new Resource.NewDeployment("acme", "app", DeploymentType.DEV, "dev/bob");
    static final Resource NEW_CUSTOM_ACME_APP =
            new Resource.NewDeployment("acme", "app", DeploymentType.CUSTOM, "staging-2");

    private static Resource.Deployment dep(String team, String project, String name, DeploymentType type, String ref) {
        return new Resource.Deployment(team, project, name, type, ref);
    }

    // ---- the deployment admin matrix ----------------------------------------------------------

    /** Which deployments each principal reaches with the admin operations (push, env, data, ...): exactly these. */
    static Stream<Arguments> adminReach() {
        return Stream.of(
                Arguments.of("owner", OWNER, Set.copyOf(ALL_DEPLOYMENTS)),
                Arguments.of(
                        "admin of acme",
                        ADA_ADMIN_OF_ACME,
                        Set.of(
                                PROD_ACME_APP,
                                PROD_ACME_WEB,
                                DEV_ALICE,
                                DEV_ALICE_AGENT,
                                DEV_ALICE2,
                                DEV_ADA,
                                PREVIEW_ACME_APP,
                                PREVIEW_ACME_WEB,
                                CUSTOM_ACME_APP)),
                Arguments.of(
                        "member alice of acme",
                        ALICE_OF_ACME,
                        Set.of(DEV_ALICE, DEV_ALICE_AGENT, PREVIEW_ACME_APP, PREVIEW_ACME_WEB)),
                Arguments.of("member bob of beta", BOB_OF_BETA, Set.of(PREVIEW_BETA_APP, DEV_BOB_BETA)),
                Arguments.of("production deploy key of acme/app", PROD_KEY, Set.of(PROD_ACME_APP)),
                Arguments.of("preview deploy key of acme/app", PREVIEW_KEY, Set.of(PREVIEW_ACME_APP)),
                Arguments.of("deployment token of calm-owl-111", TOKEN, Set.of(DEV_ALICE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminReach")
    void deploymentAdmin_everyOperation_reachesExactlyTheExpectedDeployments(
            String who, Principal principal, Set<Resource.Deployment> reachable) {
        List<String> wrong = new ArrayList<>();
        for (Action action : Action.DEPLOYMENT_ADMIN) {
            for (Resource.Deployment deployment : ALL_DEPLOYMENTS) {
                boolean allowed = Authorizer.allows(principal, action, deployment);
                if (allowed != reachable.contains(deployment)) {
                    wrong.add((allowed ? "allowed " : "denied ") + action + " on " + deployment.describe());
                }
            }
        }
        assertThat(wrong).as(who).isEmpty();
    }

    // ---- the control operations, case by case -------------------------------------------------

    static Stream<Arguments> cases() {
        return Stream.of(
                // issue 6: a preview key cannot touch production or another project
                cannot(PREVIEW_KEY, Action.PUSH, PROD_ACME_APP),
                cannot(PREVIEW_KEY, Action.ENV_WRITE, PROD_ACME_APP),
                cannot(PREVIEW_KEY, Action.DEPLOYMENT_DELETE, PROD_ACME_APP),
                cannot(PREVIEW_KEY, Action.DEPLOYMENT_SELECT, PROD_ACME_APP),
                cannot(PREVIEW_KEY, Action.PUSH, PREVIEW_ACME_WEB),
                cannot(PREVIEW_KEY, Action.PUSH, PREVIEW_BETA_APP),
                cannot(PREVIEW_KEY, Action.DEPLOYMENT_CREATE, NEW_PREVIEW_ACME_WEB),
                cannot(PREVIEW_KEY, Action.DEPLOYMENT_CREATE, NEW_PREVIEW_BETA_APP),
                cannot(PREVIEW_KEY, Action.DEPLOYMENT_CREATE, NEW_CUSTOM_ACME_APP),
                cannot(PREVIEW_KEY, Action.DEPLOYMENT_CREATE, NEW_DEV_ALICE),
                cannot(PREVIEW_KEY, Action.PUSH, DEV_ALICE),
                cannot(PREVIEW_KEY, Action.DEPLOYMENT_LIST, ACME_APP),
                cannot(PREVIEW_KEY, Action.DEPLOY_KEY_CREATE, ACME_APP),
                cannot(PREVIEW_KEY, Action.TOKEN_CREATE, PREVIEW_ACME_APP),
                cannot(PREVIEW_KEY, Action.TEAM_READ, ACME),
                cannot(PREVIEW_KEY, Action.TEAM_LIST, INSTANCE),
                cannot(PREVIEW_KEY, Action.TOKEN_LIST, INSTANCE),
                can(PREVIEW_KEY, Action.DEPLOYMENT_CREATE, NEW_PREVIEW_ACME_APP),
                can(PREVIEW_KEY, Action.DEPLOYMENT_SELECT, PREVIEW_ACME_APP),
                can(PREVIEW_KEY, Action.DEPLOYMENT_DELETE, PREVIEW_ACME_APP),
                can(PREVIEW_KEY, Action.PUSH, PREVIEW_ACME_APP),
                can(PREVIEW_KEY, Action.RUN_FUNCTION, PREVIEW_ACME_APP),
                // the production deploy key: its production only, and never management
                can(PROD_KEY, Action.PUSH, PROD_ACME_APP),
                can(PROD_KEY, Action.DEPLOYMENT_SELECT, PROD_ACME_APP),
                cannot(PROD_KEY, Action.PUSH, PROD_ACME_WEB),
                cannot(PROD_KEY, Action.PUSH, PROD_BETA_APP),
                cannot(PROD_KEY, Action.PUSH, PREVIEW_ACME_APP),
                cannot(PROD_KEY, Action.DEPLOYMENT_DELETE, PROD_ACME_APP),
                cannot(PROD_KEY, Action.DEPLOYMENT_CREATE, NEW_PREVIEW_ACME_APP),
                cannot(PROD_KEY, Action.TOKEN_CREATE, PROD_ACME_APP),
                cannot(PROD_KEY, Action.DEPLOY_KEY_CREATE, ACME_APP),
                cannot(PROD_KEY, Action.PROJECT_LIST, ACME),
                // issue 6: a deployment token cannot reach another deployment
                can(TOKEN, Action.PUSH, DEV_ALICE),
                can(TOKEN, Action.EXPORT, DEV_ALICE),
                can(TOKEN, Action.DEPLOYMENT_SELECT, DEV_ALICE),
                cannot(TOKEN, Action.PUSH, DEV_ALICE_AGENT),
                cannot(TOKEN, Action.DEPLOYMENT_SELECT, PREVIEW_ACME_APP),
                cannot(TOKEN, Action.PUSH, dep("beta", "app", "calm-owl-111", DeploymentType.DEV, "dev/alice")),
                cannot(TOKEN, Action.DEPLOYMENT_DELETE, DEV_ALICE),
                cannot(TOKEN, Action.TOKEN_CREATE, DEV_ALICE),
                cannot(TOKEN, Action.TOKEN_READ, DEV_ALICE),
                cannot(TOKEN, Action.DEPLOYMENT_LIST, ACME_APP),
                cannot(TOKEN, Action.DEPLOYMENT_CREATE, NEW_DEV_ALICE),
                // issue 6: a member cannot read another team
                cannot(ALICE_OF_ACME, Action.TEAM_READ, BETA),
                cannot(ALICE_OF_ACME, Action.PROJECT_LIST, BETA),
                cannot(ALICE_OF_ACME, Action.PROJECT_CREATE, BETA),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_LIST, BETA_APP),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_SELECT, PROD_BETA_APP),
                cannot(ALICE_OF_ACME, Action.PUSH, PREVIEW_BETA_APP),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_CREATE, NEW_PREVIEW_BETA_APP),
                cannot(ADA_ADMIN_OF_ACME, Action.TEAM_READ, BETA),
                cannot(ADA_ADMIN_OF_ACME, Action.TEAM_ADD_MEMBER, BETA),
                cannot(ADA_ADMIN_OF_ACME, Action.DEPLOY_KEY_CREATE, BETA_APP),
                cannot(ADA_ADMIN_OF_ACME, Action.TOKEN_READ, BETA_APP),
                cannot(BOB_OF_BETA, Action.TEAM_READ, ACME),
                // a member in their own team
                can(ALICE_OF_ACME, Action.TEAM_LIST, INSTANCE),
                can(ALICE_OF_ACME, Action.TEAM_READ, ACME),
                can(ALICE_OF_ACME, Action.PROJECT_LIST, ACME),
                can(ALICE_OF_ACME, Action.PROJECT_CREATE, ACME),
                can(ALICE_OF_ACME, Action.DEPLOYMENT_LIST, ACME_APP),
                can(ALICE_OF_ACME, Action.DEPLOYMENT_SELECT, PROD_ACME_APP),
                can(ALICE_OF_ACME, Action.DEPLOYMENT_CREATE, NEW_DEV_ALICE),
                can(ALICE_OF_ACME, Action.DEPLOYMENT_CREATE, NEW_DEV_ALICE_AGENT),
                can(ALICE_OF_ACME, Action.DEPLOYMENT_CREATE, NEW_PREVIEW_ACME_APP),
                can(ALICE_OF_ACME, Action.DEPLOYMENT_DELETE, DEV_ALICE),
                can(ALICE_OF_ACME, Action.DEPLOYMENT_DELETE, PREVIEW_ACME_APP),
                can(ALICE_OF_ACME, Action.TOKEN_CREATE, DEV_ALICE),
                can(ALICE_OF_ACME, Action.TOKEN_REVOKE, DEV_ALICE),
                can(ALICE_OF_ACME, Action.TOKEN_CREATE, ALICE),
                can(ALICE_OF_ACME, Action.TOKEN_READ, ALICE),
                can(ALICE_OF_ACME, Action.TOKEN_REVOKE, ALICE),
                can(ALICE_OF_ACME, Action.TOKEN_LIST, INSTANCE),
                cannot(ALICE_OF_ACME, Action.TEAM_CREATE, INSTANCE),
                cannot(ALICE_OF_ACME, Action.TEAM_ADD_MEMBER, ACME),
                cannot(ALICE_OF_ACME, Action.TEAM_REMOVE_MEMBER, ACME),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_CREATE, NEW_DEV_BOB_IN_ACME),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_CREATE, NEW_CUSTOM_ACME_APP),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_DELETE, DEV_ADA),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_DELETE, DEV_ALICE2),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_DELETE, PROD_ACME_APP),
                cannot(ALICE_OF_ACME, Action.DEPLOYMENT_DELETE, CUSTOM_ACME_APP),
                cannot(ALICE_OF_ACME, Action.DEPLOY_KEY_CREATE, ACME_APP),
                cannot(ALICE_OF_ACME, Action.TOKEN_CREATE, ADA),
                cannot(ALICE_OF_ACME, Action.TOKEN_READ, ADA),
                cannot(ALICE_OF_ACME, Action.TOKEN_CREATE, PROD_ACME_APP),
                cannot(ALICE_OF_ACME, Action.TOKEN_READ, ACME_APP),
                cannot(ALICE_OF_ACME, Action.TOKEN_REVOKE, ACME_APP),
                cannot(ALICE_OF_ACME, Action.TOKEN_READ, INSTANCE),
                // a team admin: everything in the team, nothing outside it, no member tokens
                can(ADA_ADMIN_OF_ACME, Action.TEAM_ADD_MEMBER, ACME),
                can(ADA_ADMIN_OF_ACME, Action.TEAM_REMOVE_MEMBER, ACME),
                can(ADA_ADMIN_OF_ACME, Action.DEPLOY_KEY_CREATE, ACME_APP),
                can(ADA_ADMIN_OF_ACME, Action.DEPLOYMENT_CREATE, NEW_CUSTOM_ACME_APP),
                can(ADA_ADMIN_OF_ACME, Action.DEPLOYMENT_CREATE, NEW_DEV_BOB_IN_ACME),
                can(ADA_ADMIN_OF_ACME, Action.DEPLOYMENT_DELETE, DEV_ALICE),
                can(ADA_ADMIN_OF_ACME, Action.TOKEN_READ, ACME_APP),
                can(ADA_ADMIN_OF_ACME, Action.TOKEN_REVOKE, ACME_APP),
                can(ADA_ADMIN_OF_ACME, Action.TOKEN_CREATE, PROD_ACME_APP),
                cannot(ADA_ADMIN_OF_ACME, Action.TEAM_CREATE, INSTANCE),
                cannot(ADA_ADMIN_OF_ACME, Action.TOKEN_CREATE, ALICE),
                cannot(ADA_ADMIN_OF_ACME, Action.TOKEN_REVOKE, ALICE),
                cannot(ADA_ADMIN_OF_ACME, Action.TOKEN_READ, INSTANCE),
                cannot(ADA_ADMIN_OF_ACME, Action.TOKEN_REVOKE, INSTANCE),
                // the owner
                can(OWNER, Action.TEAM_CREATE, INSTANCE),
                can(OWNER, Action.TOKEN_REVOKE, INSTANCE),
                can(OWNER, Action.TOKEN_CREATE, ALICE),
                can(OWNER, Action.TEAM_ADD_MEMBER, BETA),
                can(OWNER, Action.DEPLOYMENT_CREATE, NEW_CUSTOM_ACME_APP),
                can(OWNER, Action.DEPLOYMENT_DELETE, PROD_BETA_APP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decide_case_matchesTheTable(
            String description, Principal principal, Action action, Resource resource, boolean expected) {
        Decision decision = Authorizer.decide(principal, action, resource);
        assertThat(decision.allowed()).as(description).isEqualTo(expected);
    }

    private static Arguments can(Principal principal, Action action, Resource resource) {
        return Arguments.of(
                principal.describe() + " CAN " + action + " " + resource.describe(), principal, action, resource, true);
    }

    private static Arguments cannot(Principal principal, Action action, Resource resource) {
        return Arguments.of(
                principal.describe() + " CANNOT " + action + " " + resource.describe(),
                principal,
                action,
                resource,
                false);
    }

    // ---- the shape of decisions -----------------------------------------------------------------

    @Test
    void decide_owner_mayDoEveryActionOnEveryResourceItActsOn() {
        List<Resource> resources = new ArrayList<>(List.of(INSTANCE, ACME, BETA_APP, ALICE, NEW_CUSTOM_ACME_APP));
        resources.addAll(ALL_DEPLOYMENTS);
        for (Action action : Action.values()) {
            for (Resource resource : resources) {
                if (action.appliesTo(resource)) {
                    assertThat(Authorizer.allows(OWNER, action, resource))
                            .as("%s on %s", action, resource)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void decide_denied_reasonNamesThePrincipalTheResourceAndWhatWouldAllowIt() {
        Decision decision = Authorizer.decide(PREVIEW_KEY, Action.PUSH, PROD_ACME_APP);

        assertThat(decision).isInstanceOf(Decision.Deny.class);
        assertThat(((Decision.Deny) decision).reason())
                .isEqualTo("the preview deploy key 'ci' of project acme/app may not push code to deployment"
                        + " brave-otter-100 (production of acme/app) (a preview deploy key may do that only on the"
                        + " preview deployments of its project)");
    }

    @Test
    void decide_noRowForTheKind_saysItNeverMay() {
        Decision decision = Authorizer.decide(TOKEN, Action.TEAM_CREATE, INSTANCE);

        assertThat(((Decision.Deny) decision).reason())
                .isEqualTo("the deployment token 'agent' of deployment calm-owl-111 may not create teams on this"
                        + " server (a deployment token may never do that)");
    }

    @Test
    void require_denied_throwsForbiddenWithTheReason() {
        assertThatThrownBy(() -> Authorizer.require(ALICE_OF_ACME, Action.TEAM_READ, BETA))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ControlPlaneException.Kind.FORBIDDEN);
                    assertThat(e.code()).isEqualTo("Forbidden");
                    assertThat(e.getMessage()).startsWith("member alice may not read team beta");
                });
    }

    @Test
    void decide_actionOnAResourceItDoesNotActOn_isACallerBug() {
        assertThatThrownBy(() -> Authorizer.decide(OWNER, Action.PUSH, ACME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PUSH acts on Deployment");
    }

    @Test
    void rules_everyPrincipalKindHasARow() {
        for (Principal.Kind kind : Principal.Kind.values()) {
            assertThat(Authorizer.RULES).anyMatch(r -> r.kind() == kind);
        }
    }
}
