package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionPathTest {
    @ParameterizedTest
    @CsvSource({
        "messages:list, messages.js, list, messages:list",
        "messages.js:list, messages.js, list, messages:list",
        "admin/stats:daily, admin/stats.js, daily, admin/stats:daily",
        "messages, messages.js, default, messages",
        "dir/file.js, dir/file.js, default, dir/file",
    })
    void parse_clientForms_giveModuleExportAndCanonicalName(
            String path, String module, String export, String canonical) {
        FunctionPath parsed = FunctionPath.parse(path);
        assertThat(parsed.module()).isEqualTo(module);
        assertThat(parsed.export()).isEqualTo(export);
        assertThat(parsed).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":list", "../secret:x", "/abs:x", "a//b:x", "messages:not-an-identifier", "a b:x"})
    void parse_badPaths_failNamingThePath(String path) {
        assertThatThrownBy(() -> FunctionPath.parse(path))
                .isInstanceOf(ApplicationException.class)
                .hasFieldOrPropertyWithValue("code", ApplicationException.INVALID_FUNCTION_PATH)
                .hasMessageContaining("Invalid function path");
    }
}
