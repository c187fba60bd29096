package dev.slipway.application;

import dev.slipway.database.Database;
import dev.slipway.database.MutationRunner;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.Visibility;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.schema.Schema;
import dev.slipway.schema.Validator;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Code versions in the deployment's own database, so a restart (or another node) serves the current
 * version without any file of its own, and the switch to a new version commits together with its
 * schema and indexes.
 *
 * <p>Storage.
 *
 * <ul>
 *   <li>{@code _code_versions}: one document per version: {@code versionId}, {@code contentHash} (all
 *       of SHA-256 over the modules), {@code state} ({@code current}, {@code staged}, {@code retired}),
 *       {@code createdAt} (ms), {@code currentSince} (ms, when it last became current), {@code stagedAt}
 *       (ms, when it was last staged), {@code retiredAt} (ms, while retired: when it stopped being
 *       current or staged, from which its pinned URL is served for the retention of {@link
 *       PinnedVersions}), optional {@code
 *       author} and {@code git: {commit?, branch?}}, the API
 *       spec {@code functions: [{module, export, kind, visibility, args, returns?}]} (validators as
 *       their JSON text), optional {@code schema} (JSON text), {@code httpRouter}, and {@code modules:
 *       [{path, hash, bytes, chunks}]}. Indexes {@code by_version_id} and {@code by_state}.
 *   <li>{@code _modules}: module sources, content-addressed: {@code {hash, chunk, source}} where
 *       {@code hash} is SHA-256 (hex) of the source and a source longer than {@value #CHUNK_BYTES}
 *       bytes of UTF-8 is split into chunks (documents are at most 1 MiB). A module unchanged between
 *       versions is stored once. Index {@code by_hash} on {@code [hash, chunk]}.
 * </ul>
 *
 * <p>A version's modules are written before the switch, in transactions of at most {@value
 * #BATCH_BYTES} bytes (a large bundle would exceed one transaction's write limit); modules of a push
 * that then fails stay, unreferenced and harmless, and a later push of the same content reuses them.
 * The version document is written in the switch transaction.
 */
final class CodeVersions {
    static final String TABLE = "_code_versions";
    static final String MODULES = "_modules";
    static final String BY_VERSION_ID = "by_version_id";
    static final String BY_STATE = "by_state";
    static final String BY_HASH = "by_hash";
    /** When a version last became current (ms); absent on a version that never was. */
    static final String CURRENT_SINCE = "currentSince";
    /** When a version was last staged (ms). */
    static final String STAGED_AT = "stagedAt";
    /** Most UTF-8 bytes of source in one {@code _modules} document. */
    static final int CHUNK_BYTES = 512 * 1024;
    /** Most bytes of module chunks written in one transaction. */
    static final int BATCH_BYTES = 4 << 20;

    private CodeVersions() {}

    /** The indexes of {@code _code_versions} and {@code _modules}. */
    static List<SystemIndexes.Spec> indexes() {
        return List.of(
                new SystemIndexes.Spec(TABLE, BY_VERSION_ID, List.of("versionId")),
                new SystemIndexes.Spec(TABLE, BY_STATE, List.of("state")),
                new SystemIndexes.Spec(MODULES, BY_HASH, List.of("hash", "chunk")));
    }

    /**
     * A version about to be stored.
     *
     * @param versionId the short id
     * @param contentHash SHA-256 (hex) over the module paths and sources
     * @param modules module path to source
     * @param functions the API spec
     */
    record NewVersion(
            String versionId,
            String contentHash,
            Map<String, String> modules,
            Map<FunctionPath, FunctionSpec> functions,
            Optional<Schema> schema,
            boolean httpRouter,
            Optional<String> author,
            Optional<PushRequest.GitInfo> git) {}

    /**
     * A stored version's code, enough to serve it again.
     *
     * @param retiredAtMillis when it stopped being current, while it is retired
     */
    record Stored(
            String versionId,
            CodeVersionInfo.State state,
            Optional<Long> retiredAtMillis,
            Map<String, String> modules,
            Map<FunctionPath, FunctionSpec> functions,
            Optional<Schema> schema,
            boolean httpRouter) {}

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Stores every module source of {@code modules} that is not stored yet, in batches of their own
     * transactions.
     */
    static void storeModules(Database db, MutationRunner runner, Map<String, String> modules) {
        Set<String> seen = new HashSet<>();
        List<Value.Obj> batch = new ArrayList<>();
        long batchBytes = 0;
        for (String source : new TreeMap<>(modules).values()) {
            String hash = sha256(source);
            List<String> chunks = chunks(source);
            if (!seen.add(hash) || stored(db, hash, chunks.size())) {
                continue;
            }
            for (int i = 0; i < chunks.size(); i++) {
                long bytes = chunks.get(i).getBytes(StandardCharsets.UTF_8).length;
                if (!batch.isEmpty() && batchBytes + bytes > BATCH_BYTES) {
                    insertAll(runner, batch);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
                batch.add(Value.Obj.of(Map.of(
                        "hash", new Value.Str(hash),
                        "chunk", new Value.Int64(i),
                        "source", new Value.Str(chunks.get(i)))));
                batchBytes += bytes;
            }
        }
        if (!batch.isEmpty()) {
            insertAll(runner, batch);
        }
    }

    private static void insertAll(MutationRunner runner, List<Value.Obj> docs) {
        runner.runSystem(tx -> {
            docs.forEach(doc -> tx.insert(MODULES, doc));
            return docs.size();
        });
    }

    /** Whether the last chunk of the source with {@code hash} is stored (chunks are written in order). */
    private static boolean stored(Database db, String hash, int chunks) {
        Transaction tx = db.begin();
        try {
            return chunk(tx, hash, chunks - 1).isPresent();
        } finally {
            tx.abort();
        }
    }

    /**
     * In the switch transaction: makes {@code version} current (storing its document, or marking the
     * stored one current again), and retires the version that was current and any staged one (a push
     * supersedes a staged version; promoting makes the staged version itself current).
     *
     * @throws ApplicationException when a stored version has the same short id but other modules
     */
    static void makeCurrent(Transaction tx, NewVersion version, long nowMillis) {
        retireOthers(tx, version.versionId(), CodeVersionInfo.State.CURRENT, nowMillis);
        retireOthers(tx, version.versionId(), CodeVersionInfo.State.STAGED, nowMillis);
        Optional<Value.Obj> existing = sameContent(tx, version);
        Map<String, Optional<Value>> current = new LinkedHashMap<>();
        current.put("state", Optional.of(state(CodeVersionInfo.State.CURRENT)));
        current.put("retiredAt", Optional.empty());
        current.put(CURRENT_SINCE, Optional.of(new Value.Float64(nowMillis)));
        if (existing.isPresent()) {
            tx.patch(id(existing.get()), current);
            return;
        }
        tx.insert(TABLE, document(version, nowMillis, CodeVersionInfo.State.CURRENT, CURRENT_SINCE));
    }

    /**
     * In the stage transaction: stores {@code version} as the staged version (or marks the stored one
     * staged again), retiring a version staged before it (which stays pinned for the retention, like
     * any retired version).
     *
     * @throws ApplicationException when the version is the current one, or a stored version has the
     *     same short id but other modules
     */
    static void stage(Transaction tx, NewVersion version, long nowMillis) {
        Optional<Value.Obj> existing = sameContent(tx, version);
        if (existing.isPresent() && state(existing.get()) == CodeVersionInfo.State.CURRENT) {
            throw new ApplicationException(
                    ApplicationException.ALREADY_CURRENT,
                    "Code version " + version.versionId() + " is already current; there is nothing to stage");
        }
        retireOthers(tx, version.versionId(), CodeVersionInfo.State.STAGED, nowMillis);
        if (existing.isPresent()) {
            Map<String, Optional<Value>> staged = new LinkedHashMap<>();
            staged.put("state", Optional.of(state(CodeVersionInfo.State.STAGED)));
            staged.put("retiredAt", Optional.empty());
            staged.put(STAGED_AT, Optional.of(new Value.Float64(nowMillis)));
            tx.patch(id(existing.get()), staged);
            return;
        }
        tx.insert(TABLE, document(version, nowMillis, CodeVersionInfo.State.STAGED, STAGED_AT));
    }

    /** Retires every version in {@code state} but {@code keep}, as of {@code nowMillis}. */
    private static void retireOthers(Transaction tx, String keep, CodeVersionInfo.State state, long nowMillis) {
        for (Value.Obj doc : byState(tx, state)) {
            if (!string(doc, "versionId").equals(keep)) {
                tx.patch(
                        id(doc),
                        Map.of(
                                "state",
                                Optional.of(state(CodeVersionInfo.State.RETIRED)),
                                "retiredAt",
                                Optional.of(new Value.Float64(nowMillis))));
            }
        }
    }

    /** The stored document of {@code version}'s id, checked to hold the same modules. */
    private static Optional<Value.Obj> sameContent(Transaction tx, NewVersion version) {
        Optional<Value.Obj> existing = byVersionId(tx, version.versionId());
        if (existing.isPresent() && !string(existing.get(), "contentHash").equals(version.contentHash())) {
            throw new ApplicationException(
                    ApplicationException.INVALID_MODULES,
                    "Invalid code push: version id " + version.versionId() + " is already taken by other"
                            + " modules (a collision of the short hash); change any module and push again");
        }
        return existing;
    }

    private static Value.Obj document(NewVersion version, long nowMillis, CodeVersionInfo.State state, String since) {
        Map<String, Value> doc = new LinkedHashMap<>();
        doc.put("versionId", new Value.Str(version.versionId()));
        doc.put("contentHash", new Value.Str(version.contentHash()));
        doc.put("state", state(state));
        doc.put("createdAt", new Value.Float64(nowMillis));
        doc.put(since, new Value.Float64(nowMillis));
        version.author().ifPresent(author -> doc.put("author", new Value.Str(author)));
        version.git().ifPresent(git -> {
            Map<String, Value> fields = new LinkedHashMap<>();
            git.commit().ifPresent(c -> fields.put("commit", new Value.Str(c)));
            git.branch().ifPresent(b -> fields.put("branch", new Value.Str(b)));
            doc.put("git", Value.Obj.of(fields));
        });
        List<Value> functions = new ArrayList<>();
        version.functions().values().stream()
                .sorted(Comparator.comparing(spec -> spec.path().toString()))
                .forEach(spec -> functions.add(function(spec)));
        doc.put("functions", new Value.Array(functions));
        version.schema().ifPresent(schema -> doc.put("schema", new Value.Str(schema.toJson())));
        doc.put("httpRouter", new Value.Bool(version.httpRouter()));
        List<Value> modules = new ArrayList<>();
        new TreeMap<>(version.modules())
                .forEach((path, source) -> modules.add(Value.Obj.of(Map.of(
                        "path", new Value.Str(path),
                        "hash", new Value.Str(sha256(source)),
                        "bytes", new Value.Int64(source.getBytes(StandardCharsets.UTF_8).length),
                        "chunks", new Value.Int64(chunks(source).size())))));
        doc.put("modules", new Value.Array(modules));
        return Value.Obj.of(doc);
    }

    private static Value function(FunctionSpec spec) {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("module", new Value.Str(spec.path().module()));
        fields.put("export", new Value.Str(spec.path().export()));
        fields.put("kind", new Value.Str(spec.kind().name()));
        fields.put("visibility", new Value.Str(spec.visibility().name()));
        fields.put("args", new Value.Str(spec.args().toJson()));
        spec.returns().ifPresent(r -> fields.put("returns", new Value.Str(r.toJson())));
        return Value.Obj.of(fields);
    }

    // ---- reading ------------------------------------------------------------------------------

    /** The current version's code, read from the database (each module chunk in a read of its own). */
    static Optional<Stored> current(Database db) {
        return firstInState(db, CodeVersionInfo.State.CURRENT).map(doc -> stored(db, doc));
    }

    /** The staged version's code, if one is staged, read as {@link #current} reads. */
    static Optional<Stored> staged(Database db) {
        return firstInState(db, CodeVersionInfo.State.STAGED).map(doc -> stored(db, doc));
    }

    /**
     * The version that was current before the current one: of the retired versions that were ever
     * current (a staged version superseded before its promotion never was), the one retired last.
     */
    static Optional<Stored> previous(Database db) {
        if (db.catalog().table(TABLE).isEmpty()) {
            return Optional.empty();
        }
        Transaction tx = db.begin();
        Optional<Value.Obj> doc;
        try {
            doc = byState(tx, CodeVersionInfo.State.RETIRED).stream()
                    .filter(d ->
                            d.fields().containsKey(CURRENT_SINCE) || !d.fields().containsKey(STAGED_AT))
                    .filter(d -> retiredAt(d).isPresent())
                    .max(Comparator.comparing((Value.Obj d) -> retiredAt(d).orElseThrow()));
        } finally {
            tx.abort();
        }
        return doc.map(d -> stored(db, d));
    }

    private static Optional<Value.Obj> firstInState(Database db, CodeVersionInfo.State state) {
        if (db.catalog().table(TABLE).isEmpty()) {
            return Optional.empty();
        }
        Transaction tx = db.begin();
        try {
            return byState(tx, state).stream().findFirst();
        } finally {
            tx.abort();
        }
    }

    /** The version {@code versionId}'s code, whatever its state, read as {@link #current} reads. */
    static Optional<Stored> byId(Database db, String versionId) {
        if (db.catalog().table(TABLE).isEmpty()) {
            return Optional.empty();
        }
        Transaction tx = db.begin();
        Optional<Value.Obj> doc;
        try {
            doc = byVersionId(tx, versionId);
        } finally {
            tx.abort();
        }
        return doc.map(d -> stored(db, d));
    }

    private static Stored stored(Database db, Value.Obj doc) {
        Map<String, String> modules = new TreeMap<>();
        for (Value element : array(doc, "modules")) {
            Value.Obj module = (Value.Obj) element;
            String hash = string(module, "hash");
            long chunks = int64(module, "chunks");
            StringBuilder source = new StringBuilder();
            for (int i = 0; i < chunks; i++) {
                Transaction read = db.begin();
                try {
                    int n = i;
                    source.append(chunk(read, hash, n)
                            .orElseThrow(() -> new ApplicationException(
                                    ApplicationException.INVALID_MODULES,
                                    "Code version " + string(doc, "versionId") + ": chunk " + n + " of module "
                                            + string(module, "path") + " (" + hash + ") is missing from " + MODULES)));
                } finally {
                    read.abort();
                }
            }
            modules.put(string(module, "path"), source.toString());
        }
        return new Stored(
                string(doc, "versionId"),
                state(doc),
                retiredAt(doc),
                modules,
                functions(doc),
                optionalString(doc, "schema").map(Schema::parse),
                doc.fields().get("httpRouter") instanceof Value.Bool(boolean b) && b);
    }

    private static CodeVersionInfo.State state(Value.Obj doc) {
        return CodeVersionInfo.State.valueOf(string(doc, "state").toUpperCase(Locale.ROOT));
    }

    private static Optional<Long> retiredAt(Value.Obj doc) {
        return doc.fields().get("retiredAt") instanceof Value.Float64(double ms)
                ? Optional.of((long) ms)
                : Optional.empty();
    }

    /** Every stored version, newest first, read page by page at the latest snapshot. */
    static List<CodeVersionInfo> list(Database db) {
        List<CodeVersionInfo> versions = new ArrayList<>();
        if (db.catalog().table(TABLE).isEmpty()) {
            return versions;
        }
        QueryPlan plan = new QueryPlan(IndexDefinition.byCreationTime(TABLE), KeyRange.ALL, Order.DESC, List.of());
        SystemQueries.forEachAt(db, db.lastCommitted(), plan, doc -> versions.add(info(doc)));
        return versions;
    }

    private static CodeVersionInfo info(Value.Obj doc) {
        Optional<PushRequest.GitInfo> git = doc.fields().get("git") instanceof Value.Obj g
                ? Optional.of(new PushRequest.GitInfo(optionalString(g, "commit"), optionalString(g, "branch")))
                : Optional.empty();
        List<String> paths = new ArrayList<>();
        for (Value module : array(doc, "modules")) {
            paths.add(string((Value.Obj) module, "path"));
        }
        return new CodeVersionInfo(
                string(doc, "versionId"),
                state(doc),
                (long) (doc.fields().get("createdAt") instanceof Value.Float64(double ms) ? ms : 0),
                retiredAt(doc),
                optionalString(doc, "author"),
                git,
                functions(doc).values().stream()
                        .sorted(Comparator.comparing(spec -> spec.path().toString()))
                        .toList(),
                doc.fields().containsKey("schema"),
                doc.fields().get("httpRouter") instanceof Value.Bool(boolean b) && b,
                paths,
                false,
                Optional.empty(),
                0);
    }

    private static Map<FunctionPath, FunctionSpec> functions(Value.Obj doc) {
        Map<FunctionPath, FunctionSpec> functions = new LinkedHashMap<>();
        for (Value element : array(doc, "functions")) {
            Value.Obj f = (Value.Obj) element;
            FunctionPath path = new FunctionPath(string(f, "module"), string(f, "export"));
            functions.put(
                    path,
                    new FunctionSpec(
                            path,
                            FunctionKind.valueOf(string(f, "kind")),
                            Visibility.valueOf(string(f, "visibility")),
                            Validator.parse(string(f, "args")),
                            optionalString(f, "returns").map(Validator::parse)));
        }
        return functions;
    }

    private static Optional<Value.Obj> byVersionId(Transaction tx, String versionId) {
        QueryStream stream =
                SystemQueries.equal(tx, TABLE, BY_VERSION_ID, Map.of("versionId", new Value.Str(versionId)));
        return stream.hasNext() ? Optional.of(stream.next()) : Optional.empty();
    }

    private static List<Value.Obj> byState(Transaction tx, CodeVersionInfo.State state) {
        return SystemQueries.equal(tx, TABLE, BY_STATE, Map.of("state", state(state))).stream()
                .toList();
    }

    private static Optional<String> chunk(Transaction tx, String hash, int chunk) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put("hash", new Value.Str(hash));
        key.put("chunk", new Value.Int64(chunk));
        QueryStream stream = SystemQueries.equal(tx, MODULES, BY_HASH, key);
        return stream.hasNext() ? Optional.of(string(stream.next(), "source")) : Optional.empty();
    }

    private static Value.Str state(CodeVersionInfo.State state) {
        return new Value.Str(state.name().toLowerCase(Locale.ROOT));
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The source split at code point boundaries into pieces of at most {@link #CHUNK_BYTES} bytes of UTF-8. */
    static List<String> chunks(String source) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < source.length(); ) {
            int codePoint = source.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > CHUNK_BYTES && i > start) {
                chunks.add(source.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        chunks.add(source.substring(start));
        return chunks;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static DocumentId id(Value.Obj doc) {
        return ScheduledJobs.id(doc);
    }

    private static String string(Value.Obj doc, String field) {
        return optionalString(doc, field)
                .orElseThrow(() -> new IllegalStateException("stored " + TABLE + " document lacks " + field));
    }

    private static Optional<String> optionalString(Value.Obj doc, String field) {
        return doc.fields().get(field) instanceof Value.Str(String s) ? Optional.of(s) : Optional.empty();
    }

    private static long int64(Value.Obj doc, String field) {
        return doc.fields().get(field) instanceof Value.Int64(long n) ? n : 0;
    }

    private static List<Value> array(Value.Obj doc, String field) {
        return doc.fields().get(field) instanceof Value.Array(List<Value> elements) ? elements : List.of();
    }
}
