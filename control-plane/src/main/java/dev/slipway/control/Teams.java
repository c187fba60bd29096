package dev.slipway.control;

import static dev.slipway.control.Store.eq;

import dev.slipway.database.Transaction;
import dev.slipway.value.Value;
import java.time.Instant;
import java.util.Optional;

/** Lookups and inserts of teams, memberships and projects inside a transaction, with {@code NotFound} naming what is missing. */
final class Teams {
    private Teams() {}

    /** Inserts a team and makes {@code creator} its first admin. */
    static Team insertTeam(Transaction tx, String slug, Plan plan, String creator, Instant now) {
        Team team = new Team(slug, plan, creator, now);
        tx.insert(Tables.TEAMS, Codec.teamDocument(team));
        insertMember(tx, slug, creator, Role.ADMIN, now);
        return team;
    }

    static Member insertMember(Transaction tx, String team, String member, Role role, Instant now) {
        Member m = new Member(team, member, role, now);
        tx.insert(Tables.MEMBERSHIPS, Codec.memberDocument(m));
        return m;
    }

    static Optional<Value.Obj> teamDocument(Transaction tx, String slug) {
        return Store.first(tx, Tables.TEAMS, Tables.BY_SLUG, eq("slug", slug));
    }

    static Optional<Value.Obj> projectDocument(Transaction tx, String team, String slug) {
        return Store.first(tx, Tables.PROJECTS, Tables.BY_TEAM, eq("team", team), eq("slug", slug));
    }

    static Optional<Value.Obj> membership(Transaction tx, String team, String member) {
        return Store.first(tx, Tables.MEMBERSHIPS, Tables.BY_TEAM, eq("team", team), eq("member", member));
    }

    static Team requireTeam(Transaction tx, String slug) {
        return teamDocument(tx, slug)
                .map(Codec::team)
                .orElseThrow(() -> ControlPlaneException.notFound("No team named \"" + slug + "\""));
    }

    /** The team of an existing project, or {@code NotFound} naming the team or the project. */
    static Team requireProject(Transaction tx, String team, String project) {
        Team owner = requireTeam(tx, team);
        if (projectDocument(tx, team, project).isEmpty()) {
            throw ControlPlaneException.notFound("No project named \"" + project + "\" in team " + team);
        }
        return owner;
    }
}
