package dev.slipway.server;

import dev.slipway.value.ValueFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client named by the {@code Convex-Client} header ({@code npm-1.48.0}, {@code npm-cli-1.48.0},
 * {@code python-0.6.0}), which decides the default value format of a response: Convex-JSON for npm
 * clients up to 1.4.1 and Python clients up to 0.5.0, which expected it implicitly, and clean JSON
 * ({@code json}) for everyone else, as the Convex backend does.
 */
final class ClientVersion {
    private static final Pattern HEADER = Pattern.compile("(npm-cli|npm|actions|python)-(\\d+)\\.(\\d+)\\.(\\d+).*");

    private ClientVersion() {}

    static ValueFormat defaultFormat(Optional<String> header) {
        if (header.isEmpty()) {
            return ValueFormat.JSON;
        }
        Matcher m = HEADER.matcher(header.get().strip());
        if (!m.matches()) {
            return ValueFormat.JSON;
        }
        int[] version = {parse(m.group(2)), parse(m.group(3)), parse(m.group(4))};
        int[] threshold = m.group(1).equals("python") ? new int[] {0, 5, 0} : new int[] {1, 4, 1};
        return compare(version, threshold) > 0 ? ValueFormat.JSON : ValueFormat.CONVEX_ENCODED_JSON;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
