/**
 * The {@code slipway} command line. It has the shape of {@code npx convex} and talks to Slipway
 * servers over HTTP only, except {@code serve}, which runs the server in-process; picocli lives here
 * and nowhere else.
 */
@NullMarked
package dev.slipway.cli;

import org.jspecify.annotations.NullMarked;
