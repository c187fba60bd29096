package dev.slipway.database;

import dev.slipway.schema.Schema;

/**
 * The schema of a staged code version: while it is staged, every write to a user table must satisfy
 * it as well as the active schema, so promoting the version cannot fail on data written meanwhile.
 * Stored as the {@code _schemas} document with the fixed internal id {@link
 * SystemTables#STAGED_SCHEMA_ID} (see {@link ActiveSchema}); set with {@link
 * Transaction#setStagedSchema}, read with {@link Catalog#stagedSchema()}.
 *
 * @param schema the staged schema
 * @param label what names the staged version in error messages: its code version id (e.g. {@code
 *     3f2a9c01b7de})
 */
public record StagedSchema(Schema schema, String label) {
    /** @throws IllegalArgumentException when {@code label} is blank or holds a control character */
    public StagedSchema {
        if (label.isBlank() || label.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The label of a staged schema names the staged code version in error"
                    + " messages; it must be a non-blank string without control characters, got \""
                    + label.replaceAll("\\p{Cc}", "\uFFFD") + "\"");
        }
    }
}
