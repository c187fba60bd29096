package dev.slipway.control;

/**
 * Deletes a deployment's data: its store (the SQLite file, or the PostgreSQL schema), code and
 * anything else the server keeps for it. The control plane calls it between marking the deployment
 * {@link DeploymentState#DELETING} and removing its record, so record and data go together: when
 * this throws, the record stays (marked deleting) and the next sweep tries again. It must therefore
 * be idempotent, and succeed when the data is already gone.
 */
@FunctionalInterface
public interface DeploymentDataDeleter {
    /** Deletes everything the server keeps for {@code deployment}; a no-op when there is nothing. */
    void deleteData(Deployment deployment);
}
