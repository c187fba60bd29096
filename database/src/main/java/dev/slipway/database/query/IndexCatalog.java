package dev.slipway.database.query;

import java.util.Optional;

/** Finds the definitions of user indexes; the planner knows the built-in ones itself. */
@FunctionalInterface
public interface IndexCatalog {

    /** The database index named {@code name}, or empty when there is none. */
    Optional<IndexDefinition> find(IndexName name);
}
