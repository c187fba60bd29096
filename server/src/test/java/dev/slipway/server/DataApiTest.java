package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data endpoints of the admin API against a real server on SQLite: tables, data, export and
 * import in every format and mode, the snapshot round trip between deployments, and every kind of
 * corrupt file, each refused with its file and line and nothing written.
 */
@Tag("node")
class DataApiTest {
    @TempDir
    static Path data;

    private static SlipwayServer server;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .jsThreads(2)
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A new empty deployment. */
    private static String fresh() {
        String name = "data-" + NAMES.incrementAndGet();
        server.createDeployment(name);
        return name;
    }

    /** A new deployment with the test app (table messages {channel, body}, index by_channel) pushed. */
    private static String withApp() {
        String name = fresh();
        Http.Reply push = new Http(server.deploymentUrl(name))
                .post("/admin/push", TestApp.pushBody(), "Authorization", "Convex " + server.adminKey(name));
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        return name;
    }

    private static void send(String deployment, String channel, String body) {
        Http.Reply reply = new Http(server.deploymentUrl(deployment))
                .post(
                        "/api/mutation",
                        "{\"path\":\"messages:send\",\"args\":{\"channel\":\"" + channel + "\",\"body\":\"" + body
                                + "\"}}");
        assertThat(reply.body()).startsWith("{\"status\":\"success\"");
    }

    private static String tables(String deployment) {
        AdminData.Reply reply = new AdminData(server, deployment).get("tables");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }

    /** Every document of {@code table}, oldest first, as export JSON lines. */
    private static List<String> documents(String deployment, String table) {
        AdminData.Reply reply = new AdminData(server, deployment).get("data?table=" + table + "&order=asc&limit=1000");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return elements(reply.body());
    }

    private static final Pattern PAGE =
            Pattern.compile("^\\{\"page\":\\[(.*)],\"continueCursor\":\"([^\"]*)\",\"isDone\":(true|false)}$");

