package dev.slipway.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables bundled code reads, found statically: {@code process.env.NAME}, {@code
 * process.env["NAME"]} and {@code process.env['NAME']} (esbuild keeps them as written). A name the code
 * computes at run time, or a destructuring of {@code process.env}, is not found; the report says so.
 */
final class EnvReferences {
    private static final Pattern REFERENCE =
            Pattern.compile("process\\.env(?:\\.([A-Za-z_$][A-Za-z0-9_$]*)|\\[\\s*[\"']([^\"'\\\\]+)[\"']\\s*\\])");

    private EnvReferences() {}

    /** The names read by {@code modules} (module path to source), sorted. */
    static SortedSet<String> in(Map<String, String> modules) {
        SortedSet<String> names = new TreeSet<>();
        for (String source : modules.values()) {
            Matcher m = REFERENCE.matcher(source);
            while (m.find()) {
                names.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return names;
    }

    /** The check of a push of {@code pushed} over {@code current}, on a deployment with {@code set}. */
    static PushReport.EnvCheck check(Map<String, String> pushed, Map<String, String> current, Set<String> set) {
        SortedSet<String> referenced = in(pushed);
        SortedSet<String> before = in(current);
        return new PushReport.EnvCheck(
                List.copyOf(referenced),
                without(referenced, set),
                without(referenced, before),
                without(before, referenced));
    }

    private static List<String> without(SortedSet<String> names, Set<String> others) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (!others.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
