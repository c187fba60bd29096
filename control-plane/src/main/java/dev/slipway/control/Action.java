package dev.slipway.control;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a principal can ask of the server outside the client API: each {@code /control/*}
 * operation and each deployment admin operation ({@code /d/<dep>/admin/*}), with the kind of
 * {@link Resource} it acts on.
 */
public enum Action {
    // ---- /control/* ---------------------------------------------------------------------------
    TEAM_CREATE("create teams on", Resource.Instance.class),
    TEAM_LIST("list the teams of", Resource.Instance.class),
    TEAM_READ("read", Resource.Team.class),
    TEAM_ADD_MEMBER("add members to", Resource.Team.class),
    TEAM_REMOVE_MEMBER("remove members from", Resource.Team.class),
    PROJECT_CREATE("create projects in", Resource.Team.class),
    PROJECT_LIST("list the projects of", Resource.Team.class),
    DEPLOYMENT_CREATE("create", Resource.NewDeployment.class),
    DEPLOYMENT_LIST("list the deployments of", Resource.Project.class),
    DEPLOYMENT_SELECT("select", Resource.Deployment.class),
    DEPLOYMENT_DELETE("delete", Resource.Deployment.class),
    /** A member token (resource: the member) or a deployment token (resource: the deployment). */
    TOKEN_CREATE("create tokens for", Resource.Member.class, Resource.Deployment.class),
    /** Listing credentials; the list holds those the principal may {@link #TOKEN_READ}. */
    TOKEN_LIST("list the credentials of", Resource.Instance.class),
    /** Seeing a credential; the resource is what the credential reaches. */
    TOKEN_READ(
            "see the credentials of",
            Resource.Instance.class,
            Resource.Member.class,
            Resource.Project.class,
            Resource.Deployment.class),
    /** Revoking a credential; the resource is what the credential reaches. */
    TOKEN_REVOKE(
            "revoke the credentials of",
            Resource.Instance.class,
            Resource.Member.class,
            Resource.Project.class,
            Resource.Deployment.class),
    /** A production or preview deploy key of the project. */
    DEPLOY_KEY_CREATE("create deploy keys for", Resource.Project.class),

    // ---- /d/<deployment>/admin/* --------------------------------------------------------------
    PUSH("push code to", Resource.Deployment.class),
    PUSH_DRY_RUN("dry-run a push to", Resource.Deployment.class),
    ENV_READ("read the environment variables of", Resource.Deployment.class),
    ENV_WRITE("change the environment variables of", Resource.Deployment.class),
    DATA_READ("read the data of", Resource.Deployment.class),
    IMPORT("import data into", Resource.Deployment.class),
    EXPORT("export the data of", Resource.Deployment.class),
    LOGS_READ("read the logs of", Resource.Deployment.class),
    JOBS_READ("read the scheduled jobs of", Resource.Deployment.class),
    JOBS_CANCEL("cancel scheduled jobs of", Resource.Deployment.class),
    VERSIONS_READ("list the code versions of", Resource.Deployment.class),
    PROMOTE("promote a code version of", Resource.Deployment.class),
    ROLLBACK("roll back", Resource.Deployment.class),
    /** {@code slipway run}: any function, internal ones included, as an admin. */
    RUN_FUNCTION("run functions (internal ones included) on", Resource.Deployment.class);

    /** The deployment admin operations: what a deploy key or deployment token is for. */
    public static final Set<Action> DEPLOYMENT_ADMIN = EnumSet.range(PUSH, RUN_FUNCTION);

    private final String verb;
    private final List<Class<? extends Resource>> resources;

    @SafeVarargs
    Action(String verb, Class<? extends Resource>... resources) {
        this.verb = verb;
        this.resources = List.of(resources);
    }

    /** The action as a verb phrase, completed by the resource: "push code to" deployment x. */
    public String verb() {
        return verb;
    }

    /** Whether this action can act on {@code resource}. */
    public boolean appliesTo(Resource resource) {
        return resources.stream().anyMatch(kind -> kind.isInstance(resource));
    }

    /** The kinds of resource it acts on. */
    public List<Class<? extends Resource>> resources() {
        return resources;
    }
}
