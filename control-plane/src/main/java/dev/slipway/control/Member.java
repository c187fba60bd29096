package dev.slipway.control;

import java.time.Instant;

/**
 * A member's place in one team. A member is a named user: the same name may belong to several
 * teams, one member token reaches all of them (with the role of each), and the name is what the
 * member's own dev deployment is called after ({@code dev/<name>}).
 *
 * @param team the team's slug
 * @param name the member's name (1–40 lowercase letters, digits and {@code -})
 * @param role their role in this team
 * @param addedAt when they joined it
 */
public record Member(String team, String name, Role role, Instant addedAt) {}
