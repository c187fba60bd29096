package dev.slipway.control;

import dev.slipway.database.Transaction;
import java.util.List;

/**
 * The control plane's tables and indexes, and migration 1 that creates them. Later versions of the
 * schema add migrations to {@link Migrations#ALL}; this class keeps the names both use.
 *
 * <ul>
 *   <li>{@code teams} {slug, plan, creator, createdAt}: {@code by_slug}.
 *   <li>{@code memberships} {team, member, role, addedAt}: {@code by_team} [team, member], {@code
 *       by_member} [member, team].
 *   <li>{@code projects} {team, slug, creator, createdAt}: {@code by_team} [team, slug].
 *   <li>{@code deployments} {name, team, project, type, reference, creator, createdAt, expiresAt?,
 *       state, settings{logsToClients, errorDetailsToClients, editConfirmation}}: {@code by_name},
 *       {@code by_reference} [team, project, reference], {@code by_team}, {@code by_expiry}, {@code
 *       by_state}.
 *   <li>{@code credentials} {credentialId, kind, name, hash, creator, createdAt, lastUsedAt?,
 *       revokedAt?, scope, and by scope member? team? project? deployment? deploymentType?
 *       reference?}: {@code by_hash}, {@code by_credential_id}, {@code by_kind}, {@code
 *       by_deployment}.
 *   <li>{@code retired_names} {name, retiredAt}: names of deleted deployments, never given out again.
 *   <li>{@code migrations} {version, description, appliedAt}: the applied migrations ({@link Migrations}).
 * </ul>
 *
 * Times are Int64 milliseconds since the epoch.
 */
final class Tables {
    static final String TEAMS = "teams";
    static final String MEMBERSHIPS = "memberships";
    static final String PROJECTS = "projects";
    static final String DEPLOYMENTS = "deployments";
    static final String CREDENTIALS = "credentials";
    static final String RETIRED_NAMES = "retired_names";
    static final String MIGRATIONS = "migrations";

    static final String BY_SLUG = "by_slug";
    static final String BY_TEAM = "by_team";
    static final String BY_MEMBER = "by_member";
    static final String BY_NAME = "by_name";
    static final String BY_REFERENCE = "by_reference";
    static final String BY_EXPIRY = "by_expiry";
    static final String BY_STATE = "by_state";
    static final String BY_HASH = "by_hash";
    static final String BY_CREDENTIAL_ID = "by_credential_id";
    static final String BY_KIND = "by_kind";
    static final String BY_DEPLOYMENT = "by_deployment";
    static final String BY_VERSION = "by_version";

    private Tables() {}

    /** Migration 1: every table and index above. */
    static final Migration V1 = new Migration(1, "teams, members, projects, deployments, credentials", Tables::v1);

    private static void v1(Transaction tx) {
        tx.createIndex(TEAMS, BY_SLUG, List.of("slug"));
        tx.createIndex(MEMBERSHIPS, BY_TEAM, List.of("team", "member"));
        tx.createIndex(MEMBERSHIPS, BY_MEMBER, List.of("member", "team"));
        tx.createIndex(PROJECTS, BY_TEAM, List.of("team", "slug"));
        tx.createIndex(DEPLOYMENTS, BY_NAME, List.of("name"));
        tx.createIndex(DEPLOYMENTS, BY_REFERENCE, List.of("team", "project", "reference"));
        tx.createIndex(DEPLOYMENTS, BY_TEAM, List.of("team"));
        tx.createIndex(DEPLOYMENTS, BY_EXPIRY, List.of("expiresAt"));
        tx.createIndex(DEPLOYMENTS, BY_STATE, List.of("state"));
        tx.createIndex(CREDENTIALS, BY_HASH, List.of("hash"));
        tx.createIndex(CREDENTIALS, BY_CREDENTIAL_ID, List.of("credentialId"));
        tx.createIndex(CREDENTIALS, BY_KIND, List.of("kind"));
        tx.createIndex(CREDENTIALS, BY_DEPLOYMENT, List.of("deployment"));
        tx.createIndex(RETIRED_NAMES, BY_NAME, List.of("name"));
    }
}
