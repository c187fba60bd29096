package dev.slipway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The record of which deployments a server has, kept in {@code <data>/deployments.json} so a restart
 * opens the same ones:
 *
 * <pre>{@code
 * {"deployments": [{"name": "default", "state": "active", "adminKeyFile": "admin.key", "managed": false},
 *                  {"name": "brave-otter-123", "state": "active", "adminKeyFile": "deployments/brave-otter-123/admin.key",
 *                   "managed": true}, ...]}
 * }</pre>
 *
 * A creation is recorded as {@code creating} before anything is made and a deletion as {@code
 * deleting} before anything is removed, so a crash in the middle leaves a mark that the next start
 * finishes (see {@link DeploymentRegistry}). The file is rewritten whole through a temporary file
 * and an atomic move, so it is always the old record or the new one. Not thread-safe: the registry
 * serializes changes.
 *
 * <p>The file records which deployments have data on this server, not which deployments exist: for
 * a {@code managed} deployment the control plane is the source of truth ({@link
 * ControlPlaneHost#reconcile} makes this file agree with it at every start), and the unmanaged ones
 * (the legacy {@code default} with {@code <data>/admin.key}, and those made through {@link
 * SlipwayServer#createDeployment}) exist only here. A file written before the control plane existed
 * has no {@code managed} field: its deployments are unmanaged. Only this class knows the file.
 */
final class DeploymentList {
    /** Where a deployment is in its life. */
    enum State {
        CREATING,
        ACTIVE,
        DELETING
    }

    /**
     * One deployment.
     *
     * @param adminKeyFile its admin key's file, relative to the data directory
     * @param managed whether the control plane manages it (decides that it exists, and who reaches it)
     */
    record Entry(String name, State state, String adminKeyFile, boolean managed) {
        /** The same entry in another state. */
        Entry in(State newState) {
            return new Entry(name, newState, adminKeyFile, managed);
        }
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private DeploymentList(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** The list in {@code file}; empty when the file does not exist yet (see {@link #exists}). */
    static DeploymentList load(Path file) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                JsonIn json = JsonIn.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
                for (String raw : json.array("deployments")) {
                    JsonIn entry = JsonIn.parse(raw, "a deployment in " + file);
                    String name = entry.string("name");
                    State state = State.valueOf(entry.string("state").toUpperCase(Locale.ROOT));
                    boolean managed = entry.raw("managed")
                            .map(String::strip)
                            .orElse("false")
                            .equals("true");
                    entries.put(name, new Entry(name, state, entry.string("adminKeyFile"), managed));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the list of deployments " + file, e);
            } catch (ApiException | IllegalArgumentException e) {
                throw new ServerException(
                        ServerException.BAD_DATA_DIR,
                        file + " is not a list of deployments (" + e.getMessage()
                                + "); restore it from a backup, or remove it to start over with an empty server");
            }
        }
        return new DeploymentList(file, entries);
    }

    /** Whether the file exists (false on a server's first start). */
    boolean exists() {
        return Files.exists(file);
    }

    Optional<Entry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Adds or replaces {@code entry} and saves the file. */
    void put(Entry entry) {
        entries.put(entry.name(), entry);
        save();
    }

    /** Removes {@code name} and saves the file. */
    void remove(String name) {
        entries.remove(name);
        save();
    }

    /** Writes the file (also when the list is empty: it records that the first start happened). */
    void save() {
        String json = JsonOut.object(o -> o.arrayField(
                "deployments",
                a -> entries.values()
                        .forEach(e -> a.objectElement(d -> d.field("name", e.name())
                                .field("state", e.state().name().toLowerCase(Locale.ROOT))
                                .field("adminKeyFile", e.adminKeyFile())
                                .field("managed", e.managed())))));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the list of deployments to " + file, e);
        }
    }
}
