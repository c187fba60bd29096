/**
 * Slipway's control plane: which teams, members, projects and deployments exist on a server, the
 * credentials that act on them, and the one rule table that decides every request.
 *
 * <p>{@link dev.slipway.control.ControlPlane} is the façade the server calls. It keeps its records as
 * documents in an internal {@link dev.slipway.database.Database} over a {@link
 * dev.slipway.persistence.Persistence} the caller opens ({@code <data>/control.sqlite3}, or the
 * PostgreSQL schema {@code slipway_control}), so every change is a serializable transaction on the
 * same engine as a deployment's data and uniqueness (deployment names, references, slugs) needs no
 * second storage technology. Its own schema is versioned from the first release: numbered migrations
 * run on open, and a store written by a newer Slipway is refused.
 *
 * <p>{@link dev.slipway.control.Authorizer} is the rule table: principal kind × {@link
 * dev.slipway.control.Action} → condition on the {@link dev.slipway.control.Resource}. The façade
 * applies it to every operation a principal asks for; the server applies it, through {@link
 * dev.slipway.control.ControlPlane#authorizeDeployment}, to every deployment admin request.
 *
 * <p>Secrets are shown once, when created, and stored only as SHA-256 hashes. Time comes from an
 * injected {@link java.time.Clock}, randomness from an injected {@link java.security.SecureRandom}.
 */
@NullMarked
package dev.slipway.control;

import org.jspecify.annotations.NullMarked;
