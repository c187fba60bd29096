/* eslint-disable */
/**
 * Builders for this app's server functions, as `npx convex codegen` (convex 1.48) lays them out.
 * Written by hand for the Slipway fixture app; keep it in the generated shape.
 * @module
 */
import {
  actionGeneric,
  httpActionGeneric,
  queryGeneric,
  mutationGeneric,
  internalActionGeneric,
  internalMutationGeneric,
  internalQueryGeneric,
} from "convex/server";

/** A query clients may call; it reads the database. */
export const query = queryGeneric;

/** A query only other functions (and admins) may call. */
export const internalQuery = internalQueryGeneric;

/** A mutation clients may call; it reads and writes the database in one transaction. */
export const mutation = mutationGeneric;

/** A mutation only other functions (and admins) may call. */
export const internalMutation = internalMutationGeneric;

/** An action clients may call; it may do anything, and reaches the database through ctx.run*. */
export const action = actionGeneric;

/** An action only other functions (and admins) may call. */
export const internalAction = internalActionGeneric;

/** An HTTP action: a Request in, a Response out; route it in convex/http.ts. */
export const httpAction = httpActionGeneric;

/** The deployment's environment variables (codegen 1.48 emits this export at module top level). */
export const env = process.env;
