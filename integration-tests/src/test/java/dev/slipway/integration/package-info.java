/** Whole-codebase tests: architecture rules now; the server end to end as it lands. */
@NullMarked
package dev.slipway.integration;

import org.jspecify.annotations.NullMarked;
