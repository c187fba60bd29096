package dev.slipway.control;

/** What a credential reaches: the whole instance, a member's teams, a project, or one deployment. */
public sealed interface CredentialScope {

    /** The scope in words, for messages and listings. */
    String describe();

    /** The owner token's scope. */
    record Instance() implements CredentialScope {
        @Override
        public String describe() {
            return "the whole server";
        }
    }

    /** A member token's scope: the teams of member {@code member}, with its roles there. */
    record Member(String member) implements CredentialScope {
        @Override
        public String describe() {
            return "member " + member;
        }
    }

    /** A deploy key's scope: project {@code project} of team {@code team}. */
    record Project(String team, String project) implements CredentialScope {
        @Override
        public String describe() {
            return "project " + team + "/" + project;
        }
    }

    /** A deployment token's scope: deployment {@code deployment} of project {@code team/project}. */
    record Deployment(String team, String project, String deployment) implements CredentialScope {
        @Override
        public String describe() {
            return "deployment " + deployment + " of " + team + "/" + project;
        }
    }
}
