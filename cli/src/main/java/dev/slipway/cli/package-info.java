/**
 * The {@code slipway} command line. It has the shape of {@code npx convex} and talks to Slipway
 * servers over HTTP only, except {@code serve}, which runs the server in-process; picocli lives here
 * and nowhere else.
 *
 * <p>Every command that targets a deployment resolves it with {@link dev.slipway.cli.DeploymentTarget}
 * and talks to it through {@link dev.slipway.cli.AdminClient} (or, for {@code run --watch}, the sync
 * protocol); every failure is a {@link dev.slipway.cli.CliException} with one exit code per kind. The
 * app side — which files are modules ({@code App}), {@code _generated/} ({@code Codegen}), {@code tsc}
 * ({@code TypeCheck}) and esbuild from the app's own {@code node_modules} ({@code AppBundler}) — needs
 * Node.js and no server.
 */
@NullMarked
package dev.slipway.cli;

import org.jspecify.annotations.NullMarked;
