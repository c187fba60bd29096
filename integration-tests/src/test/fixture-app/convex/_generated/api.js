/* eslint-disable */
/**
 * References to this app's functions (`api.messages.send`, `internal.admin.stats.tableCounts`),
 * as `npx convex codegen` (convex 1.48) lays them out. Written by hand for the Slipway fixture app.
 * @module
 */
import { anyApi, componentsGeneric } from "convex/server";

/** References to the public functions. */
export const api = anyApi;

/** References to the internal functions. */
export const internal = anyApi;

/** References to installed components (this app has none). */
export const components = componentsGeneric();
