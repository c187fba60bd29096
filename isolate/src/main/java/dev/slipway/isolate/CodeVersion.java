package dev.slipway.isolate;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A bundled code version loaded into a {@link JsRuntime} by {@link JsRuntime#load}: the ES modules of
 * one deployment's functions directory, by path ({@code "messages.js"}, {@code "_deps/abc.js"}).
 * Contexts are pooled per version; two versions with the same id but different modules never share
 * one. Immutable and thread-safe.
 */
public final class CodeVersion {
    private final JsRuntime owner;
    private final String deployment;
    private final String versionId;
    private final SortedMap<String, String> modules;
    private final String contentHash;
    private final long importTimeMillis;
    private final ModuleFileSystem fileSystem;

    CodeVersion(
            JsRuntime owner,
            String deployment,
            String versionId,
            SortedMap<String, String> modules,
            String contentHash,
            long importTimeMillis) {
        this.owner = owner;
        this.deployment = deployment;
        this.versionId = versionId;
        this.modules = Collections.unmodifiableSortedMap(modules);
        this.contentHash = contentHash;
        this.importTimeMillis = importTimeMillis;
        this.fileSystem = new ModuleFileSystem(modules);
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

    /** The pool key: deployment, version id and content. */
    String key() {
        return deployment + "\u0000" + versionId + "\u0000" + contentHash;
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
                + contentHash.substring(0, 12) + "]";
    }
}
