/**
 * Validators as {@code convex/values} exports them ({@code exportArgs}, {@code exportReturns}, a
 * schema's {@code documentType}), validation of values against them with errors that name the path,
 * and the schema model (tables, indexes, search and vector indexes) parsed from a schema export.
 *
 * <p>Public types: {@link dev.slipway.schema.Validator} (parse, write, validate), {@link
 * dev.slipway.schema.ValidationError} and {@link dev.slipway.schema.ValidationException} (what
 * failed, where), {@link dev.slipway.schema.TableResolver} (table numbers of IDs), {@link
 * dev.slipway.schema.Schema} (tables, indexes, document checks) and {@link
 * dev.slipway.schema.SchemaException} (a validator or schema that Convex would refuse). Everything
 * else is package-private.
 */
@NullMarked
package dev.slipway.schema;

import org.jspecify.annotations.NullMarked;
