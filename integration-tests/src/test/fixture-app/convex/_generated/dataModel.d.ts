/* eslint-disable */
/**
 * The app's data model, derived from convex/schema.ts, as `npx convex codegen` (convex 1.48) lays
 * it out. Written by hand for the Slipway fixture app.
 * @module
 */
import type {
  DataModelFromSchemaDefinition,
  DocumentByName,
  TableNamesInDataModel,
  SystemTableNames,
} from "convex/server";
import type { GenericId } from "convex/values";
import schema from "../schema.js";

/** The names of the app's tables. */
export type TableNames = TableNamesInDataModel<DataModel>;

/** A stored document of one table, system fields included. */
export type Doc<TableName extends TableNames> = DocumentByName<DataModel, TableName>;

/** The id of a document of one table; a string at run time. */
export type Id<TableName extends TableNames | SystemTableNames> = GenericId<TableName>;

/** Tables, document types and indexes of the app, for the typed builders in server.js. */
export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
