package dev.slipway.database.query;

import dev.slipway.value.Value;
import java.util.Optional;

/** One filter of a search-index query ({@code q.search("body", "hello").eq("channel", "a")}). */
public sealed interface SearchFilter {

    /** The field searched. */
    FieldPath fieldPath();

    /** Full-text search of {@code query} in the index's search field. */
    record Search(FieldPath fieldPath, String query) implements SearchFilter {}

    /** Equality on one of the index's filter fields; an empty value means {@code undefined}. */
    record Eq(FieldPath fieldPath, Optional<Value> value) implements SearchFilter {}
}
