/**
 * Crash tests at the database level: a child JVM commits transactions until it is killed with
 * SIGKILL, and the test checks what the reopened store holds.
 */
@NullMarked
package dev.slipway.integration.crash;

import org.jspecify.annotations.NullMarked;
