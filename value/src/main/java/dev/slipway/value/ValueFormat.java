package dev.slipway.value;

import java.util.Locale;

/**
 * The JSON shapes a value can be returned in (the HTTP API's {@code format} parameter, §1.2 of the
 * interface reference). Inputs are always read as {@link #CONVEX_ENCODED_JSON}; this only shapes
 * output.
 */
public enum ValueFormat {
    /** Convex-JSON, lossless: {@code $integer}, {@code $float}, {@code $bytes}. Alias {@code convex_json}. */
    CONVEX_ENCODED_JSON("convex_encoded_json"),
    /**
     * Clean, lossy JSON: Int64 as a decimal string, Bytes as a base64 string, NaN and infinities as
     * the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; other floats as JS number
     * text ({@code 1}, where the Rust backend writes the equivalent {@code 1.0}), {@code -0} as the
     * number {@code -0} (the backend writes {@code -0.0}; both parse to {@code -0}). Alias {@code
     * convex_clean_json}.
     */
    JSON("json"),
    /**
     * Export JSON: Int64 as a bare integer, finite floats always with a dot or exponent (Rust form,
     * {@code 1.0}, {@code -0.0}, {@code 1e21}) so they read back as floats; non-finite floats and
     * Bytes in {@code $}-form.
     */
    EXPORT_JSON("export_json");

    private final String wireName;

    ValueFormat(String wireName) {
        this.wireName = wireName;
    }

    /** The canonical wire string, e.g. {@code convex_encoded_json}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire string, accepting the legacy aliases {@code convex_json} and {@code
     * convex_clean_json}. Matching is exact (case-sensitive), as in the Convex backend.
     *
     * @throws SlipwayException with code {@code BadFormat} for any other string
     */
    public static ValueFormat parse(String wire) {
        return switch (wire) {
            case "convex_encoded_json", "convex_json" -> CONVEX_ENCODED_JSON;
            case "json", "convex_clean_json" -> JSON;
            case "export_json" -> EXPORT_JSON;
            default ->
                throw new SlipwayException(
                        "BadFormat",
                        String.format(
                                Locale.ROOT,
                                "Unknown value format \"%s\": the format param must be one of"
                                        + " convex_encoded_json (alias convex_json), json (alias"
                                        + " convex_clean_json) or export_json",
                                wire));
        };
    }

    /** The JSON text of {@code value} in this format. */
    public String encode(Value value) {
        StringBuilder out = new StringBuilder();
        ValueJsonWriter.write(out, value, this);
        return out.toString();
    }
}
