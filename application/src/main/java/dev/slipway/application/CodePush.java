package dev.slipway.application;

import dev.slipway.database.Catalog;
import dev.slipway.database.Database;
import dev.slipway.database.MutationRunner;
import dev.slipway.database.Transaction;
import dev.slipway.isolate.Analysis;
import dev.slipway.isolate.CodeVersion;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.persistence.IndexId;
import dev.slipway.schema.Schema;
import dev.slipway.schema.SchemaException;
import dev.slipway.schema.Validator;
import dev.slipway.value.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

/**
 * One push of code: load the modules, analyze them, and bring the database in line with the schema
 * (its indexes exist and are backfilled, its document types are enforced from then on).
 *
 * <p>Checking the existing documents against a new schema, and the function-API and scheduled-job
 * gates, belong to the deploy pipeline ({@code slipway deploy}); this is the part every push needs.
 * An index whose fields changed is refused: it would need a rebuild under a new name.
 */
final class CodePush {
    private final Database db;
    private final JsRuntime runtime;
    private final ApplicationOptions options;

    CodePush(Database db, JsRuntime runtime, ApplicationOptions options) {
        this.db = db;
        this.runtime = runtime;
        this.options = options;
    }

    DeployedCode push(Map<String, String> modules) {
        String versionId = versionId(modules);
        CodeVersion version = runtime.load(options.deployment(), versionId, modules);
        Analysis analysis;
        try {
            analysis = runtime.analyze(version).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw invalid(String.valueOf(cause.getMessage()));
        }
        Map<FunctionPath, FunctionSpec> functions = functions(analysis);
        Optional<Schema> schema = analysis.schemaJson().map(CodePush::parseSchema);
        schema.ifPresent(this::apply);
        registerCrons(analysis.cronsJson()
                .map(json -> CronJobs.parse(json, functions))
                .orElse(List.of()));
        return new DeployedCode(
                versionId, version, functions, schema, !analysis.httpRoutes().isEmpty());
    }

    private static Map<FunctionPath, FunctionSpec> functions(Analysis analysis) {
        Map<FunctionPath, FunctionSpec> functions = new HashMap<>();
        for (Analysis.AnalyzedFunction f : analysis.functions()) {
            if (f.kind() == FunctionKind.HTTP_ACTION) {
                continue; // reached through the router, not by path
            }
            FunctionPath path = new FunctionPath(f.module(), f.exportName());
            Validator args =
                    f.argsJson().map(json -> parseValidator(path, "args", json)).orElse(new Validator.Any());
            Optional<Validator> returns = f.returnsJson().map(json -> parseValidator(path, "returns", json));
            functions.put(path, new FunctionSpec(path, f.kind(), f.visibility(), args, returns));
        }
        return functions;
    }

    private static Validator parseValidator(FunctionPath path, String which, String json) {
        try {
            return Validator.parse(json);
        } catch (SchemaException e) {
            throw invalid("the " + which + " validator of " + path + " is invalid: " + e.getMessage());
        }
    }

    private static Schema parseSchema(String json) {
        try {
            return Schema.parse(json);
        } catch (SlipwayException e) {
            throw invalid("schema.js: " + e.getMessage());
        }
    }

    /** Registers the crons of {@code crons.js} in {@code _cron_jobs}: changed and removed ones take effect now. */
    private void registerCrons(List<CronJobs.Spec> crons) {
        MutationRunner runner =
                new MutationRunner(db, options.retries(), System::nanoTime, Thread::sleep, options.seeds());
        runner.runSystem(tx -> {
            CronJobs.register(tx, crons, options.clockMillis().getAsLong());
            return true;
        });
    }

    /** Creates the schema's missing indexes and activates it, then waits for the backfills. */
    private void apply(Schema schema) {
        MutationRunner runner =
                new MutationRunner(db, options.retries(), System::nanoTime, Thread::sleep, options.seeds());
        List<IndexId> created = runner.runSystem(tx -> {
                    List<IndexId> ids = new ArrayList<>();
                    for (Schema.Table table : schema.tables()) {
                        for (Schema.Index index : table.indexes()) {
                            createOrCheck(tx, table.name(), index).ifPresent(ids::add);
                        }
                    }
                    tx.setSchema(schema);
                    return ids;
                })
                .value();
        for (IndexId id : created) {
            db.awaitIndexReady(id).join();
        }
    }

    private static Optional<IndexId> createOrCheck(Transaction tx, String table, Schema.Index index) {
        Optional<Catalog.Index> existing = tx.catalog().index(table, index.name());
        if (existing.isEmpty()) {
            return Optional.of(tx.createIndex(table, index.name(), index.fields()));
        }
        List<String> fields = existing.get().definition().declaredFields().stream()
                .map(Object::toString)
                .toList();
        if (!fields.equals(index.fields())) {
            throw invalid("index " + table + "." + index.name() + " changes its fields from " + fields + " to "
                    + index.fields() + "; give the new definition a new index name (changing an index in place is"
                    + " not supported yet)");
        }
        return Optional.empty();
    }

    /** The first 12 hex digits of SHA-256 over every module path and source. */
    static String versionId(Map<String, String> modules) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> module : new TreeMap<>(modules).entrySet()) {
                sha.update(module.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(module.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ApplicationException invalid(String message) {
        return new ApplicationException(ApplicationException.INVALID_MODULES, "Invalid code push: " + message);
    }
}
