/**
 * A deployment's functions on top of its {@link dev.slipway.database.Database} and the shared
 * {@link dev.slipway.isolate.JsRuntime}: the deployed code version and what analysis found in it,
 * function execution (argument and return validation, visibility, OCC retries of mutations, actions
 * with their own transactions), and the syscalls through which functions reach the database.
 */
@NullMarked
package dev.slipway.application;

import org.jspecify.annotations.NullMarked;
