package dev.slipway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * An app's {@code .env.local} in the dotenv format the frameworks read: {@code NAME=value} lines,
 * {@code #} comments, optional {@code export } and quotes. Slipway keeps its settings there
 * ({@code SLIPWAY_URL}, {@code SLIPWAY_DEPLOYMENT}, and the framework's URL variable), as {@code npx
 * convex} keeps {@code CONVEX_DEPLOYMENT}. Writing changes only the named variables and keeps every
 * other line as it was.
 */
final class EnvFile {
    /** The file name inside an app directory. */
    static final String NAME = ".env.local";

    private EnvFile() {}

    /** The variables of {@code file}; empty when it does not exist. */
    static SequencedMap<String, String> read(Path file) {
        SequencedMap<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            parse(lines.get(i)).ifPresent(entry -> values.put(entry.getKey(), entry.getValue()));
        }
        return values;
    }

    /**
     * Sets {@code changes} in {@code file}: a variable already there gets the new value on its line,
     * a new one is appended; the file is created when missing.
     */
    static void update(Path file, Map<String, String> changes) {
        List<String> lines = Files.isRegularFile(file) ? new ArrayList<>(lines(file)) : new ArrayList<>();
        Map<String, String> pending = new LinkedHashMap<>(changes);
        for (int i = 0; i < lines.size(); i++) {
            Optional<Map.Entry<String, String>> entry = parse(lines.get(i));
            if (entry.isPresent() && pending.containsKey(entry.get().getKey())) {
                String name = entry.get().getKey();
                lines.set(i, name + "=" + pending.remove(name));
            }
        }
        pending.forEach((name, value) -> lines.add(name + "=" + value));
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.failed("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.failed("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** One line as {@code name → value}, or empty for blank lines, comments and lines without {@code =}. */
    static Optional<Map.Entry<String, String>> parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Optional.empty();
        }
        if (trimmed.startsWith("export ")) {
            trimmed = trimmed.substring("export ".length()).stripLeading();
        }
        int eq = trimmed.indexOf('=');
        if (eq <= 0) {
            return Optional.empty();
        }
        String name = trimmed.substring(0, eq).strip();
        return Optional.of(Map.entry(name, value(trimmed.substring(eq + 1).strip())));
    }

    private static String value(String raw) {
        if (raw.length() >= 2) {
            char first = raw.charAt(0);
            if ((first == '"' || first == '\'') && raw.indexOf(first, 1) > 0) {
                return raw.substring(1, raw.indexOf(first, 1));
            }
        }
        int comment = raw.indexOf(" #");
        return comment >= 0 ? raw.substring(0, comment).strip() : raw;
    }
}
