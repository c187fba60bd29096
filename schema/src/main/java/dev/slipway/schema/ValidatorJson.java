package dev.slipway.schema;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Validator JSON (§5.4 of the interface reference) to {@link Validator} and back.
 *
 * <p>Reading follows the Convex backend's serde model: the {@code type} tag picks the shape, unknown
 * keys are ignored, {@code map} and {@code set} are aliases of {@code any}, a literal's value is
 * Convex-JSON, a record's values are a field type whose {@code optional} must be false. Errors carry
 * the JSON path. Writing gives {@code convex/values}' exact text: {@code type} first, object fields
 * in their order.
 */
final class ValidatorJson {
    private static final String WHAT = "validator JSON";
    private static final JsonReader READER = new JsonReader(SchemaException.INVALID_VALIDATOR, WHAT);

    private ValidatorJson() {}

    static Validator parse(String text) {
        return read(Json.parse(text, SchemaException.INVALID_VALIDATOR, WHAT), "$");
    }

    /** Reads the validator at {@code node}, whose JSON path is {@code path}. */
    static Validator read(Json node, String path) {
        Json.Obj obj = READER.object(node, path);
        String type = READER.requiredString(obj, "type", path);
        return switch (type) {
            case "null" -> new Validator.Null();
            case "number" -> new Validator.Float64();
            case "bigint" -> new Validator.Int64();
            case "commitTs" -> new Validator.CommitTs();
            case "boolean" -> new Validator.Bool();
            case "string" -> new Validator.Str();
            case "bytes" -> new Validator.Bytes();
            case "any", "map", "set" -> new Validator.Any();
            case "literal" -> literal(obj, path);
            case "id" -> {
                String table = READER.requiredString(obj, "tableName", path);
                yield construct(JsonReader.member(path, "tableName"), () -> new Validator.Id(table));
            }
            case "array" -> new Validator.Array(read(READER.required(obj, "value", path), value(path)));
            case "object" -> object(obj, path);
            case "record" -> record(obj, path);
            case "union" -> union(obj, path);
            default ->
                throw READER.error(JsonReader.member(path, "type"), "unknown validator type " + Json.quote(type));
        };
    }

    private static String value(String path) {
        return JsonReader.member(path, "value");
    }

    private static Validator literal(Json.Obj obj, String path) {
        StringBuilder text = new StringBuilder();
        READER.required(obj, "value", path).write(text);
        Value value;
        try {
            value = ConvexJson.decode(text.toString());
        } catch (InvalidValueException e) {
            throw new SchemaException(
                    SchemaException.INVALID_VALIDATOR,
                    "Invalid " + WHAT + " at " + value(path) + ": the literal is not a Convex-JSON value: "
                            + e.getMessage(),
                    e);
        }
        return construct(value(path), () -> new Validator.Literal(value));
    }

    private static Validator object(Json.Obj obj, String path) {
        String fieldsPath = value(path);
        Json.Obj members = READER.object(READER.required(obj, "value", path), fieldsPath);
        Map<String, Validator.Field> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Json> member : members.members().entrySet()) {
            fields.put(member.getKey(), field(member.getValue(), JsonReader.member(fieldsPath, member.getKey())));
        }
        return construct(fieldsPath, () -> new Validator.Obj(fields));
    }

    private static Validator.Field field(Json node, String path) {
        Json.Obj obj = READER.object(node, path);
        Validator validator = read(READER.required(obj, "fieldType", path), JsonReader.member(path, "fieldType"));
        boolean optional = READER.bool(READER.required(obj, "optional", path), JsonReader.member(path, "optional"));
        return new Validator.Field(validator, optional);
    }

    private static Validator record(Json.Obj obj, String path) {
        Validator keys = read(READER.required(obj, "keys", path), JsonReader.member(path, "keys"));
        String valuesPath = JsonReader.member(path, "values");
        Validator.Field values = field(READER.required(obj, "values", path), valuesPath);
        Validator record = construct(path, () -> new Validator.RecordOf(keys, values.validator()));
        if (values.optional()) {
            throw new SchemaException(
                    "InvalidRecordType",
                    "Invalid " + WHAT + " at " + valuesPath + ": Records cannot have optional values");
        }
        return record;
    }

    private static Validator union(Json.Obj obj, String path) {
        String membersPath = value(path);
        List<Json> elements = READER.array(READER.required(obj, "value", path), membersPath);
        List<Validator> members = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            members.add(read(elements.get(i), JsonReader.element(membersPath, i)));
        }
        return new Validator.Union(members);
    }

    /** Runs a validator constructor; a rule it enforces is reported at {@code path}. */
    private static Validator construct(String path, Supplier<Validator> constructor) {
        try {
            return constructor.get();
        } catch (SchemaException e) {
            throw new SchemaException(e.code(), "Invalid validator at " + path + ": " + e.getMessage(), e);
        }
    }

    static String write(Validator validator) {
        StringBuilder out = new StringBuilder();
        write(out, validator);
        return out.toString();
    }

    static void write(StringBuilder out, Validator validator) {
        switch (validator) {
            case Validator.Null _ -> simple(out, "null");
            case Validator.Float64 _ -> simple(out, "number");
            case Validator.Int64 _ -> simple(out, "bigint");
            case Validator.CommitTs _ -> simple(out, "commitTs");
            case Validator.Bool _ -> simple(out, "boolean");
            case Validator.Str _ -> simple(out, "string");
            case Validator.Bytes _ -> simple(out, "bytes");
            case Validator.Any _ -> simple(out, "any");
            case Validator.Literal literal ->
                out.append("{\"type\":\"literal\",\"value\":")
                        .append(ConvexJson.encode(literal.value()))
                        .append('}');
            case Validator.Id id ->
                out.append("{\"type\":\"id\",\"tableName\":")
                        .append(Json.quote(id.tableName()))
                        .append('}');
            case Validator.Array array -> {
                out.append("{\"type\":\"array\",\"value\":");
                write(out, array.element());
                out.append('}');
            }
            case Validator.Obj object -> writeObject(out, object);
            case Validator.RecordOf record -> {
                out.append("{\"type\":\"record\",\"keys\":");
                write(out, record.keys());
                out.append(",\"values\":");
                writeField(out, Validator.Field.required(record.values()));
                out.append('}');
            }
            case Validator.Union union -> {
                out.append("{\"type\":\"union\",\"value\":[");
                String separator = "";
                for (Validator member : union.members()) {
                    write(out.append(separator), member);
                    separator = ",";
                }
                out.append("]}");
            }
        }
    }

    private static void simple(StringBuilder out, String type) {
        out.append("{\"type\":\"").append(type).append("\"}");
    }

    private static void writeObject(StringBuilder out, Validator.Obj object) {
        out.append("{\"type\":\"object\",\"value\":{");
        String separator = "";
        for (Map.Entry<String, Validator.Field> field : object.fields().entrySet()) {
            out.append(separator).append(Json.quote(field.getKey())).append(':');
            writeField(out, field.getValue());
            separator = ",";
        }
        out.append("}}");
    }

    private static void writeField(StringBuilder out, Validator.Field field) {
        out.append("{\"fieldType\":");
        write(out, field.validator());
        out.append(",\"optional\":").append(field.optional()).append('}');
    }
}
