/**
 * The {@code slipway} command line. It has the shape of {@code npx convex} and talks to Slipway
 * servers over HTTP only; picocli lives here and nowhere else.
 */
@NullMarked
package dev.slipway.cli;

import org.jspecify.annotations.NullMarked;
