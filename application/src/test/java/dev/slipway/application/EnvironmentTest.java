package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.value.ConvexJson;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Environment variables: stored in the deployment's database, checked as Convex checks them, seen by {@code process.env}. */
@Tag("node")
class EnvironmentTest {
    @TempDir
    Path dir;

    private static String read(TestDeployment d) {
        return ConvexJson.encode(d.query("env:read", "{}"));
    }

    private static Map<String, Optional<String>> set(String name, String value) {
        return Map.of(name, Optional.of(value));
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void setThenRemove_reachProcessEnvAtModuleLoadAndInCalls_andSurviveARestart(TestDeployment.Store store) {
        TestDeployment d = TestDeployment.open(store, dir);
        try {
            d.app().setEnvironment(set("GREETING", "before push"));
            PushReport pushed = d.push("env");
            assertThat(pushed.envCheck())
                    .as("the report names what the code reads and what the deployment lacks")
                    .isEqualTo(new PushReport.EnvCheck(
                            java.util.List.of("GREETING", "OTHER"),
                            java.util.List.of("OTHER"),
                            java.util.List.of("GREETING", "OTHER"),
                            java.util.List.of()));
            assertThat(read(d)).isEqualTo("{\"atLoad\":\"before push\",\"inCall\":\"before push\",\"other\":null}");

            Map<String, Optional<String>> both = new LinkedHashMap<>();
            both.put("GREETING", Optional.of("hello"));
            both.put("OTHER", Optional.of("x=1"));
            assertThat(d.app().setEnvironment(both))
                    .containsExactly(Map.entry("GREETING", "hello"), Map.entry("OTHER", "x=1"));
            assertThat(read(d)).isEqualTo("{\"atLoad\":\"hello\",\"inCall\":\"hello\",\"other\":\"x=1\"}");

            Map<String, Optional<String>> remove = new HashMap<>();
            remove.put("GREETING", Optional.empty());
            assertThat(d.app().setEnvironment(remove)).containsExactly(Map.entry("OTHER", "x=1"));
            assertThat(read(d)).isEqualTo("{\"atLoad\":null,\"inCall\":null,\"other\":\"x=1\"}");
            assertThat(d.app().environment()).containsExactly(Map.entry("OTHER", "x=1"));

            d = d.reopen();

            assertThat(d.app().environment()).containsExactly(Map.entry("OTHER", "x=1"));
            assertThat(read(d)).isEqualTo("{\"atLoad\":null,\"inCall\":null,\"other\":\"x=1\"}");
        } finally {
            d.close();
        }
    }

    @Test
    void invalidNamesAndValues_areRefusedNamingTheRule_andChangeNothing() {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.MEMORY, dir)) {
            d.app().setEnvironment(set("KEEP", "1"));
            refused(d, set("1ABC", "x"), "EnvironmentVariableNameInvalid", "\"1ABC\" is invalid");
            refused(d, set("MY-VAR", "x"), "EnvironmentVariableNameInvalid", "MY-VAR");
            refused(d, set("", "x"), "EnvironmentVariableNameInvalid", "\"\"");
            refused(d, set("A".repeat(257), "x"), "EnvironmentVariableNameTooLong", "257 characters");
            refused(d, set("CONVEX_SITE_URL", "x"), "EnvVarNameForbidden", "CONVEX_SITE_URL");
            refused(d, set("BIG", "é".repeat(4097)), "EnvironmentVariableValueTooLarge", "8194 bytes");
            Map<String, Optional<String>> mixed = new LinkedHashMap<>();
            mixed.put("GOOD", Optional.of("fine"));
            mixed.put("bad name", Optional.of("x"));
            refused(d, mixed, "EnvironmentVariableNameInvalid", "bad name");

            d.app().setEnvironment(set("_UNDERSCORE_1", "ok"));
            d.app().setEnvironment(set("A".repeat(256), "x".repeat(8 * 1024)));
            assertThat(d.app().environment())
                    .containsKeys("KEEP", "_UNDERSCORE_1")
                    .doesNotContainKey("GOOD");
        }
    }

    @Test
    void limits_countAndTotalSize_areRefusedAndChangeNothing() {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.MEMORY, dir)) {
            Map<String, Optional<String>> many = new LinkedHashMap<>();
            for (int i = 0; i < 512; i++) {
                many.put("VAR_" + i, Optional.of("v"));
            }
            assertThat(d.app().setEnvironment(many)).hasSize(512);
            refused(d, set("ONE_MORE", "v"), "EnvVarLimitMet", "(512)");

            Map<String, Optional<String>> clear = new HashMap<>();
            many.keySet().forEach(name -> clear.put(name, Optional.empty()));
            assertThat(d.app().setEnvironment(clear)).isEmpty();

            Map<String, Optional<String>> large = new LinkedHashMap<>();
            for (int i = 0; i < 64; i++) {
                large.put("LARGE_" + i, Optional.of("x".repeat(8 * 1024)));
            }
            refused(d, large, "EnvVarTotalSizeLimitMet", "exceeds the limit (524288 bytes)");
            assertThat(d.app().environment()).isEmpty();
        }
    }

    private static void refused(TestDeployment d, Map<String, Optional<String>> changes, String code, String detail) {
        Map<String, String> before = d.app().environment();
        assertThatThrownBy(() -> d.app().setEnvironment(changes))
                .isInstanceOfSatisfying(ApplicationException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(detail);
                });
        assertThat(d.app().environment()).isEqualTo(before);
    }
}
