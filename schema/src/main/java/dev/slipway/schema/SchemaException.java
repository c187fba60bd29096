package dev.slipway.schema;

import dev.slipway.value.SlipwayException;

/**
 * A validator or a schema definition is not acceptable: its JSON is malformed or breaks a rule that
 * Convex enforces when a schema is pushed or a function is analyzed. The message names the JSON path
 * (for malformed JSON) or the table, index and field (for broken rules).
 *
 * <p>The {@link #code()} is the stable code Convex uses for the same problem where there is one:
 *
 * <ul>
 *   <li>validators: {@code InvalidRecordType};
 *   <li>tables: {@code InvalidTableName}, {@code TableNameReserved}, {@code
 *       InvalidTopLevelTypeInSchemaError}, {@code TooManyIndexes};
 *   <li>index names: {@code InvalidIndexName}, {@code IndexNameReserved}, {@code
 *       IndexNamesNotUnique};
 *   <li>index fields: {@code InvalidIndexField}, {@code EmptyIndex}, {@code IndexTooManyFields},
 *       {@code IndexFieldsContainId}, {@code IndexFieldsContainCreationTime}, {@code
 *       IndexFieldNameReserved}, {@code FieldsNotUniqueWithinIndex}, {@code IndexNotUnique};
 *   <li>search and vector indexes: {@code IndexTooManyFilterFields}, {@code
 *       SearchIndexFieldNotUnique}, {@code VectorIndexFieldNotUnique}, {@code
 *       InvalidVectorDimensionError};
 *   <li>index references with schema validation on: {@code SchemaDefinitionError}.
 * </ul>
 *
 * <p>Codes of Slipway's own: {@link #INVALID_VALIDATOR}, {@link #INVALID_SCHEMA} (malformed JSON,
 * and validator rules Convex reports without a code), and {@code DuplicateTableName}.
 */
public final class SchemaException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** Validator JSON that is malformed or has an unknown shape. */
    public static final String INVALID_VALIDATOR = "InvalidValidator";
    /** Schema JSON that is malformed or has an unknown shape. */
    public static final String INVALID_SCHEMA = "InvalidSchema";

    public SchemaException(String code, String message) {
        super(code, message);
    }

    public SchemaException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
