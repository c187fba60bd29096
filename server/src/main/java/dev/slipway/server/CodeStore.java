package dev.slipway.server;

import dev.slipway.value.SlipwayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The last pushed code of a deployment, kept in {@code code.json} in the deployment's directory so a
 * restart serves it again. Written to a temporary file and moved into place, so a crash leaves the
 * old code or the new, never half of one.
 *
 * <p>Interim: code versions belong in the deployment's database (the application's deploy pipeline);
 * until they are there, this file is the record.
 */
final class CodeStore {
    private final Path file;

    CodeStore(Path deploymentDir) {
        this.file = deploymentDir.resolve("code.json");
    }

    /** The modules last saved, if any. */
    Optional<Map<String, String>> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonIn json = JsonIn.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            JsonIn modules = json.object("modules").orElseThrow(() -> corrupt("no `modules` object"));
            Map<String, String> result = new TreeMap<>();
            for (String name : modules.names()) {
                result.put(name, modules.string(name));
            }
            return Optional.of(result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved code " + file, e);
        } catch (ApiException e) {
            throw corrupt(String.valueOf(e.getMessage()));
        }
    }

    /** Replaces the saved code with {@code modules}. */
    void save(Map<String, String> modules) {
        String json = JsonOut.object(o -> o.objectField("modules", m -> {
            for (Map.Entry<String, String> module : new TreeMap<>(modules).entrySet()) {
                m.field(module.getKey(), module.getValue());
            }
        }));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("code.json.tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the pushed code to " + file, e);
        }
    }

    private SlipwayException corrupt(String why) {
        return new ServerException(
                ServerException.BAD_DATA_DIR, file + " is not a saved code file (" + why + "); push the code again");
    }
}
