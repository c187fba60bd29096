package dev.slipway.control;

import java.util.Map;
import java.util.Optional;

/**
 * Who makes a request: what {@link ControlPlane#authenticate} makes of a credential. A member
 * carries their roles as they were when the credential was checked, so {@link Authorizer} decides
 * without reading the store (and a member removed from a team loses it on their next request).
 */
public sealed interface Principal {

    /** The kinds of principal: one per credential kind, the rows of the rule table. */
    enum Kind {
        OWNER("the owner"),
        MEMBER("a member"),
        PROD_DEPLOY_KEY("a production deploy key"),
        PREVIEW_DEPLOY_KEY("a preview deploy key"),
        DEPLOYMENT_TOKEN("a deployment token");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** The kind in words ("a preview deploy key"). */
        public String description() {
            return description;
        }
    }

    /** This principal's kind. */
    Kind kind();

    /** The id of the credential it authenticated with. */
    String credentialId();

    /** The name written as {@code creator} of what it creates: a member's name, {@code owner}, or the key. */
    String actor();

    /** Who it is, for messages: "member alice", "the preview deploy key 'ci' of project acme/app". */
    String describe();

    /** The instance owner. */
    record Owner(String credentialId) implements Principal {
        /** The owner's member name: the admin of team {@code default}, with dev deployments {@code dev/owner}. */
        public static final String NAME = "owner";

        @Override
        public Kind kind() {
            return Kind.OWNER;
        }

        @Override
        public String actor() {
            return NAME;
        }

        @Override
        public String describe() {
            return "the owner";
        }
    }

    /**
     * A member, with their role in each of their teams.
     *
     * @param name the member's name
     * @param roles team slug → role, for every team they belong to
     */
    record Member(String name, Map<String, Role> roles, String credentialId) implements Principal {
        public Member {
            roles = Map.copyOf(roles);
        }

        /** Their role in {@code team}, if they belong to it. */
        public Optional<Role> role(String team) {
            return Optional.ofNullable(roles.get(team));
        }

        @Override
        public Kind kind() {
            return Kind.MEMBER;
        }

        @Override
        public String actor() {
            return name;
        }

        @Override
        public String describe() {
            return "member " + name;
        }
    }

    /** A project's production deploy key. */
    record ProdDeployKey(String team, String project, String credentialId, String credentialName) implements Principal {
        @Override
        public Kind kind() {
            return Kind.PROD_DEPLOY_KEY;
        }

        @Override
        public String actor() {
            return "prod-deploy-key:" + credentialName;
        }

        @Override
        public String describe() {
            return "the production deploy key '" + credentialName + "' of project " + team + "/" + project;
        }
    }

    /** A project's preview deploy key. */
    record PreviewDeployKey(String team, String project, String credentialId, String credentialName)
            implements Principal {
        @Override
        public Kind kind() {
            return Kind.PREVIEW_DEPLOY_KEY;
        }

        @Override
        public String actor() {
            return "preview-deploy-key:" + credentialName;
        }

        @Override
        public String describe() {
            return "the preview deploy key '" + credentialName + "' of project " + team + "/" + project;
        }
    }

    /** A token for one deployment. */
    record DeploymentToken(String team, String project, String deployment, String credentialId, String credentialName)
            implements Principal {
        @Override
        public Kind kind() {
            return Kind.DEPLOYMENT_TOKEN;
        }

        @Override
        public String actor() {
            return "deployment-token:" + credentialName;
        }

        @Override
        public String describe() {
            return "the deployment token '" + credentialName + "' of deployment " + deployment;
        }
    }
}