    /** The top-level elements of the {@code page} array (documents are objects, so split at "},{" between them). */
    private static List<String> elements(String body) {
        Matcher m = PAGE.matcher(body);
        assertThat(m.matches()).as(body).isTrue();
        String inner = m.group(1);
        List<String> docs = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean inString = false;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    docs.add(inner.substring(start, i + 1));
                    start = i + 2;
                }
            }
        }
        return docs;
    }

    private static String id(int table, long seed) {
        return new DocumentId(table, InternalId.random(new SplittableRandom(seed))).encode();
    }

    // ---- export and the round trip --------------------------------------------------------------

    private static final String ITEMS_LINE =
            "{\"_creationTime\":1700000000000.5,\"_id\":\"%s\",\"arr\":[1,2.0,null,true,"
                    + "\"x\"],\"b\":{\"$bytes\":\"AQID\"},\"big\":9007199254740993,\"f\":1.5,\"i\":42,"
                    + "\"inf\":{\"$float\":\"AAAAAAAA8H8=\"},\"obj\":{\"x\":{\"y\":\"z\"}},\"s\":\"h\u00e9llo \u2713\","
                    + "\"z\":-0.0}";

    @Test
    void exportThenImport_intoAnotherDeployment_roundTripsEveryDocumentByteForByte() {
        String source = withApp();
        send(source, "general", "first");
        send(source, "general", "second");
        send(source, "random", "third");
        String itemId = id(10007, 1);
        String item = ITEMS_LINE.formatted(itemId);
        AdminData.Reply seeded = new AdminData(server, source)
                .importFile(
                        "format=zip&mode=requireEmpty",
                        AdminData.zip(Map.of(
                                "_tables/documents.jsonl", "{\"name\":\"items\",\"id\":10007}\n",
                                "items/documents.jsonl", item + "\n",
                                "items/generated_schema.jsonl", "\"uniform\"\n")));
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        assertThat(documents(source, "items")).containsExactly(item);

        byte[] exported = new AdminData(server, source).export();
        Map<String, String> first = AdminData.unzip(exported);
        assertThat(first.keySet())
                .containsExactly(
                        "README.md",
                        "_tables/documents.jsonl",
                        "items/documents.jsonl",
                        "items/generated_schema.jsonl",
                        "messages/documents.jsonl",
                        "messages/generated_schema.jsonl");
        assertThat(first.get("_tables/documents.jsonl"))
                .isEqualTo("{\"name\":\"messages\",\"id\":10001}\n{\"name\":\"items\",\"id\":10007}\n");
        assertThat(first.get("messages/generated_schema.jsonl")).isEqualTo("\"uniform\"\n");
        assertThat(first.get("items/documents.jsonl")).isEqualTo(item + "\n");
        assertThat(first.get("messages/documents.jsonl"))
                .satisfies(text -> assertThat(text.lines()).hasSize(3));

        String target = withApp(); // has an empty messages table with the same number, from the push
        AdminData.Reply imported = new AdminData(server, target).importFile("format=zip", exported);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.body())
                .isEqualTo("{\"tables\":[{\"name\":\"items\",\"imported\":1},{\"name\":\"messages\",\"imported\":3}]}");

        Map<String, String> second = AdminData.unzip(new AdminData(server, target).export());
        assertThat(second).isEqualTo(first);
        // the imported table serves the app, through the index the push made
        Http.Reply list = new Http(server.deploymentUrl(target))
                .post("/api/query", "{\"path\":\"messages:list\",\"args\":{\"channel\":\"general\"}}");
        assertThat(list.body()).isEqualTo("{\"status\":\"success\",\"value\":[\"first\",\"second\"]}");
        assertThat(tables(target))
                .isEqualTo(
                        "{\"tables\":[{\"name\":\"items\",\"documents\":1},{\"name\":\"messages\",\"documents\":3}]}");
    }

    @Test
    void export_ofAnEmptyDeployment_isAValidSnapshotWithNoTables() {
        Map<String, String> zip = AdminData.unzip(new AdminData(server, fresh()).export());
        assertThat(zip.keySet()).containsExactly("README.md", "_tables/documents.jsonl");
        assertThat(zip.get("_tables/documents.jsonl")).isEmpty();
    }

    @Test
    void export_isOneSnapshot_andAnImportOfItIntoTheSameDeploymentReplacesInPlace() {
        String dep = fresh();
        new AdminData(server, dep).importText("format=jsonLines&table=notes", "{\"n\":1}\n{\"n\":2}\n");
        byte[] snapshot = new AdminData(server, dep).export();
        new AdminData(server, dep).importText("format=jsonLines&table=notes&mode=append", "{\"n\":3}\n");
        assertThat(documents(dep, "notes")).hasSize(3);
        // replace with the snapshot: the same table number, so the table is retired and refilled
        AdminData.Reply restore = new AdminData(server, dep).importFile("format=zip&mode=replace", snapshot);
        assertThat(restore.status()).as(restore.body()).isEqualTo(200);
        assertThat(AdminData.unzip(new AdminData(server, dep).export())).isEqualTo(AdminData.unzip(snapshot));
    }

    // ---- formats --------------------------------------------------------------------------------

    @Test
    void jsonLines_plainJson_numbersAreFloat64AndBlankLinesAreSkipped() {
        String dep = fresh();
        AdminData.Reply reply = new AdminData(server, dep)
                .importText(
                        "format=jsonLines&table=things",
                        "{\"a\":1,\"s\":\"x\"}\n\n{\"a\":2.5,\"l\":[1,{\"k\":null}]}\n");
        assertThat(reply.body()).isEqualTo("{\"tables\":[{\"name\":\"things\",\"imported\":2}]}");
        List<String> docs = documents(dep, "things");
        assertThat(docs.get(0)).contains("\"a\":1.0,\"s\":\"x\"}");
        assertThat(docs.get(1)).contains("\"a\":2.5,\"l\":[1.0,{\"k\":null}]}");
    }

    @Test
    void jsonArray_eachElementIsADocument() {
        String dep = fresh();
        AdminData.Reply reply = new AdminData(server, dep)
                .importText("format=jsonArray&table=things", "[\n {\"a\":1},\n {\"a\":2}\n]\n");
        assertThat(reply.body()).isEqualTo("{\"tables\":[{\"name\":\"things\",\"imported\":2}]}");
        assertThat(documents(dep, "things")).hasSize(2);
    }

    @Test
    void csv_cellsAreTypedAsConvexDoes_numbersOrStrings_withQuotingAndLineBreaks() {
        String dep = fresh();
        String csv = "name , age,note\r\n"
                + "alice,30,\r\n"
                + "\"bob, jr\",4.5e1,\"says \"\"hi\"\"\nover two lines\"\n"
                + "carol,-inf,NaN\n"
                + "dave,0x10,+.5\n";
        AdminData.Reply reply = new AdminData(server, dep).importText("format=csv&table=people", csv);
        assertThat(reply.body()).isEqualTo("{\"tables\":[{\"name\":\"people\",\"imported\":4}]}");
        List<String> docs = documents(dep, "people");
        assertThat(docs.get(0)).endsWith("\"age\":30.0,\"name\":\"alice\",\"note\":\"\"}");
        assertThat(docs.get(1))
                .endsWith("\"age\":45.0,\"name\":\"bob, jr\",\"note\":\"says \\\"hi\\\"\\nover two lines\"}");
        assertThat(docs.get(2))
                .endsWith(
                        "\"age\":{\"$float\":\"AAAAAAAA8P8=\"},\"name\":\"carol\",\"note\":{\"$float\":\"AAAAAAAA+H8=\"}}");
        assertThat(docs.get(3)).endsWith("\"age\":\"0x10\",\"name\":\"dave\",\"note\":0.5}");
    }

    @Test
    void csv_emptyCellOfAnOptionalSchemaField_isLeftOut() {
        String dep = fresh();
        String schema = "export default { export() { return JSON.stringify({ schemaValidation: true, tables: [{"
                + " tableName: 'people', indexes: [], stagedDbIndexes: [], searchIndexes: [], stagedSearchIndexes: [],"
                + " vectorIndexes: [], stagedVectorIndexes: [], documentType: { type: 'object', value: {"
                + " name: { fieldType: { type: 'string' }, optional: false },"
                + " note: { fieldType: { type: 'string' }, optional: true } } } }] }); } };";
        Http.Reply push = new Http(server.deploymentUrl(dep))
                .post(
                        "/admin/push",
                        JsonOut.object(o -> o.objectField("modules", m -> m.field("schema.js", schema))),
                        "Authorization",
                        "Convex " + server.adminKey(dep));
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        AdminData.Reply reply =
                new AdminData(server, dep).importText("format=csv&table=people", "name,note\nann,\nbo,hello\n");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> docs = documents(dep, "people");
        assertThat(docs.get(0)).endsWith("\"name\":\"ann\"}");
        assertThat(docs.get(1)).endsWith("\"name\":\"bo\",\"note\":\"hello\"}");
        // and a document against the schema is refused with its line
        AdminData.Reply bad = new AdminData(server, dep)
                .importText("format=csv&table=people&mode=append", "name,note\ncy,ok\n42,x\n");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"code\":\"SchemaValidationFailed\"").contains("the csv file line 3:");
        assertThat(documents(dep, "people")).hasSize(2);
    }

    @Test
    void zip_ofSeveralTables_withoutIds_importsEach() {
        String dep = fresh();
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("snapshot/a/documents.jsonl", "{\"x\":1}\n{\"x\":2}\n");
        entries.put("snapshot/b/documents.jsonl", "{\"y\":\"z\"}\n");
        entries.put("snapshot/README.md", "ignored");
        AdminData.Reply reply = new AdminData(server, dep).importFile("format=zip", AdminData.zip(entries));
        assertThat(reply.body())
                .isEqualTo("{\"tables\":[{\"name\":\"a\",\"imported\":2},{\"name\":\"b\",\"imported\":1}]}");
        assertThat(tables(dep))
                .isEqualTo("{\"tables\":[{\"name\":\"a\",\"documents\":2},{\"name\":\"b\",\"documents\":1}]}");
    }

    // ---- modes ----------------------------------------------------------------------------------

    @Test
    void append_addsToTheTable_keepingIdsOfTheSameNumber() {
        String dep = fresh();
        AdminData admin = new AdminData(server, dep);
        admin.importText("format=jsonLines&table=t", "{\"n\":1}\n");
        String existing = documents(dep, "t").getFirst();
        int number = DocumentId.decode(field(existing, "_id")).orElseThrow().tableNumber();
        String kept = id(number, 5);
        AdminData.Reply reply = admin.importText(
                "format=jsonLines&table=t&mode=append", "{\"_id\":\"" + kept + "\",\"_creationTime\":5.0,\"n\":2}\n");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(admin.importText("format=jsonLines&table=t&mode=append", "{\"n\":3}\n")
                        .status())
                .isEqualTo(200);
        List<String> docs = documents(dep, "t");
        assertThat(docs).hasSize(3);
        assertThat(docs.getFirst()).isEqualTo("{\"_creationTime\":5.0,\"_id\":\"" + kept + "\",\"n\":2.0}");

        // the same id again, or ids of another table number, are refused and nothing is added
        AdminData.Reply again = admin.importText(
                "format=jsonLines&table=t&mode=append", "{\"n\":4}\n{\"_id\":\"" + kept + "\",\"n\":5}\n");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("\"code\":\"InvalidId\"").contains("line 2: this document has an _id");
        AdminData.Reply exists =
                admin.importText("format=jsonLines&table=t&mode=append", "{\"_id\":\"" + kept + "\",\"n\":5}\n");
        assertThat(exists.body())
                .contains("\"code\":\"DuplicateId\"")
                .contains("the jsonLines file line 1: document " + kept + " already exists in table t");
        AdminData.Reply foreign =
                admin.importText("format=jsonLines&table=t&mode=append", "{\"_id\":\"" + id(number + 1, 6) + "\"}\n");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body()).contains("\"code\":\"ImportConflict\"").contains("has number " + number);
        assertThat(documents(dep, "t")).hasSize(3);
    }

    @Test
    void replace_swapsTheTableAtOnce_andRequireEmpty_refusesATableWithDocuments() {
        String dep = fresh();
        AdminData admin = new AdminData(server, dep);
        admin.importText("format=jsonLines&table=t", "{\"old\":1}\n{\"old\":2}\n");
        AdminData.Reply refused = admin.importText("format=jsonLines&table=t", "{\"new\":1}\n");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("\"code\":\"TableNotEmpty\"").contains("Table t already has documents");
        AdminData.Reply explicit = admin.importText("format=jsonLines&table=t&mode=requireEmpty", "{\"new\":1}\n");
        assertThat(explicit.status()).isEqualTo(400);

        AdminData.Reply replaced = admin.importText("format=jsonLines&table=t&mode=replace", "{\"new\":1}\n");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(documents(dep, "t")).singleElement().asString().endsWith("\"new\":1.0}");
        assertThat(tables(dep)).isEqualTo("{\"tables\":[{\"name\":\"t\",\"documents\":1}]}");
    }

    // ---- corrupt files: 400 naming file and line, nothing written --------------------------------

    private static void assertRefused(AdminData.Reply reply, String code, String where) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.body()).contains("\"code\":\"" + code + "\"").contains(where);
    }

    @Test
    void corruptJsonLines_badJsonOrNotAnObjectOrBadField_namesTheLine_andWritesNothing() {
        String dep = fresh();
        AdminData admin = new AdminData(server, dep);
        assertRefused(
                admin.importText("format=jsonLines&table=t", "{\"a\":1}\n{\"a\":2}\n{\"a\": oops}\n"),
                "JsonInvalidRow",
                "the jsonLines file line 3: not valid JSON");
        assertRefused(
                admin.importText("format=jsonLines&table=t", "{\"a\":1}\n[1,2]\n"),
                "NotAnObject",
                "the jsonLines file line 2: a document must be a JSON object, got an array");
        assertRefused(
                admin.importText("format=jsonLines&table=t", "{\"a\":1}\n{\"a\":{\"$bad\":1}}\n"),
                "InvalidConvexValue",
                "the jsonLines file line 2: Invalid value at .a: field name \\\"$bad\\\" starts with '$'");
        assertRefused(
                admin.importText("format=jsonLines&table=t", "{\"_secret\":1}\n"),
                "InvalidDocument",
                "the jsonLines file line 1:");
        assertRefused(
                admin.importText("format=jsonLines&table=t", "{\"_id\":\"nope\"}\n"),
                "InvalidId",
                "line 1: _id \\\"nope\\\"");
        String twice = id(10001, 9);
        assertRefused(
                admin.importText(
                        "format=jsonLines&table=t", "{\"_id\":\"" + twice + "\"}\n{\"_id\":\"" + twice + "\"}\n"),
                "DuplicateId",
                "the jsonLines file line 2: _id " + twice + " appears twice");
        byte[] bom = "\uFEFF{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        assertRefused(admin.importFile("format=jsonLines&table=t", bom), "Utf8BomNotSupported", "line 1");
        byte[] latin1 = "{\"a\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(
                admin.importFile("format=jsonLines&table=t", latin1), "NotUtf8", "line 1: the file is not valid UTF-8");
        assertThat(tables(dep)).isEqualTo("{\"tables\":[]}");
    }

    @Test
    void corruptJsonArrayAndCsv_nameTheLine_andWriteNothing() {
        String dep = fresh();
        AdminData admin = new AdminData(server, dep);
        assertRefused(
                admin.importText("format=jsonArray&table=t", "[{\"a\":1},\n{\"a\":2},\n{\"a\":]"),
                "NotJson",
                "the jsonArray file line 3: not valid JSON");
        assertRefused(admin.importText("format=jsonArray&table=t", "{\"a\":1}"), "NotJsonArray", "one JSON array");
        assertRefused(
                admin.importText("format=csv&table=t", "a,b\n1,\"two\nlines\"\n3\n"),
                "CsvRowMissingFields",
                "the csv file line 4: the row has 1 field but the header has 2");
        assertRefused(admin.importText("format=csv&table=t", "a,$b\n1,2\n"), "CsvInvalidHeader", "line 1: the header");
        assertRefused(admin.importText("format=csv&table=t", "a\n\"open\n"), "CsvInvalidRow", "never closed");
        assertThat(tables(dep)).isEqualTo("{\"tables\":[]}");
    }

    @Test
    void corruptZip_anyBadEntry_writesNoTableAtAll() {
        String dep = withApp();
        send(dep, "c", "kept");
        AdminData admin = new AdminData(server, dep);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a/documents.jsonl", "{\"x\":1}\n");
        entries.put(
                "messages/documents.jsonl", "{\"channel\":\"c\",\"body\":\"new\"}\n{\"channel\":7,\"body\":\"x\"}\n");
        AdminData.Reply reply = admin.importFile("format=zip&mode=replace", AdminData.zip(entries));
        assertRefused(reply, "SchemaValidationFailed", "messages/documents.jsonl line 2:");
        assertThat(reply.body()).contains("channel");
        assertRefused(
                admin.importFile("format=zip", "not a zip".getBytes(StandardCharsets.UTF_8)),
                "InvalidZip",
                "not a ZIP");
        assertRefused(
                admin.importFile("format=zip", AdminData.zip(Map.of("a/generated_schema.jsonl", "\"uniform\"\n"))),
                "InvalidZip",
                "no <table>/documents.jsonl");
        assertRefused(
                admin.importFile(
                        "format=zip",
                        AdminData.zip(Map.of(
                                "a/documents.jsonl", "{}\n", "a/generated_schema.jsonl", "\"{type: object}\"\n"))),
                "UnsupportedGeneratedSchema",
                "a/generated_schema.jsonl line 1");
        assertThat(tables(dep)).isEqualTo("{\"tables\":[{\"name\":\"messages\",\"documents\":1}]}");
        assertThat(documents(dep, "messages")).singleElement().asString().contains("\"body\":\"kept\"");
    }

    @Test
    void import_badArguments_areRefused() {
        String dep = fresh();
        AdminData admin = new AdminData(server, dep);
        assertRefused(admin.importText("table=t", "{}"), "InvalidImportArguments", "needs format=");
        assertRefused(admin.importText("format=xml&table=t", "{}"), "InvalidImportFormat", "xml");
        assertRefused(admin.importText("format=jsonLines", "{}"), "InvalidImportArguments", "needs table=");
        assertRefused(admin.importText("format=jsonLines&table=t&mode=merge", "{}"), "InvalidImportMode", "merge");
        assertRefused(admin.importText("format=jsonLines&table=_t", "{}"), "InvalidTableName", "_t");
        Http.Reply noKey = new Http(server.deploymentUrl(dep)).post("/admin/import?format=jsonLines&table=t", "{}");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.body()).contains("MissingAdminKey");
        Http.Reply wrongMethod = new Http(server.deploymentUrl(dep))
                .get("/admin/import", "Authorization", "Convex " + server.adminKey(dep));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(tables(dep)).isEqualTo("{\"tables\":[]}");
    }

    // ---- tables and data ------------------------------------------------------------------------

    @Test
    void data_pagesThroughATableWithCursors_inBothOrders() {
        String dep = fresh();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            lines.append("{\"_creationTime\":")
                    .append(1000 + i)
                    .append(".0,\"n\":")
                    .append(i)
                    .append("}\n");
        }
        new AdminData(server, dep).importText("format=jsonLines&table=t", lines.toString());
        for (String order : List.of("asc", "desc")) {
            List<String> seen = new ArrayList<>();
            String cursor = "";
            boolean done = false;
            int pages = 0;
            while (!done) {
                AdminData.Reply reply =
                        new AdminData(server, dep).get("data?table=t&limit=10&order=" + order + "&cursor=" + cursor);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                Matcher m = PAGE.matcher(reply.body());
                assertThat(m.matches()).isTrue();
                for (String doc : elements(reply.body())) {
                    seen.add(doc.replaceAll(".*\"n\":([0-9.]+)}", "$1"));
                }
                cursor = m.group(2);
                done = m.group(3).equals("true");
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                expected.add(i + ".0");
            }
            if (order.equals("desc")) {
                java.util.Collections.reverse(expected);
            }
            assertThat(seen).containsExactlyElementsOf(expected);
        }
        AdminData.Reply newestFirst = new AdminData(server, dep).get("data?table=t&limit=1");
        assertThat(newestFirst.body()).contains("\"n\":24.0").contains("\"isDone\":false");
    }

    @Test
    void data_badArguments_andUnknownTable_areRefused() {
        String dep = fresh();
        new AdminData(server, dep).importText("format=jsonLines&table=t", "{}\n");
        AdminData admin = new AdminData(server, dep);
        AdminData.Reply unknown = admin.get("data?table=nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body())
                .contains("\"code\":\"TableNotFound\"")
                .contains("has no table nope (its tables: [t])");
        assertRefused(admin.get("data"), "InvalidDataArguments", "needs table=");
        assertRefused(admin.get("data?table=t&limit=0"), "InvalidDataArguments", "from 1 to 1000");
        assertRefused(admin.get("data?table=t&limit=x"), "InvalidDataArguments", "\\\"x\\\"");
        assertRefused(admin.get("data?table=t&order=up"), "InvalidDataArguments", "asc or desc");
        assertRefused(admin.get("data?table=t&cursor=!!"), "InvalidCursor", "not a continueCursor");
        Http.Reply noKey = new Http(server.deploymentUrl(dep)).get("/admin/tables");
        assertThat(noKey.status()).isEqualTo(401);
        Http.Reply noKeyExport = new Http(server.deploymentUrl(dep)).get("/admin/export");
        assertThat(noKeyExport.status()).isEqualTo(401);
    }

    private static String field(String doc, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(doc);
        assertThat(m.find()).as(doc).isTrue();
        return m.group(1);
    }
}
