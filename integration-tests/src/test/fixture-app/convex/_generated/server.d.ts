/* eslint-disable */
/**
 * Types of the builders in server.js, as `npx convex codegen` (convex 1.48) lays them out.
 * Written by hand for the Slipway fixture app.
 * @module
 */
import {
  ActionBuilder,
  HttpActionBuilder,
  MutationBuilder,
  QueryBuilder,
  GenericActionCtx,
  GenericMutationCtx,
  GenericQueryCtx,
  GenericDatabaseReader,
  GenericDatabaseWriter,
} from "convex/server";
import type { DataModel } from "./dataModel.js";

/** A query clients may call; it reads the database. */
export declare const query: QueryBuilder<DataModel, "public">;

/** A query only other functions (and admins) may call. */
export declare const internalQuery: QueryBuilder<DataModel, "internal">;

/** A mutation clients may call; it reads and writes the database in one transaction. */
export declare const mutation: MutationBuilder<DataModel, "public">;

/** A mutation only other functions (and admins) may call. */
export declare const internalMutation: MutationBuilder<DataModel, "internal">;

/** An action clients may call. */
export declare const action: ActionBuilder<DataModel, "public">;

/** An action only other functions (and admins) may call. */
export declare const internalAction: ActionBuilder<DataModel, "internal">;

/** An HTTP action; route it in convex/http.ts. */
export declare const httpAction: HttpActionBuilder;

/** The deployment's environment variables. */
export declare const env: Record<string, string | undefined>;

/** What a query handler receives as `ctx`. */
export type QueryCtx = GenericQueryCtx<DataModel>;

/** What a mutation handler receives as `ctx`. */
export type MutationCtx = GenericMutationCtx<DataModel>;

/** What an action handler receives as `ctx`. */
export type ActionCtx = GenericActionCtx<DataModel>;

/** `ctx.db` in a query. */
export type DatabaseReader = GenericDatabaseReader<DataModel>;

/** `ctx.db` in a mutation. */
export type DatabaseWriter = GenericDatabaseWriter<DataModel>;
