package dev.slipway.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Schema JSON ({@code defineSchema(...).export()}, §5.10 of the interface reference) to {@link
 * Schema} and back.
 *
 * <p>Reading follows the Convex backend's serde model: {@code tables} and each table's {@code
 * tableName} and {@code indexes} are required; the staged, search and vector index lists, {@code
 * documentType} ({@code v.any()} when absent), {@code stagedDocumentType} and {@code
 * schemaValidation} (false when absent) are optional; a vector index takes {@code dimensions} or the
 * legacy {@code dimension}; unknown keys are ignored. Writing gives the export's exact text, key
 * order included.
 */
final class SchemaJson {
    private static final String WHAT = "schema JSON";
    private static final JsonReader READER = new JsonReader(SchemaException.INVALID_SCHEMA, WHAT);

    private SchemaJson() {}

    static Schema parse(String text) {
        Json.Obj root = READER.object(Json.parse(text, SchemaException.INVALID_SCHEMA, WHAT), "$");
        List<Schema.Table> tables = list(READER.required(root, "tables", "$"), "$.tables", SchemaJson::table);
        boolean validation = READER.optional(root, "schemaValidation")
                .map(j -> READER.bool(j, "$.schemaValidation"))
                .orElse(false);
        return new Schema(tables, validation);
    }

    private static Schema.Table table(Json node, String path) {
        Json.Obj obj = READER.object(node, path);
        String name = READER.requiredString(obj, "tableName", path);
        List<Schema.Index> indexes =
                list(READER.required(obj, "indexes", path), JsonReader.member(path, "indexes"), SchemaJson::index);
        return new Schema.Table(
                name,
                indexes,
                optionalList(obj, "stagedDbIndexes", path, SchemaJson::index),
                optionalList(obj, "searchIndexes", path, SchemaJson::searchIndex),
                optionalList(obj, "stagedSearchIndexes", path, SchemaJson::searchIndex),
                optionalList(obj, "vectorIndexes", path, SchemaJson::vectorIndex),
                optionalList(obj, "stagedVectorIndexes", path, SchemaJson::vectorIndex),
                validator(obj, "documentType", path).orElseGet(Validator.Any::new),
                validator(obj, "stagedDocumentType", path));
    }

    private static Optional<Validator> validator(Json.Obj obj, String key, String path) {
        return READER.optional(obj, key).map(j -> ValidatorJson.read(j, JsonReader.member(path, key)));
    }

    private static Schema.Index index(Json node, String path) {
        Json.Obj obj = READER.object(node, path);
        return new Schema.Index(READER.requiredString(obj, "indexDescriptor", path), strings(obj, "fields", path));
    }

    private static Schema.SearchIndex searchIndex(Json node, String path) {
        Json.Obj obj = READER.object(node, path);
        return new Schema.SearchIndex(
                READER.requiredString(obj, "indexDescriptor", path),
                READER.requiredString(obj, "searchField", path),
                strings(obj, "filterFields", path));
    }

    private static Schema.VectorIndex vectorIndex(Json node, String path) {
        Json.Obj obj = READER.object(node, path);
        String key = obj.members().containsKey("dimensions") || !obj.members().containsKey("dimension")
                ? "dimensions"
                : "dimension";
        int dimensions = READER.nonNegativeInt(READER.required(obj, key, path), JsonReader.member(path, key));
        return new Schema.VectorIndex(
                READER.requiredString(obj, "indexDescriptor", path),
                READER.requiredString(obj, "vectorField", path),
                dimensions,
                strings(obj, "filterFields", path));
    }

    private static List<String> strings(Json.Obj obj, String key, String path) {
        return list(READER.required(obj, key, path), JsonReader.member(path, key), READER::string);
    }

    private static <T> List<T> optionalList(
            Json.Obj obj, String key, String path, BiFunction<Json, String, T> element) {
        return READER.optional(obj, key)
                .map(j -> list(j, JsonReader.member(path, key), element))
                .orElse(List.of());
    }

    private static <T> List<T> list(Json node, String path, BiFunction<Json, String, T> element) {
        List<Json> elements = READER.array(node, path);
        List<T> out = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            out.add(element.apply(elements.get(i), JsonReader.element(path, i)));
        }
        return out;
    }

    static String write(Schema schema) {
        StringBuilder out = new StringBuilder("{\"tables\":[");
        String separator = "";
        for (Schema.Table table : schema.tables()) {
            writeTable(out.append(separator), table);
            separator = ",";
        }
        return out.append("],\"schemaValidation\":")
                .append(schema.schemaValidation())
                .append('}')
                .toString();
    }

    private static void writeTable(StringBuilder out, Schema.Table table) {
        out.append("{\"tableName\":").append(Json.quote(table.name()));
        writeList(out, "indexes", table.indexes(), SchemaJson::writeIndex);
        writeList(out, "stagedDbIndexes", table.stagedIndexes(), SchemaJson::writeIndex);
        writeList(out, "searchIndexes", table.searchIndexes(), SchemaJson::writeSearchIndex);
        writeList(out, "stagedSearchIndexes", table.stagedSearchIndexes(), SchemaJson::writeSearchIndex);
        writeList(out, "vectorIndexes", table.vectorIndexes(), SchemaJson::writeVectorIndex);
        writeList(out, "stagedVectorIndexes", table.stagedVectorIndexes(), SchemaJson::writeVectorIndex);
        out.append(",\"documentType\":");
        ValidatorJson.write(out, table.documentType());
        if (table.stagedDocumentType().isPresent()) {
            out.append(",\"stagedDocumentType\":");
            ValidatorJson.write(out, table.stagedDocumentType().get());
        }
        out.append('}');
    }

    private static void writeIndex(StringBuilder out, Schema.Index index) {
        out.append("{\"indexDescriptor\":").append(Json.quote(index.name())).append(",\"fields\":");
        writeStrings(out, index.fields());
        out.append('}');
    }

    private static void writeSearchIndex(StringBuilder out, Schema.SearchIndex index) {
        out.append("{\"indexDescriptor\":")
                .append(Json.quote(index.name()))
                .append(",\"searchField\":")
                .append(Json.quote(index.searchField()))
                .append(",\"filterFields\":");
        writeStrings(out, index.filterFields());
        out.append('}');
    }

    private static void writeVectorIndex(StringBuilder out, Schema.VectorIndex index) {
        out.append("{\"indexDescriptor\":")
                .append(Json.quote(index.name()))
                .append(",\"vectorField\":")
                .append(Json.quote(index.vectorField()))
                .append(",\"dimensions\":")
                .append(index.dimensions())
                .append(",\"filterFields\":");
        writeStrings(out, index.filterFields());
        out.append('}');
    }

    private static <T> void writeList(StringBuilder out, String key, List<T> items, ItemWriter<T> writer) {
        out.append(",\"").append(key).append("\":[");
        String separator = "";
        for (T item : items) {
            out.append(separator);
            writer.write(out, item);
            separator = ",";
        }
        out.append(']');
    }

    private static void writeStrings(StringBuilder out, List<String> strings) {
        out.append('[');
        String separator = "";
        for (String s : strings) {
            out.append(separator).append(Json.quote(s));
            separator = ",";
        }
        out.append(']');
    }

    @FunctionalInterface
    private interface ItemWriter<T> {
        void write(StringBuilder out, T item);
    }
}
