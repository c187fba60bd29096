package dev.slipway.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The saved login of {@code slipway login}: the server, the member token, and the team and project
 * the control-plane commands work in unless told otherwise ({@code --team}, {@code --project},
 * {@code deployment select team:project:REF}).
 *
 * <p>It lives in {@code $SLIPWAY_CONFIG_DIR/config.json}, by default {@code ~/.slipway/config.json};
 * the directory is made mode 700 and the file mode 600, since the token reaches everything its
 * member may do. The file is replaced atomically, so a crash never leaves half a login.
 *
 * @param url the server's root URL, {@code http://127.0.0.1:3210}
 * @param token the member token (or the owner token)
 * @param member who the token stands for, for messages ({@code alice}, {@code owner})
 * @param team the selected team's slug
 * @param project the selected project's slug (in {@code team})
 */
record MemberConfig(String url, String token, String member, Optional<String> team, Optional<String> project) {
    /** The environment variable naming the configuration directory. */
    static final String DIR_VAR = "SLIPWAY_CONFIG_DIR";
    /** The file in that directory. */
    static final String FILE = "config.json";

    @Override
    public String toString() {
        return "MemberConfig[url=" + url + ", member=" + member + ", team=" + team + ", project=" + project + "]";
    }

    /**
     * A server's root URL as {@code login --url} takes it: {@code http(s)://host[:port]}, a trailing
     * slash dropped.
     *
     * @throws CliException (usage) for anything else, such as a deployment URL {@code .../d/<name>}
     */
    static String serverUrl(String url) {
        String example = "e.g. http://127.0.0.1:3210, what `slipway serve` listens on";
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw CliException.usage("--url " + url + " is malformed: " + e.getReason() + "; " + example);
        }
        String path = Optional.ofNullable(uri.getRawPath()).orElse("");
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getRawAuthority() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw CliException.usage("--url " + url + " is not a server URL: expected http(s)://host:port, " + example);
        }
        if (!path.isEmpty() && !path.equals("/")) {
            throw CliException.usage("--url " + url + " has a path (" + path + "); login takes the server's URL without"
                    + " one, " + example + " (deployment URLs /d/<name> are chosen by `slipway deployment select`)");
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The configuration directory: {@code $SLIPWAY_CONFIG_DIR}, else {@code $HOME/.slipway}. */
    static Path dir(Map<String, String> env) {
        String configured = env.get(DIR_VAR);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        String home = Optional.ofNullable(env.get("HOME"))
                .filter(h -> !h.isBlank())
                .orElseGet(() -> System.getProperty("user.home"));
        return Path.of(home, ".slipway").toAbsolutePath().normalize();
    }

    /** The configuration file. */
    static Path file(Map<String, String> env) {
        return dir(env).resolve(FILE);
    }

    /**
     * The saved login, if any.
     *
     * @throws CliException (failed) when the file exists but is not a login, naming the file and the
     *     field
     */
    static Optional<MemberConfig> load(Map<String, String> env) {
        Path file = file(env);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Json json;
        try {
            json = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CliException.failed("cannot read the login in " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw CliException.failed(
                    "the login in " + file + " is not JSON (" + e.getMessage() + "); log in again to replace it");
        }
        return Optional.of(new MemberConfig(
                required(json, "url", file),
                required(json, "token", file),
                required(json, "member", file),
                json.string("team"),
                json.string("project")));
    }

    /**
     * The saved login.
     *
     * @throws CliException (usage) when there is none, saying how to log in
     */
    static MemberConfig require(Map<String, String> env) {
        return load(env)
                .orElseThrow(() -> CliException.usage("not logged in: run `slipway login --url http://127.0.0.1:3210"
                        + " --token <member token>` first (the owner token is in <data>/owner.token of `slipway"
                        + " serve`; looked for " + file(env) + ")"));
    }

    private static String required(Json json, String field, Path file) {
        return json.string(field)
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> CliException.failed(
                        "the login in " + file + " has no string field \"" + field + "\"; log in again to replace it"));
    }

    /** This login working in {@code newTeam}, with no project selected. */
    MemberConfig withTeam(String newTeam) {
        return new MemberConfig(url, token, member, Optional.of(newTeam), Optional.empty());
    }

    /** This login working in project {@code newTeam/newProject}. */
    MemberConfig withProject(String newTeam, String newProject) {
        return new MemberConfig(url, token, member, Optional.of(newTeam), Optional.of(newProject));
    }

    /**
     * The team to work in: {@code option} ({@code --team}), else the selected one.
     *
     * @throws CliException (usage) when neither names one
     */
    String team(Optional<String> option) {
        return option.or(this::team)
                .orElseThrow(() -> CliException.usage("no team selected: pass --team TEAM (see `slipway team list`)"));
    }

    /**
     * The project to work in: {@code option} ({@code --project}), else the selected one when the team is
     * the selected team.
     *
     * @throws CliException (usage) when neither names one
     */
    String project(Optional<String> teamOption, Optional<String> option) {
        if (option.isPresent()) {
            return option.get();
        }
        boolean sameTeam = teamOption.isEmpty() || teamOption.equals(team);
        return project.filter(p -> sameTeam)
                .orElseThrow(() -> CliException.usage("no project selected"
                        + teamOption.map(t -> " in team " + t).orElse("")
                        + ": pass --project PROJECT, or create one with `slipway project create NAME` (see `slipway"
                        + " project list`)"));
    }

    /** Writes the login to {@link #file}, mode 600 in a directory of mode 700, replacing any earlier one. */
    void save(Map<String, String> env) {
        Path dir = dir(env);
        Path file = dir.resolve(FILE);
        Json.Obj json = Json.object().put("url", url).put("token", token).put("member", member);
        if (team.isPresent()) {
            json = json.put("team", team.get());
        }
        if (project.isPresent()) {
            json = json.put("project", project.get());
        }
        Path temporary = dir.resolve(FILE + ".tmp");
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(dir);
                }
            }
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(
                        temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, json.pretty() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CliException.failed("cannot save the login to " + file + ": " + e.getMessage());
        }
    }

    /**
     * Deletes the saved login.
     *
     * @return whether there was one
     */
    static boolean delete(Map<String, String> env) {
        Path file = file(env);
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw CliException.failed("cannot delete the login " + file + ": " + e.getMessage());
        }
    }
}
