/* eslint-disable */
/**
 * Types of the references in api.js. Lists every module of the app except schema.ts, in path order.
 * Written by hand for the Slipway fixture app.
 * @module
 */
import type { AnyComponents, ApiFromModules, FilterApi, FunctionReference } from "convex/server";
import type * as actions from "../actions.js";
import type * as admin_stats from "../admin/stats.js";
import type * as channels from "../channels.js";
import type * as crons from "../crons.js";
import type * as http from "../http.js";
import type * as lib_validators from "../lib/validators.js";
import type * as messages from "../messages.js";
import type * as misc from "../misc.js";
import type * as tasks from "../tasks.js";
import type * as users from "../users.js";

declare const fullApi: ApiFromModules<{
  actions: typeof actions;
  "admin/stats": typeof admin_stats;
  channels: typeof channels;
  crons: typeof crons;
  http: typeof http;
  "lib/validators": typeof lib_validators;
  messages: typeof messages;
  misc: typeof misc;
  tasks: typeof tasks;
  users: typeof users;
}>;

/** References to the public functions. */
export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;

/** References to the internal functions. */
export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;

/** References to installed components (this app has none). */
export declare const components: AnyComponents;
