package dev.slipway.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.FieldNames;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the documents of one imported file, one at a time and with the line each starts on, so that
 * a file of any size passes through in constant memory and every error names the file and the line.
 * The formats and their typing are Convex's:
 *
 * <ul>
 *   <li><b>jsonLines</b>: one JSON object per line (blank lines are skipped), read as {@link
 *       ImportJson.Mode#PLAIN} JSON, or as export JSON in a snapshot;
 *   <li><b>jsonArray</b>: one JSON array of objects, read element by element;
 *   <li><b>csv</b>: a header row naming the fields (spaces around a name are trimmed), then one
 *       record per document: a cell that parses as a number (Rust's {@code f64} syntax, as Convex
 *       reads CSV) is a Float64, any other cell a string. RFC 4180 quoting, with line breaks inside
 *       quotes. Every record needs as many cells as the header.
 * </ul>
 *
 * Text must be UTF-8 (a byte order mark is refused for JSON, as Convex does, and skipped for CSV).
 */
abstract class ImportRows implements AutoCloseable {
    /** One document and the line of the file it starts on (1-based). */
    record Row(long line, Value.Obj document) {}

    /** The format of an uploaded file. */
    enum Format {
        JSON_LINES("jsonLines"),
        JSON_ARRAY("jsonArray"),
        CSV("csv"),
        ZIP("zip");

        final String wireName;

        Format(String wireName) {
            this.wireName = wireName;
        }

        static Format parse(String wire) {
            for (Format f : values()) {
                if (f.wireName.equals(wire)) {
                    return f;
                }
            }
            throw ApiException.badRequest(
                    "InvalidImportFormat",
                    "Unknown import format \"" + wire + "\": format must be jsonLines, jsonArray, csv or zip");
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    final String file;

    private ImportRows(String file) {
        this.file = file;
    }

    /**
     * The next document, or empty at the end.
     *
     * @throws ApiException a 400 naming the file, the line and what is wrong
     */
    abstract Optional<Row> next() throws IOException;

    @Override
    public abstract void close() throws IOException;

    /** Opens a reader of {@code in} in {@code format} (not ZIP); {@code file} names it in errors. */
    static ImportRows open(Format format, InputStream in, String file, ImportJson.Mode mode) throws IOException {
        return switch (format) {
            case JSON_LINES -> new JsonLines(in, file, mode);
            case JSON_ARRAY -> new JsonArray(in, file, mode);
            case CSV -> new Csv(in, file);
            case ZIP -> throw new IllegalArgumentException("a ZIP holds several files; read each entry");
        };
    }

    /** A 400 for the import: {@code <file> line <n>: <what>}. */
    static ApiException bad(String code, String file, long line, String what) {
        return ApiException.badRequest(code, file + (line > 0 ? " line " + line : "") + ": " + what);
    }

    ApiException bad(String code, long line, String what) {
        return bad(code, file, line, what);
    }

    /** A UTF-8 reader that fails on malformed input instead of replacing it. */
    private static Reader utf8(InputStream in) {
        return new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** Whether the stream starts with a UTF-8 byte order mark; consumes it when {@code skip}, else resets. */
    private static boolean startsWithBom(java.io.BufferedInputStream in, boolean skip) throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        boolean bom = java.util.Arrays.equals(head, BOM);
        if (!(bom && skip)) {
            in.reset();
        }
        return bom;
    }

    private static Value.Obj asObject(Value value, ImportRows rows, long line) {
        if (value instanceof Value.Obj obj) {
            return obj;
        }
        throw rows.bad("NotAnObject", line, "a document must be a JSON object, got " + ValueDescription.of(value));
    }

    /** Short descriptions of values for messages. */
    static final class ValueDescription {
        private ValueDescription() {}

        static String of(Value value) {
            return switch (value) {
                case Value.Null n -> "null";
                case Value.Bool b -> "a boolean";
                case Value.Int64 i -> "a number";
                case Value.Float64 f -> "a number";
                case Value.Str s -> "a string";
                case Value.Bytes b -> "bytes";
                case Value.Array a -> "an array";
                case Value.Obj o -> "an object";
            };
        }
    }

    // ---- jsonLines ------------------------------------------------------------------------------

    private static final class JsonLines extends ImportRows {
        private final BufferedReader reader;
        private final ImportJson.Mode mode;
        private long line;

        JsonLines(InputStream in, String file, ImportJson.Mode mode) throws IOException {
            super(file);
            java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(in, 1 << 16);
            if (startsWithBom(buffered, false)) {
                buffered.close();
                throw bad(
                        "Utf8BomNotSupported",
                        1,
                        "the file starts with a UTF-8 byte order mark, which is not supported; save it without one");
            }
            this.reader = new BufferedReader(utf8(buffered), 1 << 16);
            this.mode = mode;
        }

        @Override
        Optional<Row> next() throws IOException {
            while (true) {
                String text;
                try {
                    text = reader.readLine();
                } catch (CharacterCodingException e) {
                    throw bad("NotUtf8", line + 1, "the file is not valid UTF-8");
                }
                if (text == null) {
                    return Optional.empty();
                }
                line++;
                if (text.isBlank()) {
                    continue;
                }
                return Optional.of(new Row(line, parse(text)));
            }
        }

        private Value.Obj parse(String text) throws IOException {
            try (JsonParser p = ConvexJson.jsonFactory().createParser(text)) {
                JsonToken first = p.nextToken();
                Value value = ImportJson.read(p, mode);
                if (p.nextToken() != null) {
                    throw bad("JsonInvalidRow", line, "unexpected text after the JSON value (one document per line)");
                }
                if (first != JsonToken.START_OBJECT) {
                    throw bad(
                            "NotAnObject", line, "a document must be a JSON object, got " + ValueDescription.of(value));
                }
                return asObject(value, this, line);
            } catch (JsonProcessingException e) {
                throw bad("JsonInvalidRow", line, "not valid JSON: " + e.getOriginalMessage());
            } catch (InvalidValueException e) {
                throw bad("InvalidConvexValue", line, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    // ---- jsonArray ------------------------------------------------------------------------------

    private static final class JsonArray extends ImportRows {
        private final JsonParser parser;
        private final ImportJson.Mode mode;
        private boolean started;
        private boolean ended;

        JsonArray(InputStream in, String file, ImportJson.Mode mode) throws IOException {
            super(file);
            java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(in, 1 << 16);
            if (startsWithBom(buffered, false)) {
                buffered.close();
                throw bad(
                        "Utf8BomNotSupported",
                        1,
                        "the file starts with a UTF-8 byte order mark, which is not supported; save it without one");
            }
            this.parser = ConvexJson.jsonFactory().createParser(utf8(buffered));
            this.mode = mode;
        }

        @Override
        Optional<Row> next() throws IOException {
            if (ended) {
                return Optional.empty();
            }
            long line = 0;
            try {
                if (!started) {
                    started = true;
                    JsonToken first = parser.nextToken();
                    if (first != JsonToken.START_ARRAY) {
                        throw bad(
                                "NotJsonArray",
                                lineOf(parser.currentTokenLocation()),
                                "a jsonArray file must hold one JSON array of documents"
                                        + (first == null ? ", and this one is empty" : ""));
                    }
                }
                JsonToken t = parser.nextToken();
                line = lineOf(parser.currentTokenLocation());
                if (t == JsonToken.END_ARRAY) {
                    ended = true;
                    if (parser.nextToken() != null) {
                        throw bad(
                                "NotJsonArray",
                                lineOf(parser.currentTokenLocation()),
                                "unexpected JSON after the array of documents");
                    }
                    return Optional.empty();
                }
                if (t == null) {
                    throw bad("NotJson", line, "the file ends before the array does");
                }
                Value value = ImportJson.read(parser, mode);
                return Optional.of(new Row(line, asObject(value, this, line)));
            } catch (JsonProcessingException e) {
                throw bad("NotJson", lineOf(e.getLocation()), "not valid JSON: " + e.getOriginalMessage());
            } catch (CharacterCodingException e) {
                throw bad("NotUtf8", line, "the file is not valid UTF-8");
            } catch (InvalidValueException e) {
                throw bad("InvalidConvexValue", line, String.valueOf(e.getMessage()));
            }
        }

        private static long lineOf(@org.jspecify.annotations.Nullable JsonLocation location) {
            return location == null ? 0 : Math.max(0, location.getLineNr());
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    // ---- csv ------------------------------------------------------------------------------------

    /** Rust's {@code f64::from_str}: an optional sign, then inf, infinity, nan (any case) or a decimal. */
    private static final Pattern RUST_FLOAT =
            Pattern.compile("[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");

    /** The value of a CSV cell, as Convex types it: a number when it parses as one, else a string. */
    static Value csvCell(String cell) {
        if (RUST_FLOAT.matcher(cell).matches()) {
            String lower = cell.toLowerCase(Locale.ROOT);
            boolean negative = lower.startsWith("-");
            String magnitude = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
            double value = switch (magnitude) {
                case "inf", "infinity" -> Double.POSITIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(magnitude);
            };
            return new Value.Float64(negative ? -value : value);
        }
        return new Value.Str(cell);
    }

    private static final class Csv extends ImportRows {
        private final Reader reader;
        private final List<String> header;
        /** The line the reader is on (1-based). */
        private long line = 1;

        private int peeked = -2;

        Csv(InputStream in, String file) throws IOException {
            super(file);
            java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(in, 1 << 16);
            startsWithBom(buffered, true);
            this.reader = new java.io.BufferedReader(utf8(buffered), 1 << 16);
            Optional<CsvRecord> first = record();
            if (first.isEmpty()) {
                throw bad("CsvMissingHeaders", 1, "the CSV file is empty; it needs a header row naming the fields");
            }
            List<String> names = new ArrayList<>();
            for (String raw : first.get().cells()) {
                String name = raw.replaceAll("^ +| +$", "");
                if (name.isEmpty() || !FieldNames.isValidFieldName(name)) {
                    String why = name.isEmpty() ? "it is empty" : "not a valid field name";
                    try {
                        FieldNames.checkFieldName(name);
                    } catch (InvalidValueException e) {
                        why = e.reason();
                    }
                    throw bad("CsvInvalidHeader", first.get().line(), "the header \"" + name + "\" is " + why);
                }
                if (names.contains(name)) {
                    throw bad(
                            "CsvInvalidHeader",
                            first.get().line(),
                            "the header names the field \"" + name + "\" twice");
                }
                names.add(name);
            }
            this.header = List.copyOf(names);
        }

        private record CsvRecord(long line, List<String> cells) {}

        @Override
        Optional<Row> next() throws IOException {
            Optional<CsvRecord> next = record();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            CsvRecord r = next.get();
            if (r.cells().size() != header.size()) {
                throw bad(
                        "CsvRowMissingFields",
                        r.line(),
                        "the row has " + r.cells().size() + " field"
                                + (r.cells().size() == 1 ? "" : "s") + " but the header has " + header.size());
            }
            TreeMap<String, Value> fields = new TreeMap<>();
            for (int i = 0; i < header.size(); i++) {
                try {
                    fields.put(header.get(i), csvCell(r.cells().get(i)));
                } catch (InvalidValueException e) {
                    throw bad("InvalidConvexValue", r.line(), "field " + header.get(i) + ": " + e.reason());
                }
            }
            return Optional.of(new Row(r.line(), Value.Obj.of(fields)));
        }

        private int read() throws IOException {
            int c;
            if (peeked != -2) {
                c = peeked;
                peeked = -2;
            } else {
                try {
                    c = reader.read();
                } catch (CharacterCodingException e) {
                    throw bad("NotUtf8", line, "the file is not valid UTF-8");
                }
            }
            return c;
        }

        private int peek() throws IOException {
            if (peeked == -2) {
                try {
                    peeked = reader.read();
                } catch (CharacterCodingException e) {
                    throw bad("NotUtf8", line, "the file is not valid UTF-8");
                }
            }
            return peeked;
        }

        /** The next record, skipping empty lines; empty at the end. */
        private Optional<CsvRecord> record() throws IOException {
            while (true) {
                int c = peek();
                if (c == -1) {
                    return Optional.empty();
                }
                if (c == '\n' || c == '\r') {
                    endOfLine(read());
                    continue;
                }
                return Optional.of(readCsvRecord());
            }
        }

        private void endOfLine(int c) throws IOException {
            if (c == '\r' && peek() == '\n') {
                read();
            }
            line++;
        }

        private CsvRecord readCsvRecord() throws IOException {
            long start = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            while (true) {
                int c = read();
                if (c == '"' && cell.isEmpty()) {
                    readQuoted(cell, start);
                    c = read();
                    if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                        throw bad(
                                "CsvInvalidRow",
                                line,
                                "unexpected character '" + (char) c + "' after a closing quote (a quote inside a"
                                        + " quoted field is written \"\")");
                    }
                }
                if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r' || c == -1) {
                    cells.add(cell.toString());
                    if (c != -1) {
                        endOfLine(c);
                    }
                    return new CsvRecord(start, cells);
                } else {
                    cell.append((char) c);
                }
            }
        }

        /** Reads a quoted cell's content after its opening quote, through its closing quote. */
        private void readQuoted(StringBuilder cell, long start) throws IOException {
            while (true) {
                int c = read();
                if (c == -1) {
                    throw bad("CsvInvalidRow", start, "a quoted field is never closed");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        cell.append('"');
                        continue;
                    }
                    return;
                }
                if (c == '\n' || (c == '\r' && peek() != '\n')) {
                    line++;
                } else if (c == '\r') {
                    cell.append('\r');
                    c = read();
                    line++;
                }
                cell.append((char) c);
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
