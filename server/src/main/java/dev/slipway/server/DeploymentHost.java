package dev.slipway.server;

import java.util.List;

/**
 * Where the control plane's deployments get their data: the server's side of a deployment record.
 * The control plane decides which deployments exist ({@link ControlApi}, the sweeper of {@link
 * ControlPlaneHost}); this creates and deletes what each one has on this server (its store, code,
 * admin key and sessions), over the {@code DeploymentRegistry}.
 *
 * <p>The record comes first and the data follows: a deployment is created in the control plane and
 * then here, and deleted here before its record goes (see {@link
 * dev.slipway.control.DeploymentDataDeleter}). So both methods must be idempotent: {@link #create}
 * of a deployment that has its data does nothing, and {@link #delete} of one that has none does
 * nothing. That lets a start reconcile every record ({@link ControlPlaneHost#reconcile}) and a
 * sweep finish a deletion that failed half-way.
 */
interface DeploymentHost {
    /**
     * Gives deployment {@code name} its data and serves it; nothing when it already has it.
     *
     * @throws RuntimeException when the store cannot be created (nothing is left behind)
     */
    void create(String name);

    /**
     * Stops serving deployment {@code name} and deletes all its data; nothing when it has none.
     *
     * @throws RuntimeException when the data cannot be deleted; the record stays marked for deletion
     *     and the next sweep tries again
     */
    void delete(String name);

    /** The deployments this host has data for that the control plane manages (those {@link #create} made), by name. */
    List<String> managed();

    /**
     * Stops serving managed deployment {@code name}, keeping its data: the control plane has no record
     * of it (see {@link ControlPlaneHost#reconcile}). Nothing when it is not served.
     */
    void setAside(String name);
}
