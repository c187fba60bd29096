package dev.slipway.control;

import static dev.slipway.control.Action.DEPLOYMENT_CREATE;
import static dev.slipway.control.Action.DEPLOYMENT_DELETE;
import static dev.slipway.control.Action.DEPLOYMENT_LIST;
import static dev.slipway.control.Action.DEPLOYMENT_SELECT;
import static dev.slipway.control.Action.PROJECT_CREATE;
import static dev.slipway.control.Action.PROJECT_LIST;
import static dev.slipway.control.Action.TEAM_LIST;
import static dev.slipway.control.Action.TEAM_READ;
import static dev.slipway.control.Action.TOKEN_CREATE;
import static dev.slipway.control.Action.TOKEN_LIST;
import static dev.slipway.control.Action.TOKEN_READ;
import static dev.slipway.control.Action.TOKEN_REVOKE;
import static dev.slipway.control.Principal.Kind.DEPLOYMENT_TOKEN;
import static dev.slipway.control.Principal.Kind.MEMBER;
import static dev.slipway.control.Principal.Kind.OWNER;
import static dev.slipway.control.Principal.Kind.PREVIEW_DEPLOY_KEY;
import static dev.slipway.control.Principal.Kind.PROD_DEPLOY_KEY;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one rule table that decides every {@code /control/*} and {@code /d/<dep>/admin/*} request.
 *
 * <p>A request is allowed when some row has the principal's kind, lists the action, and its
 * condition holds for the principal and the resource; otherwise it is denied, with a reason naming
 * the principal, the resource and what would have allowed it. There is no other path to "allowed":
 * the table below is the whole policy.
 *
 * <ul>
 *   <li><b>Owner</b>: everything.
 *   <li><b>Member</b>: lists their teams and the credentials they may see; reads their teams, lists
 *       and creates projects there, lists and selects their deployments; full control of their own
 *       dev deployments ({@code dev/<name>} and {@code dev/<name>/...}) and of previews, including
 *       creating them and their deployment tokens; their own member tokens. A team <b>admin</b>
 *       does everything within the team: members, deploy keys, production, other members' dev
 *       deployments. So pushing to production, changing its environment or reading its data takes an
 *       admin (or a production deploy key), and only the owner creates teams.
 *   <li><b>Production deploy key</b>: every admin operation on its project's {@code production}.
 *   <li><b>Preview deploy key</b>: every admin operation on its project's previews, and creating
 *       and deleting them ({@code --preview-name}, {@code --preview-create}).
 *   <li><b>Deployment token</b>: every admin operation on its one deployment.
 * </ul>
 *
 * Conditions that involve a team compare the resource's team with the principal's, so no row lets a
 * principal reach another team's resources.
 */
public final class Authorizer {

    /** A row: principals of {@code kind} may do {@code actions} when {@code condition} holds. */
    record Rule(Principal.Kind kind, Set<Action> actions, Condition condition) {}

    private static final Set<Action> ALL = EnumSet.allOf(Action.class);
    /** What any member does in their teams. */
    private static final Set<Action> TEAM_WORK =
            of(TEAM_READ, PROJECT_LIST, PROJECT_CREATE, DEPLOYMENT_LIST, DEPLOYMENT_SELECT);
    /** What a member does on their own dev deployments and on previews. */
    private static final Set<Action> OWN_DEPLOYMENTS =
            admin(DEPLOYMENT_CREATE, DEPLOYMENT_SELECT, DEPLOYMENT_DELETE, TOKEN_CREATE, TOKEN_READ, TOKEN_REVOKE);
    /** What a member does with their own member tokens. */
    private static final Set<Action> OWN_TOKENS = of(TOKEN_CREATE, TOKEN_READ, TOKEN_REVOKE);
    /** What a preview deploy key does: previews' admin operations, and creating and deleting them. */
    private static final Set<Action> PREVIEW_KEY = admin(DEPLOYMENT_SELECT, DEPLOYMENT_CREATE, DEPLOYMENT_DELETE);
    /** What a production deploy key or a deployment token does on its deployment. */
    private static final Set<Action> DEPLOYMENT_KEY = admin(DEPLOYMENT_SELECT);

    static final List<Rule> RULES = List.of(
            row(OWNER, ALL, Condition.ALWAYS),
            row(MEMBER, of(TEAM_LIST, TOKEN_LIST), Condition.ALWAYS),
            row(MEMBER, TEAM_WORK, Condition.IN_TEAM),
            row(MEMBER, ALL, Condition.TEAM_ADMIN),
            row(MEMBER, OWN_DEPLOYMENTS, Condition.OWN_DEV_OR_PREVIEW),
            row(MEMBER, OWN_TOKENS, Condition.SELF),
            row(PROD_DEPLOY_KEY, DEPLOYMENT_KEY, Condition.ITS_PRODUCTION),
            row(PREVIEW_DEPLOY_KEY, PREVIEW_KEY, Condition.ITS_PREVIEWS),
            row(DEPLOYMENT_TOKEN, DEPLOYMENT_KEY, Condition.ITS_DEPLOYMENT));

    private Authorizer() {}

    /**
     * Decides whether {@code principal} may do {@code action} on {@code resource}.
     *
     * @throws IllegalArgumentException when {@code action} does not act on that kind of resource (a
     *     bug in the caller, not a denial)
     */
    public static Decision decide(Principal principal, Action action, Resource resource) {
        if (!action.appliesTo(resource)) {
            throw new IllegalArgumentException("action " + action + " acts on "
                    + action.resources().stream().map(Class::getSimpleName).collect(Collectors.joining(" or "))
                    + ", not on " + resource);
        }
        List<Rule> rows = RULES.stream()
                .filter(r -> r.kind() == principal.kind() && r.actions().contains(action))
                .toList();
        if (rows.stream().anyMatch(r -> r.condition().holds(principal, resource))) {
            return new Decision.Allow();
        }
        String kind = principal.kind().description();
        String because = rows.isEmpty()
                ? kind + " may never do that"
                : kind + " may do that only "
                        + rows.stream().map(r -> r.condition().description()).collect(Collectors.joining(", or "));
        return new Decision.Deny(
                principal.describe() + " may not " + action.verb() + " " + resource.describe() + " (" + because + ")");
    }

    /**
     * {@link #decide}, as a precondition.
     *
     * @throws ControlPlaneException {@code Forbidden} with the reason of the denial
     */
    public static void require(Principal principal, Action action, Resource resource) {
        if (decide(principal, action, resource) instanceof Decision.Deny(String reason)) {
            throw new ControlPlaneException(ControlPlaneException.Kind.FORBIDDEN, reason);
        }
    }

    /** Whether {@code decide} allows it. */
    public static boolean allows(Principal principal, Action action, Resource resource) {
        return decide(principal, action, resource).allowed();
    }

    /** The conditions of the table's rows. */
    enum Condition {
        ALWAYS("always") {
            @Override
            boolean holds(Principal principal, Resource resource) {
                return true;
            }
        },
        IN_TEAM("when they belong to the team") {
            @Override
            boolean holds(Principal principal, Resource resource) {
                return principal instanceof Principal.Member m
                        && resource.owningTeam().flatMap(m::role).isPresent();
            }
        },
        TEAM_ADMIN("when they are an admin of the team") {
            @Override
            boolean holds(Principal principal, Resource resource) {
                return principal instanceof Principal.Member m
                        && resource.owningTeam()
                                .flatMap(m::role)
                                .filter(r -> r == Role.ADMIN)
                                .isPresent();
            }
        },
        OWN_DEV_OR_PREVIEW("on their own dev deployments (dev/<name>, dev/<name>/...) and on previews of their teams") {
            @Override
            boolean holds(Principal principal, Resource resource) {
                if (!(principal instanceof Principal.Member m) || !IN_TEAM.holds(principal, resource)) {
                    return false;
                }
                return switch (resource) {
                    case Resource.Deployment d -> ownDevOrPreview(m.name(), d.type(), d.reference());
                    case Resource.NewDeployment d -> ownDevOrPreview(m.name(), d.type(), d.reference());
                    default -> false;
                };
            }
        },
        SELF("on their own member tokens") {
            @Override
            boolean holds(Principal principal, Resource resource) {
                return principal instanceof Principal.Member m
                        && resource instanceof Resource.Member(String name)
                        && name.equals(m.name());
            }
        },
        ITS_PRODUCTION("on the production deployment of its project") {
            @Override
            boolean holds(Principal principal, Resource resource) {
                return principal instanceof Principal.ProdDeployKey k
                        && resource instanceof Resource.Deployment d
                        && d.team().equals(k.team())
                        && d.project().equals(k.project())
                        && d.type() == DeploymentType.PROD
                        && d.reference().equals(References.PRODUCTION);
            }
        },
        ITS_PREVIEWS("on the preview deployments of its project") {
            @Override
            boolean holds(Principal principal, Resource resource) {
                if (!(principal instanceof Principal.PreviewDeployKey k)) {
                    return false;
                }
                return switch (resource) {
                    case Resource.Deployment d ->
                        d.team().equals(k.team())
                                && d.project().equals(k.project())
                                && preview(d.type(), d.reference());
                    case Resource.NewDeployment d ->
                        d.team().equals(k.team())
                                && d.project().equals(k.project())
                                && preview(d.type(), d.reference());
                    default -> false;
                };
            }
        },
        ITS_DEPLOYMENT("on its own deployment") {
            @Override
            boolean holds(Principal principal, Resource resource) {
                return principal instanceof Principal.DeploymentToken t
                        && resource instanceof Resource.Deployment d
                        && d.name().equals(t.deployment())
                        && d.team().equals(t.team())
                        && d.project().equals(t.project());
            }
        };

        private final String description;

        Condition(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }

        abstract boolean holds(Principal principal, Resource resource);

        private static boolean ownDevOrPreview(String member, DeploymentType type, String reference) {
            return preview(type, reference) || (type == DeploymentType.DEV && References.isDevOf(member, reference));
        }

        private static boolean preview(DeploymentType type, String reference) {
            return type == DeploymentType.PREVIEW && reference.startsWith(References.PREVIEW_PREFIX);
        }
    }

    private static Rule row(Principal.Kind kind, Set<Action> actions, Condition condition) {
        return new Rule(kind, actions, condition);
    }

    private static Set<Action> of(Action first, Action... rest) {
        return EnumSet.of(first, rest);
    }

    /** The deployment admin operations and {@code more}. */
    private static Set<Action> admin(Action... more) {
        EnumSet<Action> set = EnumSet.copyOf(Action.DEPLOYMENT_ADMIN);
        set.addAll(List.of(more));
        return set;
    }
}
