package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks {@link ConvexJson} and {@link ValueOrder} against the real {@code convex} npm package
 * (pinned in {@code src/test/js/package.json}) by running {@code src/test/js/crosscheck.mjs} under
 * Node. Runs {@code npm ci} there first when {@code node_modules} is missing or stale. Fails, never
 * skips, when {@code node} or {@code npm} is missing.
 *
 * <p>Checked: for random values {@code v}, {@code JSON.stringify(convexToJson(jsonToConvex(x)))} of
 * our encoding {@code x} equals {@code x} byte for byte and {@code getConvexSize} equals {@link
 * ValueSize#of}; for random pairs, {@code compareValues} has the sign of {@link ValueOrder}. Two allowances, kept minimal, both about NaN bit patterns:
 *
 * <ul>
 *   <li>Signalling NaNs: V8 may quiet a signalling NaN (exponent all ones, quiet bit 51 clear,
 *       payload non-zero) when it stores it, e.g. in an array, so JS cannot carry one through. For
 *       values containing one, JS's round-trip output may instead equal our encoding of the value
 *       with every signalling NaN quieted (bit 51 set), and its comparison may instead have the sign
 *       of {@link ValueOrder} on the quieted values; everything else must still match exactly.
 *   <li>Order: pairs whose first difference is between two different NaNs that both have the sign
 *       bit set are not compared. JS compares their raw bits as a signed integer, while {@link
 *       ValueOrder} (like the Rust backend's index keys) follows IEEE 754 totalOrder, which puts the
 *       negative NaN with the larger payload first.
 * </ul>
 */
@Tag("node")
class ConvexJsCrossCheckTest {
    private static final Path JS_DIR = Path.of("src/test/js");
    private static final String CONVEX_VERSION = "1.48.0";
    private static final int VALUES = 3000;
    private static final int PAIRS = 3000;

    @TempDir
    Path temp;

    @BeforeAll
    static void installConvexPackage() throws IOException, InterruptedException {
        requireTool("node");
        requireTool("npm");
        Path marker = JS_DIR.resolve("node_modules/.package-lock.json");
        Path installed = JS_DIR.resolve("node_modules/convex/package.json");
        Path lock = JS_DIR.resolve("package-lock.json");
        boolean fresh = Files.exists(marker)
                && Files.exists(installed)
                && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0
                && Files.readString(installed).contains("\"version\": \"" + CONVEX_VERSION + "\"");
        if (!fresh) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
    }

    @Test
    void jsRoundTrip_randomValues_reproducesOurEncodingAndSize() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            List<String> encodings = new ArrayList<>();
            List<String> quietedEncodings = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            StringBuilder cases = new StringBuilder();
            for (int i = 0; i < VALUES; i++) {
                Value value = random.value(3);
                String encoded = ConvexJson.encode(value);
                encodings.add(encoded);
                sizes.add(value.size());
                quietedEncodings.add(ConvexJson.encode(quietSignallingNaNs(value)));
                cases.append("{\"id\":")
                        .append(i)
                        .append(",\"op\":\"rt\",\"v\":")
                        .append(encoded)
                        .append("}\n");
            }
            List<Value.Obj> results = runCrossCheck(cases.toString());
            for (int i = 0; i < VALUES; i++) {
                Value.Obj result = results.get(i);
                assertThat(field(result, "error"))
                        .as("JS error for %s", encodings.get(i))
                        .isEmpty();
                String out =
                        field(result, "out").map(v -> ((Value.Str) v).value()).orElse("<none>");
                assertThat(out).as("JS round trip of case %d", i).isIn(encodings.get(i), quietedEncodings.get(i));
            }
        });
    }

    @Test
    void jsCompareValues_randomPairs_agreesInSignWithValueOrder() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            List<Optional<Value>[]> pairs = new ArrayList<>();
            StringBuilder cases = new StringBuilder();
            for (int i = 0; i < PAIRS; i++) {
                Optional<Value> a = random.optionalValue(3);
                Optional<Value> b =
                        i % 2 == 0 || a.isEmpty() ? random.optionalValue(3) : Optional.of(random.near(a.get(), 2));
                @SuppressWarnings("unchecked")
                Optional<Value>[] pair = new Optional[] {a, b};
                pairs.add(pair);
                cases.append("{\"id\":").append(i).append(",\"op\":\"cmp\"");
                a.ifPresent(v -> cases.append(",\"a\":").append(ConvexJson.encode(v)));
                b.ifPresent(v -> cases.append(",\"b\":").append(ConvexJson.encode(v)));
                cases.append("}\n");
            }
            List<Value.Obj> results = runCrossCheck(cases.toString());
            int compared = 0;
            for (int i = 0; i < PAIRS; i++) {
                Optional<Value> a = pairs.get(i)[0];
                Optional<Value> b = pairs.get(i)[1];
                if (a.isPresent() && b.isPresent() && divergesOnNegativeNaNs(a.get(), b.get())) {
                    continue;
                }
                int expected = Integer.signum(ValueOrder.WITH_MISSING.compare(a, b));
                // V8 may have quieted a signalling NaN on the way in (the first allowance), so the
                // order of the quieted values is the only other answer accepted
                int quieted = Integer.signum(ValueOrder.WITH_MISSING.compare(
                        a.map(ConvexJsCrossCheckTest::quietSignallingNaNs),
                        b.map(ConvexJsCrossCheckTest::quietSignallingNaNs)));
                assertThat(field(results.get(i), "cmp").orElse(null))
                        .as("compareValues(%s, %s)", describe(a), describe(b))
                        .isIn(new Value.Float64(expected), new Value.Float64(quieted));
                compared++;
            }
            assertThat(compared).isGreaterThan(PAIRS * 9 / 10);
        });
    }

    /** {@code value} with the quiet bit set in every signalling NaN, as V8 may store it. */
    static Value quietSignallingNaNs(Value value) {
        return switch (value) {
            case Value.Float64(double d)
            when Double.isNaN(d) ->
                new Value.Float64(Double.longBitsToDouble(Double.doubleToRawLongBits(d) | (1L << 51)));
            case Value.Array(List<Value> elements) ->
                new Value.Array(elements.stream()
                        .map(ConvexJsCrossCheckTest::quietSignallingNaNs)
                        .toList());
            case Value.Obj(SortedMap<String, Value> fields) -> {
                TreeMap<String, Value> out = new TreeMap<>();
                fields.forEach((k, v) -> out.put(k, quietSignallingNaNs(v)));
                yield new Value.Obj(out);
            }
            default -> value;
        };
    }

    private static boolean negativeNaN(long bits) {
        return bits < 0 && Double.isNaN(Double.longBitsToDouble(bits));
    }

    /**
     * Whether the first difference of {@code a} and {@code b} in {@link ValueOrder} is a negative NaN
     * against any other number, an order V8 cannot express (the second documented exclusion).
     */
    static boolean divergesOnNegativeNaNs(Value a, Value b) {
        if (ValueOrder.rank(a) != ValueOrder.rank(b)) {
            return false;
        }
        return switch (a) {
            case Value.Float64(double x) -> {
                long xb = Double.doubleToRawLongBits(x);
                long yb = Double.doubleToRawLongBits(((Value.Float64) b).value());
                // Convex's order puts a negative NaN before every other number (Rust's total order); JS
                // compareValues cannot see a NaN's sign and sorts every NaN after the numbers
                yield xb != yb && (negativeNaN(xb) || negativeNaN(yb));
            }
            case Value.Array(List<Value> xs) -> firstDifferenceDiverges(xs, ((Value.Array) b).elements());
            case Value.Obj(SortedMap<String, Value> xs) -> {
                List<Value> left = new ArrayList<>();
                xs.forEach((k, v) -> left.add(Value.Array.of(new Value.Str(k), v)));
                List<Value> right = new ArrayList<>();
                ((Value.Obj) b).fields().forEach((k, v) -> right.add(Value.Array.of(new Value.Str(k), v)));
                yield firstDifferenceDiverges(left, right);
            }
            default -> false;
        };
    }

    private static boolean firstDifferenceDiverges(List<Value> xs, List<Value> ys) {
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            if (ValueOrder.INSTANCE.compare(xs.get(i), ys.get(i)) != 0) {
                return divergesOnNegativeNaNs(xs.get(i), ys.get(i));
            }
        }
        return false;
    }

    private List<Value.Obj> runCrossCheck(String cases) {
        try {
            Path input = temp.resolve("cases-" + System.nanoTime() + ".jsonl");
            Path output = temp.resolve("results-" + System.nanoTime() + ".jsonl");
            Files.writeString(input, cases, StandardCharsets.UTF_8);
            run(
                    List.of(
                            "node",
                            "crosscheck.mjs",
                            input.toAbsolutePath().toString(),
                            output.toAbsolutePath().toString()),
                    60);
            List<Value.Obj> results = new ArrayList<>();
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    results.add((Value.Obj) ConvexJson.decode(line));
                }
            }
            assertThat(results).as("one result per case").hasSize((int)
                    cases.lines().count());
            for (int i = 0; i < results.size(); i++) {
                assertThat(field(results.get(i), "id")).contains(new Value.Float64(i));
            }
            return results;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("running crosscheck.mjs failed", e);
        }
    }

    private static Optional<Value> field(Value.Obj obj, String name) {
        return Optional.ofNullable(obj.fields().get(name));
    }

    private static String describe(Optional<Value> value) {
        return value.map(ConvexJson::encode).orElse("undefined");
    }

    private static void requireTool(String tool) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(tool, "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail("'" + tool + " --version' failed; the node-tagged cross-check needs Node.js and npm on the PATH");
            }
        } catch (IOException e) {
            fail("'" + tool + "' was not found on the PATH; the node-tagged cross-check ("
                    + ConvexJsCrossCheckTest.class.getSimpleName() + ") needs Node.js and npm installed: "
                    + e.getMessage());
        }
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(JS_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " in " + JS_DIR.toAbsolutePath() + " exited with " + process.exitValue()
                    + ":\n" + new String(output, StandardCharsets.UTF_8));
        }
    }
}
