package dev.slipway.server;

import dev.slipway.database.Catalog;
import dev.slipway.database.SnapshotReader;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Order;
import dev.slipway.value.ValueFormat;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The data endpoints of the admin API (admin key only), as {@code docs/ADMIN-API.md} describes them:
 *
 * <ul>
 *   <li>{@code GET tables}: the user tables and their document counts;
 *   <li>{@code GET data?table=T&limit=N&order=asc|desc&cursor=C}: a page of a table's documents in
 *       Convex's export JSON, newest first by default (by {@code _creationTime}, as {@code npx convex
 *       data} shows them), with a cursor for the next page;
 *   <li>{@code GET export}: a snapshot ZIP of every user table ({@link SnapshotExport});
 *   <li>{@code POST import?table=T&mode=...&format=...}: the file in the body, streamed ({@link
 *       DataImport}).
 * </ul>
 */
final class DataApi {
    /** Largest {@code limit} of {@code GET data}. */
    static final int MAX_LIMIT = 1000;

    private static final int DEFAULT_LIMIT = 100;
    /** A page of {@code GET data} stops early past this many bytes of documents. */
    private static final long PAGE_BYTES = 8L << 20;

    private DataApi() {}

    /** Whether {@code endpoint} is one of these. */
    static boolean handles(String endpoint) {
        return switch (endpoint) {
            case "tables", "data", "export", "import" -> true;
            default -> false;
        };
    }

    static ApiResponse handle(Deployment deployment, String endpoint, ApiRequest request) {
        String method = endpoint.equals("import") ? "POST" : "GET";
        if (!request.isMethod(method)) {
            throw new ApiException(405, "MethodNotAllowed", request.method() + " is not allowed here; use " + method);
        }
        return switch (endpoint) {
            case "tables" -> {
                Auth.requireAdmin(request, deployment, "Listing tables");
                yield tables(deployment);
            }
            case "data" -> {
                Auth.requireAdmin(request, deployment, "Reading data");
                yield data(deployment, request);
            }
            case "export" -> {
                Auth.requireAdmin(request, deployment, "Exporting data");
                yield SnapshotExport.response(deployment);
            }
            case "import" -> {
                Auth.requireAdmin(request, deployment, "Importing data");
                yield importFile(deployment, request);
            }
            default -> throw new IllegalArgumentException("not a data endpoint: " + endpoint);
        };
    }

    private static ApiResponse tables(Deployment deployment) {
        try (SnapshotReader reader = deployment.database().snapshotReader()) {
            return ApiResponse.json(
                    200,
                    JsonOut.object(o -> o.arrayField(
                            "tables",
                            a -> reader.userTables()
                                    .forEach(t -> a.objectElement(e ->
                                            e.field("name", t.name()).field("documents", reader.count(t.name())))))));
        }
    }

    private static ApiResponse data(Deployment deployment, ApiRequest request) {
        String table = request.queryParam("table")
                .filter(t -> !t.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("InvalidDataArguments", "GET data needs table=<name>"));
        int limit = request.queryParam("limit").map(DataApi::limit).orElse(DEFAULT_LIMIT);
        Order order = request.queryParam("order").map(DataApi::order).orElse(Order.DESC);
        Optional<IndexKey> after =
                request.queryParam("cursor").filter(c -> !c.isEmpty()).map(c -> cursor(c, order));
        try (SnapshotReader reader = deployment.database().snapshotReader()) {
            if (reader.catalog()
                    .table(table)
                    .filter(t -> !t.name().startsWith("_"))
                    .isEmpty()) {
                throw ApiException.notFound(
                        "TableNotFound",
                        "Deployment " + deployment.name() + " has no table " + table + " (its tables: "
                                + reader.userTables().stream()
                                        .map(Catalog.Table::name)
                                        .toList() + ")");
            }
            SnapshotReader.Page page =
                    reader.page(table, IndexDefinition.BY_CREATION_TIME, order, after, limit, PAGE_BYTES);
            String next = page.last()
                    .map(key -> encodeCursor(key, order))
                    .orElse(after.map(k -> encodeCursor(k, order)).orElse(""));
            return ApiResponse.json(
                    200,
                    JsonOut.object(o -> o.arrayField(
                                    "page",
                                    a -> page.documents()
                                            .forEach(doc -> a.rawElement(ValueFormat.EXPORT_JSON.encode(doc))))
                            .field("continueCursor", next)
                            .field("isDone", page.done())));
        }
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest(
                "InvalidDataArguments",
                "limit must be a whole number from 1 to " + MAX_LIMIT + ", got \"" + text + "\"");
    }

    private static Order order(String text) {
        return switch (text) {
            case "asc" -> Order.ASC;
            case "desc" -> Order.DESC;
            default ->
                throw ApiException.badRequest(
                        "InvalidDataArguments", "order must be asc or desc, got \"" + text + "\"");
        };
    }

    /** A cursor is the order and the last index key read, in URL-safe base64. */
    private static String encodeCursor(IndexKey key, Order order) {
        byte[] bytes = key.bytes();
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) (order == Order.ASC ? 'a' : 'd');
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    private static IndexKey cursor(String text, Order order) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        char expected = order == Order.ASC ? 'a' : 'd';
        if (bytes.length < 2 || (bytes[0] != 'a' && bytes[0] != 'd')) {
            throw ApiException.badRequest(
                    "InvalidCursor", "cursor \"" + text + "\" is not a continueCursor returned by GET data");
        }
        if (bytes[0] != expected) {
            throw ApiException.badRequest(
                    "InvalidCursor",
                    "cursor \"" + text + "\" belongs to a listing in the other order; pass the same order as before");
        }
        return new IndexKey(Arrays.copyOfRange(bytes, 1, bytes.length));
    }

    private static ApiResponse importFile(Deployment deployment, ApiRequest request) {
        ImportRows.Format format = ImportRows.Format.parse(request.queryParam("format")
                .orElseThrow(() -> ApiException.badRequest(
                        "InvalidImportArguments", "POST import needs format=jsonLines|jsonArray|csv|zip")));
        DataImport.Mode mode =
                request.queryParam("mode").map(DataImport.Mode::parse).orElse(DataImport.Mode.REQUIRE_EMPTY);
        Optional<String> table = request.queryParam("table").filter(t -> !t.isEmpty());
        String answer = DataImport.run(
                deployment,
                format,
                mode,
                table,
                request.openBody(),
                deployment.directory().resolve("import-spool"));
        return ApiResponse.json(200, answer);
    }
}
