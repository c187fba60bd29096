package dev.slipway.isolate;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bundled code version loaded into a {@link JsRuntime} by {@link JsRuntime#load}: the ES modules of
 * one deployment's functions directory, by path ({@code "messages.js"}, {@code "_deps/abc.js"}), and
 * the environment variables {@code process.env} shows to them.
 *
 * <p>Contexts are pooled per version; two versions with the same id but different modules never share
 * one. The environment is part of a version because module top-level code may read {@code
 * process.env} once, at import: a context imported with one environment must never serve a call made
 * under another. {@link #withEnvironment} therefore gives a new version (same modules, its own pool of
 * contexts); changing the environment costs the next calls a fresh import, as a push does. Immutable
 * and thread-safe.
 */
public final class CodeVersion {
    private final JsRuntime owner;
    private final String deployment;
    private final String versionId;
    private final SortedMap<String, String> modules;
    private final String contentHash;
    private final long importTimeMillis;
    private final ModuleFileSystem fileSystem;
    private final SortedMap<String, String> environment;
    private final String environmentHash;

    CodeVersion(
            JsRuntime owner,
            String deployment,
            String versionId,
            SortedMap<String, String> modules,
            String contentHash,
            long importTimeMillis,
            SortedMap<String, String> environment) {
        this(
                owner,
                deployment,
                versionId,
                Collections.unmodifiableSortedMap(modules),
                contentHash,
                importTimeMillis,
                new ModuleFileSystem(modules),
                environment);
    }

    private CodeVersion(
            JsRuntime owner,
            String deployment,
            String versionId,
            SortedMap<String, String> modules,
            String contentHash,
            long importTimeMillis,
            ModuleFileSystem fileSystem,
            SortedMap<String, String> environment) {
        this.owner = owner;
        this.deployment = deployment;
        this.versionId = versionId;
        this.modules = modules;
        this.contentHash = contentHash;
        this.importTimeMillis = importTimeMillis;
        this.fileSystem = fileSystem;
        this.environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
        this.environmentHash = JsRuntime.hash(this.environment);
    }

    /**
     * This code with {@code environment} for {@code process.env}: this version itself when the
     * environment is the same, else a new version sharing the modules, with contexts of its own and
     * the import time of now.
     */
    public CodeVersion withEnvironment(Map<String, String> environment) {
        if (this.environment.equals(environment)) {
            return this;
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        environment.forEach(
                (name, value) -> sorted.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name)));
        return new CodeVersion(
                owner,
                deployment,
                versionId,
                modules,
                contentHash,
                owner.options().clock().millis(),
                fileSystem,
                sorted);
    }

    /** The environment variables {@code process.env} shows, at import and in every call; sorted by name. */
    public Map<String, String> environment() {
        return environment;
    }

    public String deployment() {
        return deployment;
    }

    public String versionId() {
        return versionId;
    }

    /** Module path to source, sorted by path. */
    public Map<String, String> modules() {
        return modules;
    }

    /** SHA-256 (hex) over every module's path and source: equal hashes, equal code. */
    public String contentHash() {
        return contentHash;
    }

    /**
     * The frozen time module top-level code sees ({@code Date.now()} at import), fixed when the version
     * was loaded so every context of the version imports alike.
     */
    long importTimeMillis() {
        return importTimeMillis;
    }

    /** The seed of {@code Math.random} at import time, derived from the content. */
    long importSeed() {
        return Long.parseUnsignedLong(contentHash.substring(0, 15), 16);
    }

    JsRuntime owner() {
        return owner;
    }

    ModuleFileSystem fileSystem() {
        return fileSystem;
    }

    /** The pool key: deployment, version id, content and environment. */
    String key() {
        return deployment + "\u0000" + versionId + "\u0000" + contentHash + "\u0000" + environmentHash;
    }

    boolean hasModule(String path) {
        return modules.containsKey(path);
    }

    String source(String path) {
        return Objects.requireNonNull(modules.get(path), path);
    }

    @Override
    public String toString() {
        return "CodeVersion[" + deployment + "/" + versionId + ", " + modules.size() + " modules, "
                + contentHash.substring(0, 12) + ", " + environment.size() + " environment variables]";
    }
}
