package dev.slipway.server;

import dev.slipway.application.Application;
import dev.slipway.database.Catalog;
import dev.slipway.database.Database;
import dev.slipway.database.OccConflict;
import dev.slipway.database.SnapshotReader;
import dev.slipway.database.SystemTables;
import dev.slipway.database.TableState;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.schema.Schema;
import dev.slipway.schema.TableResolver;
import dev.slipway.schema.ValidationException;
import dev.slipway.schema.Validator;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Documents;
import dev.slipway.value.FieldNames;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * {@code POST /admin/import}: loads a file into a deployment's tables, as Convex's snapshot import
 * does, in two passes over a spooled copy of the upload so that any size passes in constant memory:
 *
 * <ol>
 *   <li><b>Validate.</b> Every document of every table is parsed and checked (field names, size and
 *       nesting, {@code _id} and {@code _creationTime}, duplicate ids, the active schema when it
 *       validates, ids that already exist when appending) before anything is written. The first
 *       problem is a 400 naming the file, the line and what is wrong, and nothing is written.
 *   <li><b>Write.</b> In batches of at most {@value #BATCH_DOCUMENTS} documents or {@value
 *       #BATCH_BYTES} bytes, each its own transaction.
 * </ol>
 *
 * <p>Modes: {@code append} adds to the existing table (a batch at a time, so readers may see part of
 * the import); {@code replace} and {@code requireEmpty} (which first checks that the table is empty
 * or missing) fill a hidden table and swap every imported table in at one commit, so readers see the
 * old data or the new, never a mix. Imported {@code _id}s are kept: the table takes the number they
 * carry (from the snapshot's {@code _tables}, or the first document's {@code _id}), so a snapshot
 * exported from one deployment imports into another with the same ids. When that number is the one
 * the replaced table has (re-importing into the same deployment), or is held by another table this
 * import replaces as well, that table is retired first and the swap is not atomic: it reads as
 * missing until the import finishes. A number held by a table the import does not touch is a 400
 * {@code TableNumberConflict}; appending ids of another table number is a 400 {@code
 * ImportConflict}.
 *
 * <p>Imports of a deployment run one at a time, under the deployment's code lock, so neither the
 * schema nor the tables' indexes change while one runs.
 */
final class DataImport {
    private static final System.Logger LOG = System.getLogger(DataImport.class.getName());

    static final int BATCH_DOCUMENTS = 1000;
    static final long BATCH_BYTES = 4L << 20;
    private static final int COMMIT_ATTEMPTS = 5;

    private static final Pattern DOCUMENTS = Pattern.compile("(?:(.*)/)?([^/]+)/documents\\.jsonl");
    private static final Pattern GENERATED_SCHEMA = Pattern.compile("(?:(.*)/)?([^/]+)/generated_schema\\.jsonl");

    /** What to do with existing documents. */
    enum Mode {
        APPEND("append"),
        REPLACE("replace"),
        REQUIRE_EMPTY("requireEmpty");

        final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        static Mode parse(String wire) {
            for (Mode m : values()) {
                if (m.wireName.equals(wire)) {
                    return m;
                }
            }
            throw ApiException.badRequest(
                    "InvalidImportMode",
                    "Unknown import mode \"" + wire + "\": mode must be append, replace or requireEmpty");
        }
    }

    /** The documents of one table in the upload, read again for each pass. */
    private record Source(
            String table, String file, Opener opener, ImportJson.Mode json, boolean csv, OptionalInt declaredNumber) {}

    @FunctionalInterface
    private interface Opener {
        ImportRows open() throws IOException;
    }

    /** What the import does to one table. */
    private static final class Plan {
        final Source source;
        /** The table number the documents' ids carry, if they carry ids. */
        OptionalInt idNumber = OptionalInt.empty();
        /** The active table of this name when the import started, if any. */
        Optional<Catalog.Table> existing = Optional.empty();
        /** Whether the documents go straight into the existing table (append); else into a new hidden one. */
        boolean appendToExisting;
        /** The number of the table the documents go to, once known. */
        int target;

        long documents;

        Plan(Source source) {
            this.source = source;
        }

        String table() {
            return source.table();
        }
    }

    private final Deployment deployment;
    private final Database db;
    private final Mode mode;

    private DataImport(Deployment deployment, Mode mode) {
        this.deployment = deployment;
        this.db = deployment.database();
        this.mode = mode;
    }

    /**
     * Runs an import of {@code body} into {@code deployment}.
     *
     * @param table the table, for the single-file formats
     * @param spoolDir where the upload is copied while the import runs
     * @return {@code {"tables": [{"name", "imported"}]}}
     */
    static String run(
            Deployment deployment,
            ImportRows.Format format,
            Mode mode,
            Optional<String> table,
            InputStream body,
            Path spoolDir) {
        Path spool;
        try {
            Files.createDirectories(spoolDir);
            spool = Files.createTempFile(spoolDir, "import-", ".upload");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file to receive the import in " + spoolDir, e);
        }
        try {
            try (InputStream in = body;
                    OutputStream out = Files.newOutputStream(spool)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw ApiException.badRequest(
                        "ImportUploadFailed", "The upload of the import file broke off: " + e.getMessage());
            }
            DataImport run = new DataImport(deployment, mode);
            if (format == ImportRows.Format.ZIP) {
                if (table.isPresent()) {
                    throw ApiException.badRequest(
                            "InvalidImportArguments",
                            "A ZIP import names its tables itself (<table>/documents.jsonl); leave out table=");
                }
                try (ZipFile zip = openZip(spool)) {
                    List<Source> sources = zipSources(zip);
                    return deployment.withCodeLock(() -> run.importAll(sources));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the uploaded ZIP", e);
                }
            }
            String name = table.orElseThrow(() -> ApiException.badRequest(
                    "InvalidImportArguments", "A " + format.wireName + " import needs table=<name>"));
            checkTableName(name);
            String file = "the " + format.wireName + " file";
            Source source = new Source(
                    name,
                    file,
                    () -> ImportRows.open(format, Files.newInputStream(spool), file, ImportJson.Mode.PLAIN),
                    ImportJson.Mode.PLAIN,
                    format == ImportRows.Format.CSV,
                    OptionalInt.empty());
            return deployment.withCodeLock(() -> run.importAll(List.of(source)));
        } finally {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete the import spool file " + spool, e);
            }
        }
    }

    private static ZipFile openZip(Path spool) {
        try {
            return new ZipFile(spool.toFile());
        } catch (ZipException e) {
            throw ApiException.badRequest("InvalidZip", "The uploaded file is not a ZIP archive: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the uploaded ZIP", e);
        }
    }

    private static void checkTableName(String name) {
        if (name.startsWith("_")) {
            throw ApiException.badRequest(
                    "InvalidTableName", "Table name " + name + " starts with _, which is reserved for system tables");
        }
        try {
            FieldNames.checkIdentifier("table name", name);
        } catch (InvalidValueException e) {
            throw ApiException.badRequest("InvalidTableName", String.valueOf(e.getMessage()));
        }
    }

    // ---- the ZIP layout -------------------------------------------------------------------------

    /** The tables of a snapshot ZIP, in the order of their entries, with the numbers its {@code _tables} gives. */
    private static List<Source> zipSources(ZipFile zip) throws IOException {
        Map<String, ZipEntry> documents = new LinkedHashMap<>();
        Map<String, ZipEntry> schemas = new HashMap<>();
        ZipEntry tables = null;
        for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
            String name = entry.getName();
            if (entry.isDirectory()) {
                continue;
            }
            if (name.startsWith("_components/") || name.contains("/_components/")) {
                throw ApiException.badRequest(
                        "InvalidZip", name + ": snapshots of components are not supported by this server");
            }
            Matcher docs = DOCUMENTS.matcher(name);
            Matcher schema = GENERATED_SCHEMA.matcher(name);
            if (docs.matches()) {
                String table = docs.group(2);
                if (table.equals("_tables")) {
                    tables = entry;
                } else if (table.equals("_storage") || table.equals("_file_storage")) {
                    if (hasContent(zip, entry)) {
                        throw ApiException.badRequest(
                                "UnsupportedImport",
                                name + ": file storage is not supported by this server, so a snapshot with stored"
                                        + " files cannot be imported");
                    }
                } else if (!table.startsWith("_")) {
                    checkEntryTable(name, table);
                    if (documents.put(table, entry) != null) {
                        throw ApiException.badRequest(
                                "InvalidZip",
                                "The ZIP holds the documents of table " + table + " twice (" + name + ")");
                    }
                }
            } else if (schema.matches() && !schema.group(2).startsWith("_")) {
                schemas.put(schema.group(2), entry);
            }
        }
        if (documents.isEmpty()) {
            throw ApiException.badRequest(
                    "InvalidZip", "The ZIP holds no <table>/documents.jsonl, so there is nothing to import");
        }
        Map<String, Integer> numbers = tables == null ? Map.of() : tableNumbers(zip, tables);
        List<Source> sources = new ArrayList<>();
        for (Map.Entry<String, ZipEntry> entry : documents.entrySet()) {
            String table = entry.getKey();
            ZipEntry schema = schemas.get(table);
            ImportJson.Mode json = schema == null ? ImportJson.Mode.PLAIN : uniform(zip, schema);
            String file = entry.getValue().getName();
            ZipEntry zipEntry = entry.getValue();
            Integer number = numbers.get(table);
            sources.add(new Source(
                    table,
                    file,
                    () -> ImportRows.open(ImportRows.Format.JSON_LINES, zip.getInputStream(zipEntry), file, json),
                    json,
                    false,
                    number == null ? OptionalInt.empty() : OptionalInt.of(number)));
        }
        return sources;
    }

    private static void checkEntryTable(String entry, String table) {
        try {
            checkTableName(table);
        } catch (ApiException e) {
            throw ApiException.badRequest("InvalidTableName", entry + ": " + e.getMessage());
        }
    }

    private static boolean hasContent(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            int b;
            while ((b = in.read()) != -1) {
                if (!Character.isWhitespace(b)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code generated_schema.jsonl}: Convex's exports write {@code "uniform"}, meaning export JSON. */
    private static ImportJson.Mode uniform(ZipFile zip, ZipEntry entry) throws IOException {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            if (first != null && first.strip().equals("\"uniform\"")) {
                return ImportJson.Mode.EXPORT;
            }
            throw ImportRows.bad(
                    "UnsupportedGeneratedSchema",
                    entry.getName(),
                    1,
                    "only the \"uniform\" generated schema of current Convex exports is supported (this snapshot"
                            + " comes from an old export; export it again)");
        }
    }

    /** The {@code {"name", "id"}} lines of {@code _tables/documents.jsonl}. */
    private static Map<String, Integer> tableNumbers(ZipFile zip, ZipEntry entry) throws IOException {
        Map<String, Integer> numbers = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        String file = entry.getName();
        try (ImportRows rows = ImportRows.open(
                ImportRows.Format.JSON_LINES, zip.getInputStream(entry), file, ImportJson.Mode.EXPORT)) {
            for (Optional<ImportRows.Row> row = rows.next(); row.isPresent(); row = rows.next()) {
                long line = row.get().line();
                Map<String, Value> fields = row.get().document().fields();
                if (!(fields.get("name") instanceof Value.Str(String name))) {
                    throw ImportRows.bad("InvalidTablesEntry", file, line, "a table needs a string \"name\"");
                }
                int number = switch (fields.get("id")) {
                    case Value.Int64(long n) when n > 0 && n <= Integer.MAX_VALUE -> (int) n;
                    case Value.Float64(double d) when d == Math.rint(d) && d > 0 && d <= Integer.MAX_VALUE -> (int) d;
                    case null, default ->
                        throw ImportRows.bad(
                                "InvalidTablesEntry",
                                file,
                                line,
                                "table " + name + " needs a positive integer \"id\" (its table number)");
                };
                if (numbers.put(name, number) != null) {
                    throw ImportRows.bad("DuplicateTableName", file, line, "table " + name + " is listed twice");
                }
                if (!taken.add(number)) {
                    throw ImportRows.bad(
                            "InvalidTablesEntry", file, line, "table number " + number + " is given to two tables");
                }
            }
        }
        return numbers;
    }

    // ---- the import -----------------------------------------------------------------------------

    private String importAll(List<Source> sources) {
        List<Plan> plans = new ArrayList<>();
        for (Source source : sources) {
            plans.add(new Plan(source));
        }
        try (SnapshotReader reader = db.snapshotReader()) {
            Catalog catalog = reader.catalog();
            for (Plan plan : plans) {
                planTable(plan, reader);
            }
            Set<Integer> toRetire = numbersToRetire(plans, catalog);
            Map<Integer, String> namesByNumber = resolverNames(plans);
            for (Plan plan : plans) {
                validate(plan, reader, namesByNumber);
            }
            write(plans, toRetire);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled import file", e);
        }
        return JsonOut.object(o -> o.arrayField(
                "tables",
                a -> plans.stream()
                        .sorted(Comparator.comparing(Plan::table))
                        .forEach(p ->
                                a.objectElement(t -> t.field("name", p.table()).field("imported", p.documents)))));
    }

    /** Finds the number the documents carry and what happens to the existing table. */
    private void planTable(Plan plan, SnapshotReader reader) throws IOException {
        plan.idNumber = plan.source.declaredNumber();
        if (plan.idNumber.isEmpty()) {
            try (ImportRows rows = plan.source.opener().open()) {
                Optional<ImportRows.Row> first = rows.next();
                if (first.isPresent()
                        && first.get().document().fields().get(Documents.ID_FIELD) instanceof Value.Str(String id)) {
                    plan.idNumber = DocumentId.decode(id)
                            .map(d -> OptionalInt.of(d.tableNumber()))
                            .orElseThrow(() -> ImportRows.bad(
                                    "InvalidId",
                                    plan.source.file(),
                                    first.get().line(),
                                    "_id \"" + id + "\" is not a document ID"));
                }
            }
        }
        plan.existing = reader.catalog().table(plan.table());
        if (mode == Mode.REQUIRE_EMPTY
                && plan.existing.isPresent()
                && !reader.page(plan.table(), IndexDefinition.BY_ID, Order.ASC, Optional.empty(), 1, Long.MAX_VALUE)
                        .documents()
                        .isEmpty()) {
            throw ApiException.badRequest(
                    "TableNotEmpty",
                    "Table " + plan.table() + " already has documents; import with mode replace to replace them, or"
                            + " append to add to them");
        }
        plan.appendToExisting = mode == Mode.APPEND && plan.existing.isPresent();
        if (plan.appendToExisting) {
            int existing = plan.existing.get().number();
            if (plan.idNumber.isPresent() && plan.idNumber.getAsInt() != existing) {
                throw ApiException.badRequest(
                        "ImportConflict",
                        plan.source.file() + ": the documents' _ids belong to table number " + plan.idNumber.getAsInt()
                                + ", but table " + plan.table() + " of this deployment has number " + existing
                                + ", so they cannot be appended with their ids; import with mode replace, or"
                                + " without the _id and _creationTime fields");
            }
            plan.target = existing;
        }
    }

    /**
     * The tables to retire before the new ones are made: those whose number an imported table needs,
     * which must themselves be replaced by this import.
     */
    private Set<Integer> numbersToRetire(List<Plan> plans, Catalog catalog) {
        Set<String> replaced = new HashSet<>();
        Map<Integer, String> wanted = new HashMap<>();
        for (Plan plan : plans) {
            if (!plan.appendToExisting) {
                replaced.add(plan.table());
                if (plan.idNumber.isPresent()) {
                    String other = wanted.put(plan.idNumber.getAsInt(), plan.table());
                    if (other != null) {
                        throw ApiException.badRequest(
                                "TableNumberConflict",
                                "Tables " + other + " and " + plan.table() + " of the import both carry ids of table"
                                        + " number " + plan.idNumber.getAsInt());
                    }
                }
            }
        }
        Set<Integer> retire = new HashSet<>();
        for (Map.Entry<Integer, String> want : wanted.entrySet()) {
            Optional<Catalog.Table> holder = catalog.anyTable(want.getKey());
            if (holder.isEmpty() || holder.get().state() == TableState.DELETING) {
                continue;
            }
            Catalog.Table table = holder.get();
            if (table.state() == TableState.HIDDEN) {
                throw new ApiException(
                        409,
                        "ImportInProgress",
                        "Table number " + want.getKey() + ", which the import's table " + want.getValue()
                                + " needs, is taken by a table another import is filling");
            }
            if (!replaced.contains(table.name()) || SystemTables.isSystem(table.name())) {
                throw ApiException.badRequest(
                        "TableNumberConflict",
                        "The import's table " + want.getValue() + " carries ids of table number " + want.getKey()
                                + ", which is the number of table " + table.name() + " in this deployment; import"
                                + " into a deployment without " + table.name() + ", import " + table.name()
                                + " along with it (mode replace), or import without the _id fields");
            }
            retire.add(want.getKey());
        }
        return retire;
    }

    /** Table numbers to names as they will be after the import, for the schema's {@code v.id} checks. */
    private static Map<Integer, String> resolverNames(List<Plan> plans) {
        Map<Integer, String> names = new HashMap<>();
        for (Plan plan : plans) {
            plan.idNumber.ifPresent(n -> names.put(n, plan.table()));
            if (plan.appendToExisting) {
                names.put(plan.target, plan.table());
            }
        }
        return names;
    }

    /** The first pass: checks every document of the table without writing anything. */
    private void validate(Plan plan, SnapshotReader reader, Map<Integer, String> namesByNumber) throws IOException {
        Optional<Schema> schema = reader.catalog().schema();
        Set<String> optional = optionalFields(schema, plan.table());
        TableResolver resolver = number -> Optional.ofNullable(namesByNumber.get(number))
                .or(() -> reader.catalog().table(number).map(Catalog.Table::name));
        IdSet seen = new IdSet();
        long count = 0;
        try (ImportRows rows = plan.source.opener().open()) {
            for (Optional<ImportRows.Row> row = rows.next(); row.isPresent(); row = rows.next()) {
                long line = row.get().line();
                Value.Obj doc = prepare(plan, row.get().document(), optional);
                String file = plan.source.file();
                try {
                    Documents.check(withPlaceholders(doc));
                } catch (InvalidValueException e) {
                    throw ImportRows.bad("InvalidDocument", file, line, String.valueOf(e.getMessage()));
                }
                Value id = doc.fields().get(Documents.ID_FIELD);
                if (id != null && plan.idNumber.isEmpty()) {
                    throw ImportRows.bad(
                            "InvalidId",
                            file,
                            line,
                            "this document has an _id while the file's first document has none; either every document"
                                    + " carries its _id or none does");
                }
                if (id != null) {
                    DocumentId decoded = checkId(plan, file, line, id);
                    if (!seen.add(decoded)) {
                        throw ImportRows.bad(
                                "DuplicateId", file, line, "_id " + decoded.encode() + " appears twice in the file");
                    }
                    if (plan.appendToExisting && reader.get(decoded).isPresent()) {
                        throw ImportRows.bad(
                                "DuplicateId",
                                file,
                                line,
                                "document " + decoded.encode() + " already exists in table " + plan.table());
                    }
                } else if (plan.idNumber.isPresent()
                        && plan.source.declaredNumber().isEmpty()) {
                    throw ImportRows.bad(
                            "InvalidId",
                            file,
                            line,
                            "this document has no _id while the file's first document has one; either every document"
                                    + " carries its _id or none does");
                }
                if (doc.fields().get(Documents.CREATION_TIME_FIELD) instanceof Value.Float64(double t)
                        && (!Double.isFinite(t) || t < 0)) {
                    throw ImportRows.bad(
                            "InvalidDocument",
                            file,
                            line,
                            "_creationTime " + t + " is not a finite, non-negative number of milliseconds");
                }
                if (schema.isPresent()) {
                    try {
                        schema.get().checkWrite(plan.table(), doc, resolver);
                    } catch (ValidationException e) {
                        throw ImportRows.bad("SchemaValidationFailed", file, line, String.valueOf(e.getMessage()));
                    }
                }
                count++;
            }
        }
        plan.documents = count;
    }

    private static DocumentId checkId(Plan plan, String file, long line, Value id) {
        if (!(id instanceof Value.Str(String encoded))) {
            throw ImportRows.bad(
                    "InvalidId", file, line, "_id must be a string, got " + ImportRows.ValueDescription.of(id));
        }
        DocumentId decoded = DocumentId.decode(encoded)
                .orElseThrow(
                        () -> ImportRows.bad("InvalidId", file, line, "_id \"" + encoded + "\" is not a document ID"));
        int expected = plan.idNumber.orElse(decoded.tableNumber());
        if (decoded.tableNumber() != expected) {
            throw ImportRows.bad(
                    "ImportConflict",
                    file,
                    line,
                    "_id " + encoded + " belongs to table number " + decoded.tableNumber() + ", but the other documents"
                            + " of table " + plan.table() + " belong to number " + expected);
        }
        return decoded;
    }

    /** The document as it is written: CSV's empty cells of optional fields dropped, as Convex does. */
    private static Value.Obj prepare(Plan plan, Value.Obj doc, Set<String> optional) {
        if (!plan.source.csv() || optional.isEmpty()) {
            return doc;
        }
        TreeMap<String, Value> fields = new TreeMap<>(doc.fields());
        fields.entrySet()
                .removeIf(f ->
                        optional.contains(f.getKey()) && f.getValue() instanceof Value.Str(String s) && s.isEmpty());
        return Value.Obj.of(fields);
    }

    private static Set<String> optionalFields(Optional<Schema> schema, String table) {
        if (schema.isEmpty()
                || !(schema.get().table(table).map(Schema.Table::documentType).orElse(null)
                        instanceof Validator.Obj obj)) {
            return Set.of();
        }
        Set<String> optional = new HashSet<>();
        obj.fields().forEach((name, field) -> {
            if (field.optional()) {
                optional.add(name);
            }
        });
        return optional;
    }

    /** The document with stand-ins for missing system fields, so the size check counts them. */
    private static Value.Obj withPlaceholders(Value.Obj doc) {
        if (doc.fields().containsKey(Documents.ID_FIELD) && doc.fields().containsKey(Documents.CREATION_TIME_FIELD)) {
            return doc;
        }
        TreeMap<String, Value> fields = new TreeMap<>(doc.fields());
        fields.putIfAbsent(Documents.ID_FIELD, new Value.Str("x".repeat(37)));
        fields.putIfAbsent(Documents.CREATION_TIME_FIELD, new Value.Float64(0));
        return Value.Obj.of(fields);
    }

    // ---- writing --------------------------------------------------------------------------------

    private void write(List<Plan> plans, Set<Integer> toRetire) throws IOException {
        List<Integer> hidden = new ArrayList<>();
        try {
            retire(toRetire, plans);
            List<Plan> fresh = plans.stream().filter(p -> !p.appendToExisting).toList();
            if (!fresh.isEmpty()) {
                commit("create the import's tables", tx -> {
                    hidden.clear();
                    // tables whose number is given first, so a fresh number never takes one of theirs
                    for (Plan plan : fresh.stream()
                            .sorted(Comparator.comparing(p -> p.idNumber.isEmpty()))
                            .toList()) {
                        plan.target = tx.createHiddenTable(plan.table(), plan.idNumber);
                        hidden.add(plan.target);
                    }
                });
            }
            for (Plan plan : plans) {
                fill(plan);
            }
            if (!fresh.isEmpty()) {
                commit("swap the imported tables in", tx -> {
                    for (Plan plan : fresh) {
                        if (mode == Mode.REQUIRE_EMPTY
                                && tx.catalog().table(plan.table()).isPresent()) {
                            QueryPlan all = new QueryPlan(
                                    IndexDefinition.byId(plan.table()), KeyRange.ALL, Order.ASC, List.of());
                            if (tx.query(all).hasNext()) {
                                throw ApiException.badRequest(
                                        "TableNotEmpty",
                                        "Table " + plan.table() + " got documents while the import ran; nothing was"
                                                + " imported");
                            }
                        }
                        tx.activateTable(plan.target);
                    }
                });
                hidden.clear();
            }
        } catch (RuntimeException e) {
            discard(hidden, e);
            throw e;
        } finally {
            deployment.dataReplaced();
        }
    }

    /** Retires the tables whose numbers the import needs and waits until their numbers are free. */
    private void retire(Set<Integer> numbers, List<Plan> plans) {
        Set<Integer> waitFor = new HashSet<>(numbers);
        for (Plan plan : plans) {
            if (!plan.appendToExisting && plan.idNumber.isPresent()) {
                db.catalog()
                        .anyTable(plan.idNumber.getAsInt())
                        .filter(t -> t.state() == TableState.DELETING)
                        .ifPresent(t -> waitFor.add(t.number()));
            }
        }
        if (!numbers.isEmpty()) {
            commit("retire the tables the import replaces", tx -> {
                for (int number : numbers) {
                    Optional<Catalog.Table> table = tx.catalog().table(number);
                    if (table.isPresent()) {
                        tx.retireTable(table.get().name());
                    }
                }
            });
            LOG.log(
                    System.Logger.Level.INFO,
                    "deployment {0}: the import retired tables {1} to reuse their numbers",
                    deployment.name(),
                    numbers);
        }
        for (int number : waitFor) {
            try {
                db.awaitTableRemoved(number).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }

    /** The second pass: writes the table's documents in batches. */
    private void fill(Plan plan) throws IOException {
        Set<String> optional = optionalFields(db.catalog().schema(), plan.table());
        List<Value.Obj> batch = new ArrayList<>();
        long bytes = 0;
        long written = 0;
        try (ImportRows rows = plan.source.opener().open()) {
            for (Optional<ImportRows.Row> row = rows.next(); row.isPresent(); row = rows.next()) {
                Value.Obj doc = prepare(plan, row.get().document(), optional);
                batch.add(doc);
                bytes += doc.size();
                if (batch.size() >= BATCH_DOCUMENTS || bytes >= BATCH_BYTES) {
                    written += insert(plan, batch);
                    batch.clear();
                    bytes = 0;
                }
            }
        }
        written += insert(plan, batch);
        LOG.log(
                System.Logger.Level.INFO,
                "deployment {0}: imported {1} documents into table {2}",
                deployment.name(),
                written,
                plan.table());
    }

    private int insert(Plan plan, List<Value.Obj> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        commit("import documents into " + plan.table(), tx -> {
            for (Value.Obj doc : batch) {
                tx.insertImported(plan.target, doc);
            }
        });
        return batch.size();
    }

    @FunctionalInterface
    private interface Work {
        void run(Transaction tx);
    }

    /**
     * Runs {@code work} in a system transaction and commits it, again on a conflict. Each attempt holds
     * the application's user-write lock for reading ({@link Application#writingUserData}), like a
     * mutation, so a push that is switching schemas sees the import's writes in its final check or
     * after its switch, never between the two.
     */
    private void commit(String what, Work work) {
        for (int attempt = 1; ; attempt++) {
            if (deployment.app().writingUserData(() -> attempt(work))) {
                return;
            }
            if (attempt == COMMIT_ATTEMPTS) {
                throw new ApiException(
                        409, "ImportConflict", "Could not " + what + ": it kept conflicting with other writes");
            }
        }
    }

    /** One attempt of {@link #commit}: true once committed, false on a conflict. */
    private boolean attempt(Work work) {
        Transaction tx = db.beginSystem();
        try {
            work.run(tx);
            tx.commit();
            return true;
        } catch (OccConflict e) {
            return false;
        } catch (RuntimeException e) {
            tx.abort();
            throw e;
        }
    }

    private void discard(List<Integer> hidden, RuntimeException failure) {
        if (hidden.isEmpty()) {
            return;
        }
        try {
            commit("discard the import's tables", tx -> {
                for (int number : hidden) {
                    if (tx.catalog()
                            .anyTable(number)
                            .filter(t -> t.state() == TableState.HIDDEN)
                            .isPresent()) {
                        tx.discardTable(number);
                    }
                }
            });
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * A set of document ids of one table, 16 bytes each in open addressing, for the duplicate check
     * of a file of any size without an object per id.
     */
    static final class IdSet {
        private long[] slots = new long[2 * 1024];
        private boolean[] used = new boolean[1024];
        private int size;

        /** Adds the id's internal part; false when it was there already. */
        boolean add(DocumentId id) {
            byte[] b = id.internalId().bytes();
            long hi = java.nio.ByteBuffer.wrap(b, 0, 8).getLong();
            long lo = java.nio.ByteBuffer.wrap(b, 8, 8).getLong();
            if (size * 4 >= used.length * 3) {
                grow();
            }
            return insert(hi, lo);
        }

        private boolean insert(long hi, long lo) {
            int mask = used.length - 1;
            int i = (int) (mix(hi ^ lo) & mask);
            while (used[i]) {
                if (slots[2 * i] == hi && slots[2 * i + 1] == lo) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            slots[2 * i] = hi;
            slots[2 * i + 1] = lo;
            size++;
            return true;
        }

        private void grow() {
            long[] oldSlots = slots;
            boolean[] oldUsed = used;
            slots = new long[oldSlots.length * 2];
            used = new boolean[oldUsed.length * 2];
            size = 0;
            for (int i = 0; i < oldUsed.length; i++) {
                if (oldUsed[i]) {
                    insert(oldSlots[2 * i], oldSlots[2 * i + 1]);
                }
            }
        }

        private static long mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            return x;
        }
    }
}
