package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The version id a bundle will get on the server, computed before the push. The server's own
 * algorithm is checked against it on a real push in {@link DeployPinnedUrlTest}.
 */
class AppBundlerTest {
    private static final Map<String, String> MODULES = Map.of(
            "messages.js", "export const send = 1;\n",
            "lib/text.js", "// é ü 𝄞\n",
            "_deps/x.js", "");

    private static AppBundler.Bundle bundle(Map<String, String> modules) {
        return new AppBundler.Bundle(new TreeMap<>(modules), List.of());
    }

    /** SHA-256 over path, 0, source, 0 of each module in path order, written out step by step. */
    private static String expected(List<String> pathsInOrder, Map<String, String> modules) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String path : pathsInOrder) {
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update(new byte[] {0});
            sha.update(java.util.Objects.requireNonNull(modules.get(path), path).getBytes(StandardCharsets.UTF_8));
            sha.update(new byte[] {0});
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    @Test
    void versionId_knownModules_isTheFirst12HexDigitsOfTheirSha256() throws Exception {
        String id = bundle(MODULES).versionId();

        assertThat(id)
                .isEqualTo(expected(List.of("_deps/x.js", "lib/text.js", "messages.js"), MODULES))
                .isEqualTo("e5fd00d3df90") // computed independently (Python hashlib)
                .matches("[0-9a-f]{12}");
    }

    @Test
    void versionId_usesNaturalPathOrderWhateverTheMapsOrder_andEveryByte() {
        SortedMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(MODULES);
        String id = bundle(MODULES).versionId();

        assertThat(new AppBundler.Bundle(reversed, List.of()).versionId()).isEqualTo(id);
        Map<String, String> changed = new HashMap<>(MODULES);
        changed.put("messages.js", "export const send = 2;\n");
        assertThat(bundle(changed).versionId()).isNotEqualTo(id);
        // the separators count: moving a byte from a path into its source changes the id
        assertThat(bundle(Map.of("ab", "c")).versionId())
                .isNotEqualTo(bundle(Map.of("a", "bc")).versionId());
        // warnings are not pushed and do not count
        assertThat(new AppBundler.Bundle(new TreeMap<>(MODULES), List.of("a warning")).versionId())
                .isEqualTo(id);
    }
}
