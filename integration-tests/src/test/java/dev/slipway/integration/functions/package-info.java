/**
 * The function runtime end to end: the fixture app in {@code src/test/fixture-app}, bundled with the
 * real {@code convex} package, deployed into an {@link dev.slipway.application.Application} on a
 * real SQLite store and GraalJS, called directly and compared call by call with {@code convex-test}.
 */
@NullMarked
package dev.slipway.integration.functions;

import org.jspecify.annotations.NullMarked;
