package dev.slipway.server;

import dev.slipway.database.Catalog;
import dev.slipway.database.SnapshotReader;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.isolate.HttpHeader;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Order;
import dev.slipway.value.Value;
import dev.slipway.value.ValueFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code GET /admin/export}: the deployment's user tables as a ZIP in Convex's snapshot layout, which
 * {@code POST /admin/import} (here or on Convex) reads back:
 *
 * <pre>
 * README.md
 * _tables/documents.jsonl          {"name": "messages", "id": 10001} per table, by number
 * messages/documents.jsonl         one document per line, in Convex's export JSON, by _id
 * messages/generated_schema.jsonl  "uniform" (the documents are export JSON)
 * </pre>
 *
 * Every table is read at one snapshot timestamp ({@link SnapshotReader}), so the export is
 * consistent however long it takes, and the ZIP is written to the client as it is made: a page of
 * {@value #PAGE} documents at a time, never a whole table in memory.
 */
final class SnapshotExport {
    static final int PAGE = 1000;
    private static final long PAGE_BYTES = 8L << 20;

    private static final String README = """
            # A Slipway snapshot export

            Each table's documents are in <table>/documents.jsonl, one JSON object per line, in Convex's
            export JSON (integers are Int64, numbers with a dot or exponent are Float64, bytes and
            non-finite numbers are {"$bytes": ...} / {"$float": ...}). _tables/documents.jsonl lists
            the tables and their numbers, which the documents' _id fields carry.

            Import it with `slipway import <file>.zip` (or `npx convex import`).
            """;

    private SnapshotExport() {}

    /** The streamed ZIP of {@code deployment}'s tables as of now. */
    static ApiResponse response(Deployment deployment) {
        SnapshotReader reader = deployment.database().snapshotReader();
        String name = "snapshot_" + deployment.name() + "_" + reader.ts().nanos() + ".zip";
        return ApiResponse.streamed(
                200,
                List.of(
                        new HttpHeader("Content-Type", "application/zip"),
                        new HttpHeader("Content-Disposition", "attachment; filename=\"" + name + "\""),
                        new HttpHeader(
                                "X-Slipway-Snapshot-Ts",
                                Long.toString(reader.ts().nanos()))),
                out -> {
                    try (reader) {
                        write(reader, out);
                    }
                });
    }

    /** Writes the ZIP of the reader's snapshot to {@code out} (which it does not close). */
    static void write(SnapshotReader reader, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8);
        Writer text = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        List<Catalog.Table> tables = reader.userTables();
        entry(zip, text, "README.md", README);
        zip.putNextEntry(new ZipEntry("_tables/documents.jsonl"));
        for (Catalog.Table table : tables.stream()
                .sorted(Comparator.comparingInt(Catalog.Table::number))
                .toList()) {
            text.write(JsonOut.object(o -> o.field("name", table.name()).field("id", table.number())));
            text.write('\n');
        }
        text.flush();
        zip.closeEntry();
        for (Catalog.Table table : tables) {
            zip.putNextEntry(new ZipEntry(table.name() + "/documents.jsonl"));
            Optional<IndexKey> after = Optional.empty();
            boolean done = false;
            StringBuilder line = new StringBuilder();
            while (!done) {
                SnapshotReader.Page page =
                        reader.page(table.name(), IndexDefinition.BY_ID, Order.ASC, after, PAGE, PAGE_BYTES);
                for (Value.Obj doc : page.documents()) {
                    line.setLength(0);
                    line.append(ValueFormat.EXPORT_JSON.encode(doc)).append('\n');
                    text.append(line);
                }
                after = page.last();
                done = page.done() || page.documents().isEmpty();
            }
            text.flush();
            zip.closeEntry();
            entry(zip, text, table.name() + "/generated_schema.jsonl", "\"uniform\"\n");
        }
        zip.finish();
        zip.flush();
    }

    private static void entry(ZipOutputStream zip, Writer text, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        text.write(content);
        text.flush();
        zip.closeEntry();
    }
}
