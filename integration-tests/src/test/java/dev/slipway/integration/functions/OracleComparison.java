package dev.slipway.integration.functions;

import dev.slipway.value.DocumentId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compares Slipway's results for a scenario with {@code convex-test}'s, call by call, modulo what
 * legitimately differs (see the fixture app's README, "Comparing with Slipway"):
 *
 * <ul>
 *   <li>document ids are replaced, on each side, by {@code #id1}, {@code #id2}, ... in order of first
 *       appearance, so the same document must appear in the same places;
 *   <li>{@code _creationTime} values and pagination cursors are not compared;
 *   <li>error messages are compared only where both sides produce them from the same code (the
 *       app's own errors and {@code convex/server}'s); validation and "nonexistent document" texts are
 *       convex-test's own wording; ConvexError data is always compared;
 *   <li>a page that fills up exactly at the end of its range is done for convex-test and not yet
 *       for Slipway (its next page is empty and done);
 *   <li>convex-test adds the log lines of an action's {@code ctx.runQuery/runMutation/runAction} to the
 *       action's own; Convex (and Slipway) log those calls as executions of their own and return
 *       only the action's lines, so an action's lines must be the oracle's minus nested ones, in
 *       order. Queries and mutations include their nested calls' lines on both sides.
 * </ul>
 */
final class OracleComparison {
    /** convex-test ids: a zero-padded counter followed by the table name. */
    private static final Pattern ORACLE_ID = Pattern.compile("\\d{10,}[A-Za-z_][A-Za-z0-9_]*");

    /** Messages that are convex-test's own wording, which Slipway words as Convex does. */
    private static final List<Pattern> ORACLE_WORDING = List.of(
            Pattern.compile("^Validator error.*", Pattern.DOTALL),
            Pattern.compile(".*non-existent.*", Pattern.DOTALL),
            Pattern.compile("^Expected a .*", Pattern.DOTALL),
            Pattern.compile("^Could not find .*", Pattern.DOTALL),
            Pattern.compile("^Return value validation failed.*", Pattern.DOTALL),
            Pattern.compile("^Invalid argument `id`.*", Pattern.DOTALL));

    private final Map<String, String> slipwayIds = new HashMap<>();
    private final Map<String, String> oracleIds = new HashMap<>();
    private final List<String> differences = new ArrayList<>();

    /** Every difference, one line each, naming the call; empty when the results agree. */
    static List<String> differences(
            List<Map<String, Object>> calls, List<Map<String, Object>> slipway, List<Object> oracle) {
        OracleComparison comparison = new OracleComparison();
        if (slipway.size() != oracle.size()) {
            comparison.differences.add("Slipway gave " + slipway.size() + " results, the oracle " + oracle.size());
        }
        for (int i = 0; i < Math.min(slipway.size(), oracle.size()); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> expected = (Map<String, Object>) oracle.get(i);
            comparison.compare(i, calls.get(i), slipway.get(i), expected);
        }
        return comparison.differences;
    }

    private void compare(int i, Map<String, Object> call, Map<String, Object> ours, Map<String, Object> theirs) {
        Object mine = normalize(ours, slipwayIds, true);
        Object expected = normalize(theirs, oracleIds, false);
        String where = "call " + i + " " + JsonTree.write(call) + "\n  slipway: " + JsonTree.write(ours)
                + "\n  oracle:  " + JsonTree.write(theirs);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) mine;
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) expected;
        if (!m.getOrDefault("ok", false).equals(e.getOrDefault("ok", false))
                || m.containsKey("skipped") != e.containsKey("skipped")) {
            differences.add("outcome differs at " + where);
            return;
        }
        List<?> myLogs = (List<?>) m.getOrDefault("logs", List.of());
        List<?> theirLogs = (List<?>) e.getOrDefault("logs", List.of());
        boolean action = call.get("kind") instanceof String kind && (kind.equals("action") || kind.equals("http"));
        if (action ? !isSubsequence(myLogs, theirLogs) : !equal(myLogs, theirLogs)) {
            differences.add("logs differ at " + where);
        }
        if (Boolean.TRUE.equals(m.get("ok"))) {
            Object theirValue = e.getOrDefault("value", JsonTree.NULL);
            Object value = acceptExactlyFullLastPage(call, m.getOrDefault("value", JsonTree.NULL), theirValue);
            if (!equal(value, theirValue)) {
                differences.add("value differs at " + where);
            }
            return;
        }
        if (m.containsKey("skipped")) {
            return;
        }
        if (m.containsKey("data") != e.containsKey("data")
                || (m.containsKey("data")
                        && !equal(m.getOrDefault("data", JsonTree.NULL), e.getOrDefault("data", JsonTree.NULL)))) {
            differences.add("ConvexError data differs at " + where);
        }
        String theirMessage = String.valueOf(e.get("message"));
        boolean sameSource =
                ORACLE_WORDING.stream().noneMatch(p -> p.matcher(theirMessage).matches());
        if (sameSource
                && !e.containsKey("data")
                && !String.valueOf(m.get("message")).contains(theirMessage)) {
            differences.add("message differs at " + where);
        }
    }

    /** Slipway's page value with {@code isDone} as convex-test reports it, when only that legitimately differs. */
    private static Object acceptExactlyFullLastPage(Map<String, Object> call, Object mine, Object theirs) {
        if (mine instanceof Map<?, ?> m
                && theirs instanceof Map<?, ?> t
                && m.get("page") instanceof List<?> page
                && Boolean.FALSE.equals(m.get("isDone"))
                && Boolean.TRUE.equals(t.get("isDone"))
                && numItems(call).filter(n -> n == page.size()).isPresent()) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, v));
            copy.put("isDone", true);
            return copy;
        }
        return mine;
    }

    private static Optional<Integer> numItems(Map<String, Object> call) {
        if (call.get("args") instanceof Map<?, ?> args
                && args.get("paginationOpts") instanceof Map<?, ?> opts
                && opts.get("numItems") instanceof BigDecimal n) {
            return Optional.of(n.intValue());
        }
        return Optional.empty();
    }

    private Object normalize(Object value, Map<String, String> ids, boolean slipway) {
        return switch (value) {
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(
                        (String) k,
                        k.equals("_creationTime")
                                ? "#time"
                                : k.equals("continueCursor") ? "#cursor" : normalize(v, ids, slipway)));
                yield copy;
            }
            case List<?> list ->
                list.stream().map(v -> normalize(v, ids, slipway)).toList();
            case String s when isId(s, slipway) -> ids.computeIfAbsent(s, x -> "#id" + (ids.size() + 1));
            default -> value;
        };
    }

    private static boolean isId(String s, boolean slipway) {
        return slipway
                ? s.length() >= 31 && DocumentId.decode(s).isPresent()
                : ORACLE_ID.matcher(s).matches();
    }

    private static boolean isSubsequence(List<?> part, List<?> whole) {
        int j = 0;
        for (Object line : whole) {
            if (j < part.size() && equal(part.get(j), line)) {
                j++;
            }
        }
        return j == part.size();
    }

    private static Object value(Map<?, ?> map, Object key) {
        Object value = map.get(key);
        return value == null ? JsonTree.NULL : value;
    }

    private static boolean equal(Object a, Object b) {
        return switch (a) {
            case BigDecimal x when b instanceof BigDecimal y -> x.compareTo(y) == 0;
            case Map<?, ?> x
            when b instanceof Map<?, ?> y ->
                x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> equal(value(x, k), value(y, k)));
            case List<?> x
            when b instanceof List<?> y -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!equal(x.get(i), y.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> a.equals(b);
        };
    }
}
