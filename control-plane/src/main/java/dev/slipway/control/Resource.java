package dev.slipway.control;

import java.util.Optional;

/** What a request acts on, as the rule table sees it. */
public sealed interface Resource {

    /** The team it belongs to; empty for the server as a whole and for a member (who may be in several). */
    Optional<String> owningTeam();

    /** The resource in words, for messages: "deployment brave-otter-123 (production of acme/app)". */
    String describe();

    /** The server as a whole: creating and listing teams, listing credentials, the owner token. */
    record Instance() implements Resource {
        @Override
        public Optional<String> owningTeam() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "this server";
        }
    }

    /** A team. */
    record Team(String team) implements Resource {
        @Override
        public Optional<String> owningTeam() {
            return Optional.of(team);
        }

        @Override
        public String describe() {
            return "team " + team;
        }
    }

    /** A project. */
    record Project(String team, String project) implements Resource {
        @Override
        public Optional<String> owningTeam() {
            return Optional.of(team);
        }

        @Override
        public String describe() {
            return "project " + team + "/" + project;
        }
    }

    /** An existing deployment. */
    record Deployment(String team, String project, String name, DeploymentType type, String reference)
            implements Resource {
        /** The resource of {@code deployment}. */
        public static Deployment of(dev.slipway.control.Deployment deployment) {
            return new Deployment(
                    deployment.team(),
                    deployment.project(),
                    deployment.name(),
                    deployment.type(),
                    deployment.reference());
        }

        @Override
        public Optional<String> owningTeam() {
            return Optional.of(team);
        }

        @Override
        public String describe() {
            return "deployment " + name + " (" + reference + " of " + team + "/" + project + ")";
        }
    }

    /** A deployment about to be created. */
    record NewDeployment(String team, String project, DeploymentType type, String reference) implements Resource {
        @Override
        public Optional<String> owningTeam() {
            return Optional.of(team);
        }

        @Override
        public String describe() {
            return "a new " + type.wireName() + " deployment " + reference + " in project " + team + "/" + project;
        }
    }

    /** A member as a person: their member tokens. */
    record Member(String name) implements Resource {
        @Override
        public Optional<String> owningTeam() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "member " + name;
        }
    }
}
