import { ConvexError, v } from "convex/values";
import { internalQuery, mutation, query } from "./_generated/server";
import { order, role, userDoc, userFields } from "./lib/validators";

export const create = mutation({
  args: userFields,
  returns: v.id("users"),
  handler: async (ctx, args) => {
    const taken = await ctx.db
      .query("users")
      .withIndex("by_email", (q) => q.eq("email", args.email))
      .unique();
    if (taken !== null) {
      throw new ConvexError({ code: "EMAIL_TAKEN", email: args.email });
    }
    return await ctx.db.insert("users", args);
  },
});

export const get = query({
  args: { id: v.id("users") },
  returns: v.union(userDoc, v.null()),
  handler: async (ctx, { id }) => {
    return await ctx.db.get(id);
  },
});

export const getByEmail = query({
  args: { email: v.string() },
  returns: v.union(userDoc, v.null()),
  handler: async (ctx, { email }) => {
    return await ctx.db
      .query("users")
      .withIndex("by_email", (q) => q.eq("email", email))
      .unique();
  },
});

/** Compound index: equality on the role, then an optional age range (gte/lte). */
export const listByRole = query({
  args: {
    role,
    minAge: v.optional(v.number()),
    maxAge: v.optional(v.number()),
    order: v.optional(order),
  },
  returns: v.array(v.object({ name: v.string(), age: v.number() })),
  handler: async (ctx, args) => {
    const users = await ctx.db
      .query("users")
      .withIndex("by_role_age", (q) => {
        const byRole = q.eq("role", args.role);
        if (args.minAge !== undefined && args.maxAge !== undefined) {
          return byRole.gte("age", args.minAge).lte("age", args.maxAge);
        }
        if (args.minAge !== undefined) {
          return byRole.gte("age", args.minAge);
        }
        if (args.maxAge !== undefined) {
          return byRole.lte("age", args.maxAge);
        }
        return byRole;
      })
      .order(args.order ?? "asc")
      .collect();
    return users.map((u) => ({ name: u.name, age: u.age }));
  },
});

/** Strict bounds (gt/lt) on the second field of the compound index, with take(). */
export const ageWindow = query({
  args: { role, above: v.number(), below: v.number(), limit: v.number() },
  returns: v.array(v.string()),
  handler: async (ctx, args) => {
    const users = await ctx.db
      .query("users")
      .withIndex("by_role_age", (q) => q.eq("role", args.role).gt("age", args.above).lt("age", args.below))
      .take(args.limit);
    return users.map((u) => u.email);
  },
});

/** An index on a nested field path. */
export const byCity = query({
  args: { city: v.string() },
  returns: v.array(v.string()),
  handler: async (ctx, { city }) => {
    const users = await ctx.db
      .query("users")
      .withIndex("by_city", (q) => q.eq("profile.location.city", city))
      .collect();
    return users.map((u) => u.email);
  },
});

/** An int64 index read in descending order. */
export const topKarma = query({
  args: { limit: v.number() },
  returns: v.array(v.object({ email: v.string(), karma: v.int64() })),
  handler: async (ctx, { limit }) => {
    const users = await ctx.db.query("users").withIndex("by_karma").order("desc").take(limit);
    return users.map((u) => ({ email: u.email, karma: u.karma }));
  },
});

/** Patch: set fields, and remove optional ones by patching them to undefined. */
export const update = mutation({
  args: {
    id: v.id("users"),
    name: v.optional(v.string()),
    bio: v.optional(v.string()),
    karmaDelta: v.optional(v.int64()),
    avatar: v.optional(v.union(v.bytes(), v.null())),
    extra: v.optional(v.any()),
    settings: v.optional(userFields.settings),
  },
  returns: userDoc,
  handler: async (ctx, args) => {
    const user = await ctx.db.get(args.id);
    if (user === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "users" });
    }
    await ctx.db.patch(args.id, {
      ...(args.name !== undefined ? { name: args.name } : {}),
      ...(args.bio !== undefined ? { profile: { ...user.profile, bio: args.bio } } : {}),
      ...(args.karmaDelta !== undefined ? { karma: user.karma + args.karmaDelta } : {}),
      // null means "remove the field": patching a field to undefined deletes it.
      ...(args.avatar !== undefined ? { avatar: args.avatar ?? undefined } : {}),
      ...(args.extra !== undefined ? { extra: args.extra === null ? undefined : args.extra } : {}),
      ...(args.settings !== undefined ? { settings: args.settings } : {}),
    });
    const updated = await ctx.db.get(args.id);
    return updated!;
  },
});

/** Replace: the whole document is swapped for a new one (system fields kept). */
export const replace = mutation({
  args: { id: v.id("users"), ...userFields },
  returns: userDoc,
  handler: async (ctx, { id, ...fields }) => {
    await ctx.db.replace(id, fields);
    return (await ctx.db.get(id))!;
  },
});

export const remove = mutation({
  args: { id: v.id("users") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    const user = await ctx.db.get(id);
    if (user === null) {
      throw new ConvexError({ code: "NOT_FOUND", table: "users" });
    }
    await ctx.db.delete(id);
    return null;
  },
});

const tableName = v.union(
  v.literal("users"),
  v.literal("channels"),
  v.literal("messages"),
  v.literal("tasks"),
);

/** db.normalizeId: an id string of the named table, or null. */
export const normalize = query({
  args: { table: tableName, id: v.string() },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { table, id }) => {
    return ctx.db.normalizeId(table, id);
  },
});

/** Counts with a full table scan, filtered on a boolean field. */
export const countActive = internalQuery({
  args: {},
  returns: v.object({ active: v.number(), inactive: v.number() }),
  handler: async (ctx) => {
    const active = await ctx.db
      .query("users")
      .filter((q) => q.eq(q.field("active"), true))
      .collect();
    const inactive = await ctx.db
      .query("users")
      .filter((q) => q.neq(q.field("active"), true))
      .collect();
    return { active: active.length, inactive: inactive.length };
  },
});
