package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvReferencesTest {
    @Test
    void in_findsDotAndBracketReferences_inEveryModule() {
        Map<String, String> modules = Map.of(
                "a.js", "const k = process.env.API_KEY; const u = process.env[\"BASE_URL\"] ?? 'x';",
                "b.js", "f(process.env['TOKEN_2'], process.env.API_KEY, process.env [x], processXenv.NOPE)");

        assertThat(EnvReferences.in(modules)).containsExactly("API_KEY", "BASE_URL", "TOKEN_2");
    }

    @Test
    void check_namesMissingAddedAndRemovedReferences() {
        PushReport.EnvCheck check = EnvReferences.check(
                Map.of("m.js", "process.env.A + process.env.B + process.env.C"),
                Map.of("m.js", "process.env.A + process.env.OLD"),
                Set.of("A", "C", "UNUSED"));

        assertThat(check)
                .isEqualTo(new PushReport.EnvCheck(
                        List.of("A", "B", "C"), List.of("B"), List.of("B", "C"), List.of("OLD")));
    }
}
